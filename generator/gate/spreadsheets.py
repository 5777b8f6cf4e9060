"""A dataset's spreadsheet copy (.xlsx) read back by the gate, independently of the code that wrote it.

``Spreadsheet.rows`` reads a sheet with openpyxl (read-only, formulas kept as formulas, a row at a
time) and gives every row, the header included, as the text the CSV holds for it, so that the two can be
compared cell by cell:

* text: the cell's text with spreadsheet escapes (``_xHHHH_``, ECMA-376 ST_Xstring) undone; openpyxl
  leaves them in;
* a number: its value shown with the decimals of its number format (``0`` -> ``1234``, ``0.00`` ->
  ``1234.50``), the only formats the writer gives numbers; the writer stores a number only when this gives
  back the CSV's text exactly;
* a date: ``YYYY-MM-DD``, in the only date format the writer uses (``yyyy-mm-dd``), at midnight;
* a blank cell: ``""``; each row is as wide as the header (blank cells beyond it are dropped, anything
  else beyond it is kept, and so differs from the CSV).

A cell that is none of these (a formula, an error, a true/false value, a number or date in another format)
raises ``UnreadableSpreadsheet``, naming the row and column only.

``Spreadsheet.problems`` checks the file's structure: that the zip holds only the parts the writer writes
(``ALLOWED_PARTS``, so no macros, comments, drawings, external links or shared strings), that no part
declares a DTD, that the content types and relationships are the plain workbook's (no macro-enabled type,
no target outside the file), that the sheets are Data and Dictionary (none hidden) with no defined names,
that the worksheets hold only the elements the writer writes (no formulas, hyperlinks, data validation,
comment anchors or drawings, no hidden rows or columns), that cells are shown in no number format other
than the writer's, that the theme is XlsxWriter's own, and that the document properties hold only the
texts given (``expected``: title, subject, author, company, and created as YYYY-MM-DD). Problems never
quote a cell or a property's text. Worksheets are read as a stream, an element at a time, so memory stays
bounded however many rows there are; the other parts are small and read whole, up to a limit.

This module must not import generator.render.spreadsheets: it is the independent check of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser
from xml.parsers import expat

from openpyxl import load_workbook  # type: ignore[import-untyped]

from generator.gate.bundles import layout_problems
from generator.gate.findings import describe

DATA, DICTIONARY = "Data", "Dictionary"
SHEETS = (DATA, DICTIONARY)
# What reading a damaged zip member raises (a CRC that does not match, an encrypted or unknown compression).
DAMAGED = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error)
DATA_PART, DICTIONARY_PART = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
# Every part XlsxWriter writes for the workbook (constant_memory mode: strings inline, no sharedStrings.xml).
ALLOWED_PARTS = frozenset(
    {
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/theme/theme1.xml",
        "xl/workbook.xml",
        DATA_PART,
        DICTIONARY_PART,
    }
)
# XlsxWriter's default theme (3.3.1), byte for byte: a theme holds names, and none other is written.
THEME_SHA256 = "75104b2164c20dab2578383d827deac3a7eec077c3f7c99a4099a551fdebb134"
SMALL_PART_BYTES = 16 << 20  # the most read whole of any part other than a worksheet
_BLOCK = 1 << 16

_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RELATIONSHIP_TYPES = frozenset(
    {_PACKAGE, *(_OFFICE + kind for kind in ("officeDocument", "extended-properties", "worksheet", "theme", "styles"))}
)
_OPENXML = "application/vnd.openxmlformats-"
CONTENT_TYPES = frozenset(
    {
        "application/xml",
        _OPENXML + "package.relationships+xml",
        _OPENXML + "package.core-properties+xml",
        _OPENXML + "officedocument.extended-properties+xml",
        _OPENXML + "officedocument.spreadsheetml.sheet.main+xml",
        _OPENXML + "officedocument.spreadsheetml.worksheet+xml",
        _OPENXML + "officedocument.spreadsheetml.styles+xml",
        _OPENXML + "officedocument.theme+xml",
    }
)
WORKBOOK_ELEMENTS = frozenset(
    {"workbook", "fileVersion", "workbookPr", "bookViews", "workbookView", "sheets", "sheet", "calcPr"}
)
WORKSHEET_ELEMENTS = frozenset(
    {
        "worksheet",
        "dimension",
        "sheetViews",
        "sheetView",
        "pane",
        "selection",
        "sheetFormatPr",
        "sheetData",
        "row",
        "c",
        "v",
        "is",
        "t",
        "pageMargins",
    }
)
# What an element the writer never writes would do, for the elements that matter most.
_ELEMENT_PROBLEMS = {
    "f": "a formula",
    "hyperlinks": "hyperlinks",
    "hyperlink": "hyperlinks",
    "dataValidations": "data validation",
    "dataValidation": "data validation",
    "legacyDrawing": "comments or notes (a legacy drawing)",
    "legacyDrawingHF": "comments or notes (a legacy drawing)",
    "drawing": "a drawing",
    "oleObjects": "embedded objects",
    "controls": "form controls",
    "definedNames": "defined names",
    "definedName": "defined names",
    "externalReferences": "external links",
    "externalReference": "external links",
}
CELL_TYPES = frozenset({"n", "inlineStr"})  # numbers and dates, and inline text
NUMBER_FORMAT = re.compile(r"0(\.0+)?")
DATE_FORMAT = "yyyy-mm-dd"
BUILTIN_FORMATS = {"0": "General", "1": "0", "2": "0.00"}  # the built-in number formats the writer may use
CORE_ELEMENTS = frozenset(
    {
        "coreProperties",
        "title",
        "subject",
        "creator",
        "keywords",
        "description",
        "lastModifiedBy",
        "created",
        "modified",
        "category",
        "contentStatus",
    }
)
APP_ELEMENTS = frozenset(
    {
        "Properties",
        "Application",
        "DocSecurity",
        "ScaleCrop",
        "HeadingPairs",
        "TitlesOfParts",
        "vector",
        "variant",
        "lpstr",
        "i4",
        "Company",
        "LinksUpToDate",
        "SharedDoc",
        "HyperlinksChanged",
        "AppVersion",
    }
)
# The texts XlsxWriter writes in app.xml itself (besides the company given).
APP_TEXTS = frozenset({"Microsoft Excel", "0", "false", "12.0000", "Worksheets", "2", *SHEETS})

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class UnreadableSpreadsheet(ValueError):
    """A spreadsheet that cannot be read back as text; the message names the place, never a value."""


def unescaped(text: str) -> str:
    """Text with spreadsheet escapes undone (``_x0001_`` -> U+0001, ``_x005F_`` -> ``_``), left to right."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _local(tag: str) -> str:
    """A tag's local name, from ElementTree's "{namespace}name" or expat's "namespace}name"."""
    return tag.rpartition("}")[2]


