"""The spreadsheet copy of each sample dataset: what openpyxl reads of it, and the gate's reading of it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from conftest import REPO
from openpyxl import load_workbook
from sitebuild import gate_check, mkdocs_build

from generator import urls
from generator.config import RoomConfig
from generator.models import FieldType
from generator.render import dataset_files
from generator.render.downloads import restore
from generator.room import load_room


@pytest.fixture(scope="module")
def sample():
    return load_room(RoomConfig.at(REPO))


def test_every_spreadsheet_opens_with_text_as_text_and_dates_as_dates(sample_site, sample):
    checked = 0
    for release in sample.published:
        for dataset in release.datasets:
            workbook = load_workbook(sample_site / urls.spreadsheet(release.id, dataset.spec.name), read_only=True)
            assert workbook.sheetnames == ["Data", "Dictionary"]
            assert workbook.properties.title == dataset.spec.title
            assert workbook.properties.created == dt.datetime.combine(release.spec.release_date, dt.time())
            types = {field.name: field.type for field in dataset.spec.schema_.fields}
            csv_rows = _csv(sample_site / urls.download(release.id, dataset.spec.name))
            rows = list(workbook["Data"].iter_rows())
            assert len(rows) == len(csv_rows)
            for row in rows[1:]:
                for name, cell in zip(dataset.header, row, strict=False):
                    if cell.value is None:
                        continue
                    assert cell.data_type != "f"
                    if types[name] is FieldType.string:
                        assert cell.data_type == "s" and isinstance(cell.value, str)
                    elif types[name] is FieldType.date and cell.data_type == "d":
                        assert isinstance(cell.value, dt.datetime)
                        checked += 1
            workbook.close()
    assert checked > 10  # the sample has dates stored as dates


def _csv(path):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return [[restore(cell) for cell in row] for row in rows]


def test_the_dictionary_sheet_names_each_column_and_its_withholding(sample_site, sample):
    release = next(r for r in sample.published if any(d.rules for d in r.datasets))
    dataset = next(d for d in release.datasets if d.rules)
    workbook = load_workbook(sample_site / urls.spreadsheet(release.id, dataset.spec.name), read_only=True)
    rows = [[cell.value for cell in row] for row in workbook["Dictionary"].iter_rows()]
    workbook.close()
    assert [row[0] for row in rows[1:]] == [field.name for field in dataset.spec.schema_.fields]
    for rule in dataset.rules:
        row = next(row for row in rows if row[0] == rule.rule.column)
        assert rule.basis.marker in row[4]


def test_the_page_lists_the_spreadsheet_and_the_zip_holds_it(sample_site, sample):
    release = next(r for r in sample.published if r.datasets)
    name = release.datasets[0].spec.name
    page = (sample_site / urls.release(release.id) / "index.html").read_text(encoding="utf-8")
    assert f'{name}.xlsx"' in page
    with zipfile.ZipFile(sample_site / urls.bundle(release.id)) as archive:
        assert f"{release.id}/{name}.xlsx" in archive.namelist()


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "finding"),
    [
        ("Data", "B2", "SSN 123-45-6789", "people.xlsx: row 1: [withheld-marker] differs from the same row of the"),
        ("Data", "A2", '=HYPERLINK("https://evil.example/","x")', "people.xlsx: file: [active-content]"),
        ("Dictionary", "D2", "SSN 123-45-6789", "people.xlsx: Dictionary sheet: [withheld-marker] is not the"),
    ],
    ids=["withheld-value", "formula", "dictionary"],
)
def test_the_gate_finds_what_is_planted_in_a_spreadsheet(site_room, tmp_path, sheet, cell, value, finding):
    site = tmp_path / "site"
    assert mkdocs_build(site_room.root, site).returncode == 0
    path = site / urls.spreadsheet("test-release", "people")
    workbook = load_workbook(path)  # saved again by openpyxl: a spreadsheet as another program writes it
    workbook[sheet][cell] = value
    workbook.save(path)
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert finding in outcome.stderr
    assert "123-45-6789" not in outcome.stderr


def test_a_dataset_too_big_for_a_spreadsheet_is_published_without_one(site_room, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset_files, "SPREADSHEET_CELLS", 1)
    site = tmp_path / "site"
    result = mkdocs_build(site_room.root, site)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (site / urls.spreadsheet("test-release", "people")).exists()
    page = (site / urls.release("test-release") / "index.html").read_text(encoding="utf-8")
    assert "too big for a spreadsheet copy" in page
