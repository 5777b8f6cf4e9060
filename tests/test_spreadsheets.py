"""The .xlsx copy of a dataset: every cell read back as the CSV's text, nothing executable, same bytes each
build, and the gate's structural checks finding each kind of hostile workbook."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from specs import dataset_spec

from generator.gate.spreadsheets import (
    ALLOWED_PARTS,
    DATA,
    Spreadsheet,
    UnreadableSpreadsheet,
    unescaped,
)
from generator.models import DatasetSpec
from generator.render.published_files import partial_name
from generator.render.spreadsheets import (
    MAX_CELL_CHARACTERS,
    MAX_ROWS,
    SheetProperties,
    SpreadsheetWriter,
    TooBigForSpreadsheet,
    escaped,
    fits_spreadsheet,
    number_decimals,
)


def spreadsheet_rows(path: Path, sheet: str = DATA) -> list[tuple[str, ...]]:
    """Every row of a sheet as the gate reads it."""
    with Spreadsheet(path) as book:
        return list(book.rows(sheet))


def spreadsheet_problems(path: Path, expected: dict[str, str]) -> list[str]:
    """What the gate finds wrong with a workbook's structure."""
    with Spreadsheet(path) as book:
        return book.problems(expected)


FIELDS = [("s", "string"), ("i", "integer"), ("n", "number"), ("b", "boolean"), ("d", "date"), ("y", "year")]
HEADER = tuple(name for name, _ in FIELDS)
PROPERTIES = SheetProperties(
    title="Use-of-force reports",
    subject="A test release",
    author="Reading room",
    company="Org",
    created=dt.date(2024, 5, 6),
)
DICTIONARY = [
    ("column", "title", "type", "description", "withholding"),
    *[(name, name.upper(), kind, f"The {kind} column.", "") for name, kind in FIELDS],
]
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "'=1",
    "\t=1",
    "\r=1",
    "\r\n",
    "<script>alert(1)</script>",
    "<r><t>injected</t></r>",  # XlsxWriter would write this as raw XML (a rich string)
    "<r></t></is></c><c><f>1+1</f></c><c><is><t></r>",
    "x" * 32_000,
    "héllo wörld ☃ 𝄞 日本語",
    "\x01\x02\x1f\x7f\x85\ufffe\uffff",
    "\x00",
    "_x0041_",
    "_x0041_x0042_",  # overlapping escapes: XlsxWriter's own escaping gets this wrong
    "_x005F_x0041_",
    "_x00411_",
    "\x01x0041_",
    "_x0041\x01",
    " leading and trailing ",
    "\n",
    " ",
    "http://example.com",
    "mailto:a@example.com",
    "TRUE",
    "1e5",
    "2021-02-30",
]
# (column, text): typed cells, each either stored as a number or date or kept as text.
TYPED = [
    ("i", "0"),
    ("i", "-17"),
    ("i", "01"),
    ("i", "+5"),
    ("i", "-0"),
    ("i", "[b6]"),
    ("i", "999999999999999"),  # 15 digits: a number
    ("i", "1000000000000000"),  # 16 digits: shown rounded by a spreadsheet, so text
    ("i", str(2**53)),
    ("i", str(2**53 + 1)),
    ("i", "123456789012345678901234567890"),
    ("n", "1234.50"),
    ("n", "0.1"),
    ("n", "-0.5"),
    ("n", "2"),
    ("n", "2.0"),
    ("n", "1e400"),
    ("n", "1E3"),
    ("n", "-0.0"),
    ("n", ".5"),
    ("n", "5."),
    ("n", "0.000000000000000000001"),
    ("n", "3.14159265358979"),
    ("n", "3.141592653589793"),
    ("n", "[b7c]"),
    ("b", "true"),
    ("b", "0"),
    ("d", "2021-03-04"),
    ("d", "2020-02-29"),
    ("d", "2021-02-30"),
    ("d", "1899-12-31"),
    ("d", "1900-02-28"),
    ("d", "1900-03-01"),
    ("d", "9999-12-31"),
    ("d", "2021-3-4"),
    ("d", "[b6]"),
    ("y", "2021"),
    ("y", "0999"),
    ("y", "[b6]"),
]