# Reading the rows


class Spreadsheet:
    """A spreadsheet file as the gate reads it: opened once with openpyxl (read-only, formulas kept as
    formulas) for its structure, its sheets and its names; close it (or use it in a ``with`` block)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Any = None
        self.unopened = ""  # why openpyxl could not open it, when it could not
        try:
            self.book = load_workbook(path, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for a broken file; its messages may quote it
            self.unopened = f"the file cannot be opened as a workbook ({type(exc).__name__})"

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self.book is not None:
            self.book.close()

    def rows(self, sheet_name: str = DATA) -> Iterator[tuple[str, ...]]:
        """Every row of a sheet (the Data sheet: the header first), as the CSV's text (see the module's
        docstring)."""
        if self.book is None:
            raise UnreadableSpreadsheet(self.unopened)
        if sheet_name not in self.book.sheetnames:
            raise UnreadableSpreadsheet(f"the workbook has no sheet named {sheet_name}")
        sheet = self.book[sheet_name]
        sheet.reset_dimensions()  # read every cell there is, not only those within the stated dimension
        width: int | None = None
        rows = iter(sheet.iter_rows())
        number = 0
        while True:
            try:
                row = next(rows, None)
            except UnreadableSpreadsheet:
                raise
            except Exception as exc:
                where = f"row {number}" if number else "the header"  # row 1 is the first after the header
                raise UnreadableSpreadsheet(f"{where} cannot be read ({type(exc).__name__})") from None
            if row is None:
                return
            number += 1
            cells = [_cell_text(cell, number, column) for column, cell in enumerate(row, start=1)]
            if width is None:
                while cells and cells[-1] == "":
                    cells.pop()
                width = len(cells)
            while len(cells) > width and cells[-1] == "":
                cells.pop()
            yield (*cells, *[""] * (width - len(cells)))

    def problems(self, expected: Mapping[str, str]) -> list[str]:
        """What is wrong with the file's structure, each problem once, in words that never quote a cell or a
        property's text; ``expected`` holds the document properties given (title, subject, author, company,
        created as YYYY-MM-DD)."""
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError):
            return ["the file is not a zip archive, so it is no workbook"]
        problems: list[str] = []
        try:
            _check_archive(archive, expected, problems)
        except DAMAGED as exc:  # fail closed, naming only the kind of damage
            return [f"a part of the file cannot be read ({type(exc).__name__})"]
        if self.book is None:
            problems.append(self.unopened)
        else:
            _check_cells(self.book, problems)
        return list(dict.fromkeys(problems))


def _cell_text(cell: Any, row: int, column: int) -> str:
    value, kind = cell.value, cell.data_type
    # Rows as the rest of the gate numbers them: 1 is the first after the header.
    where = f"the header, column {column}" if row == 1 else f"row {row - 1}, column {column}"
    if value is None:
        return ""
    if kind == "s" and isinstance(value, str):
        return unescaped(value)
    if kind == "n" and isinstance(value, int | float) and not isinstance(value, bool):
        shown = NUMBER_FORMAT.fullmatch(cell.number_format or "")
        if shown is None:
            raise UnreadableSpreadsheet(f"{where} holds a number in a format the writer never uses")
        try:
            number = float(value)  # an integer of 400 digits is read as an int, and does not fit
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise UnreadableSpreadsheet(f"{where} holds a number that does not fit a double")
        decimals = len(shown.group(1) or ".") - 1  # "0.00" shows two
        return f"{number:.{decimals}f}"
    if kind == "d" and isinstance(value, dt.datetime):
        if cell.number_format != DATE_FORMAT or value.time() != dt.time():
            raise UnreadableSpreadsheet(f"{where} holds a date in a format the writer never uses")
        return value.date().isoformat()
    kinds = {"f": "a formula", "e": "an error value", "b": "a true/false value"}
    raise UnreadableSpreadsheet(f"{where} holds {kinds.get(kind, 'a value of a kind the writer never writes')}")


# Checking the structure


def _check_archive(archive: zipfile.ZipFile, expected: Mapping[str, str], problems: list[str]) -> None:
    with archive:
        names = archive.namelist()
        if isinstance(archive.filename, str):
            layout = layout_problems(Path(archive.filename), archive, lambda number, _name: f"part {number}")
            problems += [f"{place}: {problem}" for place, problem in layout]
        if any(info.extra or info.comment for info in archive.infolist()):
            problems.append("a part carries an extra field or a comment, which the writer never writes")
        _check_parts(names, problems)
        present = ALLOWED_PARTS.intersection(names)
        small: dict[str, Element] = {}
        for name in sorted(present - {DATA_PART, DICTIONARY_PART, "xl/theme/theme1.xml"}):
            root = _small_part(archive, name, problems)
            if root is not None:
                small[name] = root
        if "xl/theme/theme1.xml" in present and _part_digest(archive, "xl/theme/theme1.xml") != THEME_SHA256:
            problems.append("the theme (xl/theme/theme1.xml) is not the writer's own")
        _check_content_types(small.get("[Content_Types].xml"), problems)
        for name in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):
            _check_relationships(name, small.get(name), problems)
        _check_workbook(small.get("xl/workbook.xml"), problems)
        _check_styles(small.get("xl/styles.xml"), problems)
        _check_core_properties(small.get("docProps/core.xml"), expected, problems)
        _check_app_properties(small.get("docProps/app.xml"), expected, problems)
        for name, sheet in ((DATA_PART, DATA), (DICTIONARY_PART, DICTIONARY)):
            if name in present:
                _check_worksheet(archive, name, sheet, problems)


def _check_parts(names: list[str], problems: list[str]) -> None:
    if len(set(names)) != len(names):
        problems.append("the zip archive holds two parts under one name")
    for name in sorted(set(names) - ALLOWED_PARTS):
        lowered = name.lower()
        if "vbaproject" in lowered or lowered.endswith((".bin", ".vba")):
            what = "macros (a VBA project or other binary part)"
        elif "comments" in lowered or "vmldrawing" in lowered or "threadedcomment" in lowered:
            what = "comments or notes"
        elif "externallink" in lowered:
            what = "external links"
        elif "drawing" in lowered or "media/" in lowered or "embeddings/" in lowered:
            what = "drawings, images or embedded objects"
        else:
            what = "a part the writer never writes"
        problems.append(f"the file holds {what}: a part named with {describe(name)}")
    for name in sorted(ALLOWED_PARTS - set(names)):
        problems.append(f"the file lacks the part {name}")


def _read_limited(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    with archive.open(name) as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _part_digest(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as stream:
        while block := stream.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _parser() -> XMLPullParser[Element]:
    return XMLPullParser(events=("start", "end"))


def _events(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    """The start and end events read so far (the only kinds asked for)."""
    for read in parser.read_events():
        event, element = read[0], read[-1]
        if isinstance(element, Element):
            yield event, element


def _small_part(archive: zipfile.ZipFile, name: str, problems: list[str]) -> Element | None:
    """A part other than a worksheet, parsed whole (it is small), or None after noting why not."""
    data = _read_limited(archive, name, SMALL_PART_BYTES)
    if data is None:
        problems.append(f"the part {name} is larger than the writer ever makes it")
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        problems.append(f"the part {name} declares a DTD")
        return None
    parser = _parser()
    try:
        parser.feed(data)
        parser.close()
    except ParseError:
        problems.append(f"the part {name} is not well-formed XML")
        return None
    return next((element for event, element in _events(parser) if event == "start"), None)


def _check_content_types(root: Element | None, problems: list[str]) -> None:
    if root is None:
        return
    for element in root.iter():
        content_type = element.get("ContentType")
        if content_type is not None and content_type not in CONTENT_TYPES:
            macro = "macroenabled" in content_type.lower() or "vba" in content_type.lower()
            problems.append(
                "the content types declare macros" if macro else "the content types declare a part of another kind"
            )


def _check_relationships(name: str, root: Element | None, problems: list[str]) -> None:
    if root is None:
        return
    for element in root.iter():
        if _local(element.tag) != "Relationship":
            continue
        if element.get("TargetMode", "Internal") != "Internal":
            problems.append(f"{name} links to something outside the file (an external link)")
        kind = element.get("Type", "")
        if kind not in RELATIONSHIP_TYPES:
            if "hyperlink" in kind:
                problems.append(f"{name} holds hyperlinks")
            elif "vbaProject" in kind:
                problems.append(f"{name} links macros (a VBA project)")
            else:
                problems.append(f"{name} links a part of a kind the writer never writes")


def _element_problem(name: str, where: str) -> str:
    what = _ELEMENT_PROBLEMS.get(name)
    return f"{where} holds {what}" if what else f"{where} holds an element the writer never writes ({describe(name)})"


def _check_workbook(root: Element | None, problems: list[str]) -> None:
    if root is None:
        return
    sheets: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        if name not in WORKBOOK_ELEMENTS:
            problems.append(_element_problem(name, "the workbook"))
        elif name == "sheet":
            sheets.append(element.get("name", ""))
            if element.get("state", "visible") != "visible":
                problems.append("the workbook has a hidden sheet")
    if tuple(sheets) != SHEETS:
        problems.append(f"the workbook's sheets are not exactly {DATA} and {DICTIONARY} ({len(sheets)} sheets)")


def _check_styles(root: Element | None, problems: list[str]) -> None:
    if root is None:
        return
    formats = dict(BUILTIN_FORMATS)
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            formats[element.get("numFmtId", "")] = element.get("formatCode", "")
    allowed = {
        number
        for number, code in formats.items()
        if code in ("General", DATE_FORMAT) or NUMBER_FORMAT.fullmatch(code) is not None
    }
    for element in root.iter():
        if _local(element.tag) == "cellXfs":
            for xf in element:
                if xf.get("numFmtId", "0") not in allowed:
                    problems.append("the styles show cells in a number format the writer never uses")


def _texts(root: Element) -> Iterator[tuple[str, str]]:
    """(element's local name, its text with escapes undone) for each element with text; tails as ("", text)."""
    for element in root.iter():
        if element.text and element.text.strip():
            yield _local(element.tag), unescaped(element.text)
        if element is not root and element.tail and element.tail.strip():
            yield "", element.tail


def _check_core_properties(root: Element | None, expected: Mapping[str, str], problems: list[str]) -> None:
    if root is None:
        return
    created = f"{expected.get('created', '')}T00:00:00Z"
    given = {
        "title": expected.get("title", ""),
        "subject": expected.get("subject", ""),
        "creator": expected.get("author", ""),
        "lastModifiedBy": expected.get("author", ""),
        "created": created,
        "modified": created,
    }
    for element in root.iter():
        if _local(element.tag) not in CORE_ELEMENTS:
            problems.append(_element_problem(_local(element.tag), "the document properties"))
    for name, text in _texts(root):
        if name not in given:
            problems.append(f"a document property ({describe(name)}) holds text that was not given")
        elif text != given[name]:
            problems.append(f"the document property {name} is not the one given")


def _check_app_properties(root: Element | None, expected: Mapping[str, str], problems: list[str]) -> None:
    if root is None:
        return
    for element in root.iter():
        if _local(element.tag) not in APP_ELEMENTS:
            problems.append(_element_problem(_local(element.tag), "the application properties"))
    for name, text in _texts(root):
        if name == "Company":
            if text != expected.get("company", ""):
                problems.append("the document property Company is not the one given")
        elif text not in APP_TEXTS:
            problems.append(f"an application property ({describe(name)}) holds text that was not given")


class _Refused(Exception):
    pass


def _refuse_dtd(*_: object) -> None:
    raise _Refused


def _check_worksheet(archive: zipfile.ZipFile, part: str, sheet: str, problems: list[str]) -> None:
    """Read a worksheet a block at a time with expat, keeping nothing but what was found: every element is
    one the writer writes, every cell of a kind it writes, no row hidden, no DTD. This is the gate's one
    pass over every cell's markup, so it is kept tight (no tree is built)."""
    where = f"the sheet {sheet}"
    allowed = {f"{MAIN}}}{name}" for name in WORKSHEET_ELEMENTS}
    cell, row = f"{MAIN}}}c", f"{MAIN}}}row"
    found: set[str] = set()

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag not in allowed:
            found.add(_element_problem(_local(tag), where))
        elif tag == cell:
            if attributes.get("t", "n") not in CELL_TYPES:
                found.add(f"{where} holds cells of a kind the writer never writes")
        elif tag == row and attributes.get("hidden") not in (None, "0", "false"):
            found.add(f"{where} has hidden rows")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        with archive.open(part) as stream:
            while block := stream.read(_BLOCK):
                parser.Parse(block, False)
        parser.Parse(b"", True)
    except _Refused:
        found.add(f"{where} declares a DTD")
    except expat.ExpatError:
        found.add(f"{where} is not well-formed XML")
    problems.extend(sorted(found))


def _check_cells(workbook: Any, problems: list[str]) -> None:
    """As openpyxl sees the workbook: its sheets, its defined names, and any formula cell in a sheet other
    than Data (whose every cell is read by Spreadsheet.rows, which refuses a formula, and whose markup
    _check_worksheet has just refused any <f> in: reading it a third time would only double the time)."""
    if tuple(workbook.sheetnames) != SHEETS:
        problems.append(f"the workbook's sheets are not exactly {DATA} and {DICTIONARY}")
    if len(workbook.defined_names):
        problems.append("the workbook holds defined names")
    for sheet in workbook.worksheets:
        if sheet.title == DATA:
            continue
        sheet.reset_dimensions()
        try:
            formulas = sum(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
        except Exception as exc:
            problems.append(f"a sheet ({describe(sheet.title)}) cannot be read ({type(exc).__name__})")
            continue
        if formulas:
            problems.append(f"a sheet ({describe(sheet.title)}) holds {formulas} formula cells")
