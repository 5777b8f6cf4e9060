"""The published CSV: RFC 4180, spreadsheet-safe, and read back by the gate without crashing."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import gate_check, marker_findings, mkdocs_build

from generator.render.downloads import (
    csv_bytes,
    is_formula_like,
    neutralise,
    published_csv,
    published_rows,
    restore,
)
from generator.tables import Table

CSV = "releases/test-release/people.csv"
HEADER = "person_id,full_name,outcome\n"

# Written out here, not taken from FORMULA_STARTS, so dropping any of them fails a test.
FORMULA_PREFIXES = ["=", "+", "-", "@", "\t", "\r", "\n"]


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
@pytest.mark.parametrize("lead", ["", " ", "   "])
def test_every_formula_prefix_is_neutralised(prefix, lead):
    cell = f"{lead}{prefix}SUM(A1:A9)"
    assert is_formula_like(cell)
    assert neutralise(cell) == "'" + cell
    assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["-5", "+3.5", " -1e3 ", "plain text", "a=b", ""])
def test_numbers_and_plain_text_are_left_alone(cell):
    assert not is_formula_like(cell)
    assert neutralise(cell) == cell


def test_formula_prefixes_cover_exactly_these():
    from generator.render.downloads import FORMULA_STARTS

    assert sorted(FORMULA_STARTS) == sorted(FORMULA_PREFIXES)


@pytest.mark.parametrize("cell", ["a\rb", "a\nb", "a\r\nb", "\r", "ends\r", 'quote " and , comma'])
def test_cells_with_line_breaks_are_quoted_and_round_trip(cell):
    data = csv_bytes([["h1", "h2"], [cell, "x"], ["y", "z"]])
    assert data.endswith(b"y,z\r\n")
    assert list(csv.reader(io.StringIO(data.decode(), newline=""))) == [["h1", "h2"], [cell, "x"], ["y", "z"]]
    if "\r" in cell or "\n" in cell:
        assert f'"{cell}"'.encode() in data


def build(room, tmp_path):
    site = tmp_path / "site"
    return site, mkdocs_build(room.root, site)


def test_cell_with_a_bare_carriage_return_is_published_intact(site_room, tmp_path):
    site_room.write(
        CSV,
        (HEADER + '1,"Alpha\rPerson",convicted\n2,[REDACTED (b)(6)],acquitted\n3,"\rLeading CR",convicted\n').encode(),
    )
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert ", 0 findings." in result.stderr
    data = (site / CSV).read_bytes()
    assert b'"Alpha\rPerson"' in data and b'"\'\rLeading CR"' in data
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert [len(row) for row in rows] == [3, 3, 3, 3]
    assert rows[1][1] == "Alpha\rPerson"


def test_tampered_download_missing_a_released_row_fails(site_room, tmp_path):
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    download = site / CSV
    lines = download.read_bytes().split(b"\r\n")
    assert lines[3].startswith(b"3,")
    download.write_bytes(b"\r\n".join(lines[:3] + lines[4:]))
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert f"{CSV}: file: [withheld-marker] has 2 rows, the dataset 3" in outcome.stderr
    assert not site.exists()


@pytest.mark.parametrize(
    ("tamper", "finding"),
    [
        (lambda data: data.replace(b"Alpha Person", b"Alpha\rPerson"), "row 1: [withheld-marker] has 2 cells"),
        (lambda data: data.replace(b"Alpha Person,", b"Alpha,Person,"), "row 1: [withheld-marker] has 4 cells"),
        (lambda data: data.replace(b",acquitted", b""), "row 2: [withheld-marker] has 2 cells"),
    ],
)
def test_ragged_download_is_a_finding_not_a_crash(site_room, tmp_path, tamper, finding):
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    download = site / CSV
    download.write_bytes(tamper(download.read_bytes()))
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert "Traceback" not in outcome.stderr
    assert f"{CSV}: {finding} but the header has 3 columns" in outcome.stderr
    assert "Alpha" not in outcome.stderr


def test_download_that_is_not_utf8_is_a_marker_finding(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    (site / CSV).write_bytes(b"person_id,full_name,outcome\r\n1,\xff\xfe,convicted\r\n")
    findings = marker_findings(site_room.load(), site)
    # Undecodable bytes are read as U+FFFD, never a crash: the rows then differ from the dataset's.
    assert f"{CSV}: file: [withheld-marker] has 1 rows, the dataset 3" in findings


# Property: neutralising a column at a time gives the same bytes and count as doing it cell by cell.

CELL = st.one_of(
    st.text(alphabet=" =+-@\t\r\n0123456789.eE,\"'ab", max_size=8),
    st.text(max_size=6),
)


@given(st.lists(st.tuples(CELL, CELL), max_size=10))
def test_the_column_neutraliser_agrees_with_the_cell_one(rows):
    table = Table(("a", "b"), tuple(rows))
    assert published_csv(table) == csv_bytes([table.header, *([neutralise(c) for c in row] for row in rows)])
    assert published_rows(table)[1] == sum(neutralise(c) != c for row in rows for c in row)
    assert all(restore(neutralise(c)) == c for row in rows for c in row)


@pytest.mark.parametrize("cell", ["'=1+1", "''=1", "' @x", "'-a"])
def test_a_cell_that_already_starts_with_an_apostrophe_reads_back_as_itself(cell):
    # Without its own prefix, restore would take the cell's apostrophe for ours and read back "=1+1".
    assert neutralise(cell) == "'" + cell and restore(neutralise(cell)) == cell
    assert restore(cell) == cell[1:] and neutralise("'a") == "'a" == restore("'a")


@pytest.mark.parametrize("cell", ["-\uff15", "+\u0665", "-5\n", "- 5"])
def test_only_a_plain_ascii_number_escapes_neutralising(cell):
    # A spreadsheet reads none of these as a number: each keeps its leading character as a formula start.
    assert neutralise(cell) == "'" + cell and restore(neutralise(cell)) == cell


def test_a_released_cell_starting_with_an_apostrophe_and_a_formula_passes_the_gate_as_itself(site_room, tmp_path):
    site_room.write(CSV, HEADER + "1,'=1+1,convicted\n2,[REDACTED (b)(6)],acquitted\n3,''@x,convicted\n")
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]  # CSV, Parquet, preview and explore parts all agree
    rows = list(csv.reader(io.StringIO((site / CSV).read_text(encoding="utf-8"), newline="")))
    assert (rows[1][1], rows[3][1]) == ("''=1+1", "'" * 3 + "@x")