def spec(fields: list[tuple[str, str]] = FIELDS) -> DatasetSpec:
    return dataset_spec(fields)


def sample_rows() -> list[tuple[str, ...]]:
    rows = [(text, "", "", "", "", "") for text in HOSTILE]
    for text in HOSTILE:  # hostile text in typed columns too: kept as text there
        rows.append(("", text, text, text, text, text))
    for column, text in TYPED:
        row = [""] * len(HEADER)
        row[HEADER.index(column)] = text
        rows.append(tuple(row))
    rows.append(("",) * len(HEADER))  # a row of blanks, in the middle
    rows.append(("a", "1", "1.5", "false", "2024-01-01", "2024"))
    rows.append(("",) * len(HEADER))  # and at the end
    return rows


def write(path: Path, rows: list[tuple[str, ...]], chunk: int = 7, fields: list[tuple[str, str]] = FIELDS) -> Path:
    header = tuple(name for name, _ in fields)
    writer = SpreadsheetWriter(path, spec(fields), header, DICTIONARY, PROPERTIES)
    for start in range(0, len(rows), chunk):
        writer.write(rows[start : start + chunk])
    written = writer.close()
    assert written.path == path
    assert written.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    return path


@pytest.fixture
def built(tmp_path):
    return write(tmp_path / "t.xlsx", sample_rows())


def data_cells(path: Path):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook["Data"]
        sheet.reset_dimensions()
        return [list(row) for row in sheet.iter_rows()]
    finally:
        workbook.close()


def test_every_row_reads_back_as_the_text_written(built):
    assert list(spreadsheet_rows(built)) == [HEADER, *sample_rows()]


def test_text_cells_are_strings_numbers_are_numbers_and_dates_are_dates(built):
    rows = data_cells(built)
    header, *body = rows
    assert [(c.value, c.data_type) for c in header] == [(name, "s") for name in HEADER]
    kinds: dict[tuple[str, str], tuple[str, object]] = {}
    for row, cells in zip(sample_rows(), body, strict=True):
        for name, text, cell in zip(HEADER, row, cells, strict=False):
            assert cell.data_type != "f"
            if text:
                kinds[name, text] = (cell.data_type, cell.value)
    for text in HOSTILE:
        for name in HEADER:
            assert kinds[name, text][0] == "s", (name, text)
    numbers = {
        ("i", "0"),
        ("i", "-17"),
        ("i", "999999999999999"),
        ("n", "1234.50"),
        ("n", "0.1"),
        ("n", "-0.5"),
        ("n", "2"),
        ("n", "2.0"),
        ("n", "0.000000000000000000001"),
        ("n", "3.14159265358979"),
        ("y", "2021"),
    }
    dates = {("d", "2021-03-04"), ("d", "2020-02-29"), ("d", "1900-03-01"), ("d", "9999-12-31")}
    for key in TYPED:
        kind, value = kinds[key]
        if key in numbers:
            assert kind == "n" and isinstance(value, int | float), key
        elif key in dates:
            assert kind == "d" and isinstance(value, dt.datetime), key
            assert value.date().isoformat() == key[1]
        else:
            assert kind == "s" and value == key[1], key


def test_formula_like_text_is_stored_as_plain_inline_text_in_the_xml(built):
    with zipfile.ZipFile(built) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<r>" not in sheet and "injected" in sheet
    assert "&lt;r&gt;&lt;t&gt;injected" in sheet
    assert '<c r="A2" t="inlineStr"><is><t>=HYPERLINK("http://x","y")</t></is></c>' in sheet


def test_number_rule():
    assert number_decimals("1234.50") == 2
    assert number_decimals("-17") == 0
    assert number_decimals("0.000000000000000000001") == 21
    for text in ("01", "+5", "-0", "-0.0", "1e400", "1E3", ".5", "5.", "1000000000000000", "[b6]", " 1", "1 "):
        assert number_decimals(text) is None, text


def test_escaping_is_exactly_reversed():
    for text in HOSTILE:
        assert unescaped(escaped(text)) == text
    assert escaped("\x01") == "_x0001_"
    assert escaped("_x0041_") == "_x005F_x0041_"
    assert unescaped("_x005F_x0041_x0042_") == "_x0041B"  # why every "_x" and four hex digits is escaped


def test_two_builds_give_identical_bytes_whatever_the_time_zone(tmp_path, monkeypatch):
    first = write(tmp_path / "a" / "t.xlsx", sample_rows()).read_bytes()
    time.sleep(1.1)  # a later second, in case anything read the clock
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        second = write(tmp_path / "b" / "t.xlsx", sample_rows(), chunk=1000).read_bytes()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "t.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        assert set(archive.namelist()) == ALLOWED_PARTS
        core = archive.read("docProps/core.xml").decode()
    assert "2024-05-06T00:00:00Z" in core and "Use-of-force reports" in core


def test_the_written_properties_are_those_given_and_no_temporary_files_remain(built):
    workbook = openpyxl.load_workbook(built, read_only=True)
    try:
        props = workbook.properties
        assert (props.title, props.subject, props.creator) == (PROPERTIES.title, PROPERTIES.subject, "Reading room")
        assert props.created == dt.datetime(2024, 5, 6)
        assert workbook.sheetnames == ["Data", "Dictionary"]
        dictionary = [tuple(c.value for c in row) for row in workbook["Dictionary"].iter_rows()]
    finally:
        workbook.close()
    assert dictionary == [tuple(cell or None for cell in row) for row in DICTIONARY]
    assert [p.name for p in built.parent.iterdir()] == [built.name]


def test_our_output_has_no_structural_problems(built):
    assert spreadsheet_problems(built, PROPERTIES.texts()) == []


def test_a_property_other_than_the_one_given_is_a_problem(built):
    assert spreadsheet_problems(built, {**PROPERTIES.texts(), "title": "Another"}) == [
        "the document property title is not the one given"
    ]


# Hostile workbooks, each made from ours by one change.


def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of ``source`` with ``change(parts)`` applied to its parts (name -> bytes)."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def replace(parts, name: str, old: str, new: str) -> None:
    text = parts[name].decode()
    assert old in text, (name, old)
    parts[name] = text.replace(old, new, 1).encode()


SHEET = "xl/worksheets/sheet1.xml"
PAGE_MARGINS = "<pageMargins "


def with_formula(parts):
    replace(
        parts,
        SHEET,
        '<c r="A2" t="inlineStr">',
        '<c r="A2" t="str"><f>HYPERLINK("http://x","y")</f><v>y</v></c><c r="Z2" t="inlineStr">',
    )


def with_hyperlink(parts):
    replace(parts, SHEET, PAGE_MARGINS, '<hyperlinks><hyperlink ref="A2" r:id="rId9"/></hyperlinks>' + PAGE_MARGINS)
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="http://x" TargetMode="External"/></Relationships>'
    )


def with_defined_name(parts):
    replace(
        parts,
        "xl/workbook.xml",
        "</sheets>",
        '</sheets><definedNames><definedName name="x">Data!$A$1</definedName></definedNames>',
    )


def with_macros(parts):
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a VBA project"


def with_comment(parts):
    replace(parts, SHEET, "</worksheet>", '<legacyDrawing r:id="rId1"/></worksheet>')
    parts["xl/comments1.xml"] = b"<comments/>"


def with_property_data(parts):
    replace(
        parts, "docProps/core.xml", "</cp:coreProperties>", "<cp:keywords>123-45-6789</cp:keywords></cp:coreProperties>"
    )


def with_company_data(parts):
    replace(parts, "docProps/app.xml", "<Company>Org</Company>", "<Company>Org</Company><Manager>Jane Roe</Manager>")


def with_data_validation(parts):
    replace(
        parts,
        SHEET,
        PAGE_MARGINS,
        '<dataValidations count="1"><dataValidation sqref="A2"/></dataValidations>' + PAGE_MARGINS,
    )


def with_external_link(parts):
    replace(
        parts,
        "xl/_rels/workbook.xml.rels",
        "</Relationships>",
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink"'
        ' Target="file:///C:/x.xlsx" TargetMode="External"/></Relationships>',
    )


def with_hidden_format(parts):
    replace(parts, "xl/styles.xml", 'formatCode="0.00"', 'formatCode=";;;"')


def with_dtd(parts):
    replace(parts, SHEET, "<worksheet ", '<!DOCTYPE worksheet [<!ENTITY x "123-45-6789">]><worksheet ')


def with_hidden_sheet(parts):
    replace(parts, "xl/workbook.xml", '<sheet name="Dictionary"', '<sheet state="veryHidden" name="Dictionary"')


def with_hidden_row(parts):
    replace(parts, SHEET, '<row r="2">', '<row r="2" hidden="1">')


def with_error_cell(parts):
    replace(parts, SHEET, '<c r="A2" t="inlineStr">', '<c r="A2" t="e"><v>#N/A</v></c><c r="Z2" t="inlineStr">')


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (with_formula, "holds a formula"),
        (with_hyperlink, "holds hyperlinks"),
        (with_defined_name, "defined names"),
        (with_macros, "macros"),
        (with_comment, "comments or notes"),
        (with_property_data, "a document property (text of 8 characters) holds text that was not given"),
        (with_company_data, "holds an element the writer never writes (text of 7 characters)"),
        (with_data_validation, "data validation"),
        (with_external_link, "external link"),
        (with_hidden_format, "a number format the writer never uses"),
        (with_dtd, "the sheet Data declares a DTD"),
        (with_hidden_sheet, "the workbook has a hidden sheet"),
        (with_hidden_row, "the sheet Data has hidden rows"),
        (with_error_cell, "the sheet Data holds cells of a kind the writer never writes"),
    ],
)
def test_each_hostile_change_is_found(built, tmp_path, change, found):
    hostile = rewrite(built, tmp_path / "hostile.xlsx", change)
    problems = spreadsheet_problems(hostile, PROPERTIES.texts())
    assert any(found in problem for problem in problems), problems
    assert not any("123-45-6789" in p or "Jane Roe" in p or "HYPERLINK" in p for p in problems)


def test_an_unchanged_rewrite_has_no_problems(built, tmp_path):
    """The hostile files above differ from ours only by their change (the rewriting itself adds nothing)."""
    assert spreadsheet_problems(rewrite(built, tmp_path / "same.xlsx", lambda parts: None), PROPERTIES.texts()) == []


def test_an_extra_sheet_is_found(tmp_path):
    path = tmp_path / "extra.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Data"
    workbook.create_sheet("Dictionary")
    workbook.create_sheet("Secret")["A1"] = "withheld"
    workbook["Data"]["A1"] = "=1+1"
    workbook["Dictionary"]["B2"] = "=2+2"
    workbook.save(path)
    problems = spreadsheet_problems(path, PROPERTIES.texts())
    assert "the workbook's sheets are not exactly Data and Dictionary" in problems
    assert "the sheet Data holds a formula" in problems  # in its markup
    assert "a sheet (text of 10 characters) holds 1 formula cells" in problems  # as openpyxl reads it
    assert not any("withheld" in p for p in problems)


def test_a_formula_cell_cannot_be_read_back_as_text(built, tmp_path):
    hostile = rewrite(built, tmp_path / "hostile.xlsx", with_formula)
    with pytest.raises(UnreadableSpreadsheet, match="row 1, column 1 holds a formula"):
        list(spreadsheet_rows(hostile))


def test_a_number_shown_in_another_format_cannot_be_read_back(built, tmp_path):
    hostile = rewrite(built, tmp_path / "hostile.xlsx", with_hidden_format)
    with pytest.raises(UnreadableSpreadsheet, match="a number in a format the writer never uses"):
        list(spreadsheet_rows(hostile))


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    assert spreadsheet_problems(path, PROPERTIES.texts()) == ["the file is not a zip archive, so it is no workbook"]
    with pytest.raises(UnreadableSpreadsheet):
        list(spreadsheet_rows(path))


# Limits


def test_fits_spreadsheet():
    assert fits_spreadsheet(MAX_ROWS - 1, 16_384)
    assert not fits_spreadsheet(MAX_ROWS, 1)
    assert not fits_spreadsheet(1, 16_385)
    assert not fits_spreadsheet(0, 0)


def test_an_over_long_cell_raises_and_the_file_is_discarded(tmp_path):
    path = tmp_path / "t.xlsx"
    writer = SpreadsheetWriter(path, spec(), HEADER, DICTIONARY, PROPERTIES)
    writer.write([("x" * MAX_CELL_CHARACTERS, "", "", "", "", "")])
    with pytest.raises(TooBigForSpreadsheet, match="row 2, column 6 holds more than 32767") as raised:
        writer.write([("", "", "", "", "", "𝄞" * (MAX_CELL_CHARACTERS // 2 + 1))])  # astral: two units each
    assert "𝄞" not in str(raised.value)
    writer.discard()
    assert list(tmp_path.iterdir()) == []
    assert not partial_name(path).exists()


def test_too_many_rows_raises(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.render.spreadsheets.MAX_ROWS", 4)
    writer = SpreadsheetWriter(tmp_path / "t.xlsx", spec(), HEADER, DICTIONARY, PROPERTIES)
    writer.write([("a",) + ("",) * 5] * 3)
    with pytest.raises(TooBigForSpreadsheet, match="more than 3 rows"):
        writer.write([("a",) + ("",) * 5])
    writer.discard()
    assert list(tmp_path.iterdir()) == []


def test_too_many_columns_raises(tmp_path):
    header = tuple(f"c{i}" for i in range(16_385))
    with pytest.raises(TooBigForSpreadsheet, match="16385 columns"):
        SpreadsheetWriter(tmp_path / "t.xlsx", spec([("c0", "string")]), header, DICTIONARY, PROPERTIES)
    assert list(tmp_path.iterdir()) == []


# Any text at all


# Any character but a lone surrogate (UTF-8 text holds none), mixed with the pieces that escaping and the
# rich-string path hinge on, so that short examples meet them.
PIECES = [
    "_x",
    "_x0041",
    "x0041_",
    "_x0041_",
    "_x005F_",
    "005F_",
    "<r>",
    "</r>",
    "\r",
    "\r\n",
    "\x01",
    "\ufffe",
    " ",
    "\t",
    "_",
    "=",
    "0",
]
TEXT = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(PIECES)), max_size=30).map(
    "".join
)


# Number-like text, stored as a number or kept as text by the number rule: either way it reads back as written.
NUMBERS = st.from_regex(r"[+-]?[0-9]{1,18}(\.[0-9]{0,22})?([eE][+-]?[0-9]{1,3})?", fullmatch=True)


@settings(deadline=None, max_examples=50)
@given(rows=st.lists(st.tuples(TEXT, st.one_of(TEXT, NUMBERS)), min_size=1, max_size=5))
def test_any_text_reads_back_exactly(rows):
    folder = Path(tempfile.mkdtemp())
    try:
        fields = [("a", "string"), ("b", "number")]
        path = write(folder / "t.xlsx", rows, fields=fields)
        assert list(spreadsheet_rows(path)) == [("a", "b"), *rows]
        assert spreadsheet_problems(path, PROPERTIES.texts()) == []
    finally:
        shutil.rmtree(folder)


def test_a_damaged_or_padded_workbook_is_a_problem_not_a_crash(built, tmp_path):
    commented = tmp_path / "commented.xlsx"
    with zipfile.ZipFile(commented, "w") as archive, zipfile.ZipFile(built) as original:
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        archive.comment = b"SSN 123-45-6789"
    problems = spreadsheet_problems(commented, PROPERTIES.texts())
    assert any("end record" in p or "central directory" in p for p in problems)
    data = built.read_bytes()
    with zipfile.ZipFile(built) as original:
        info = original.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(data[:start] + bytes([data[start] ^ 0xFF]) + data[start + 1 :])
    problems = spreadsheet_problems(damaged, PROPERTIES.texts())
    assert problems and all("123-45-6789" not in p for p in problems)
