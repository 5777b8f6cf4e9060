"""A dataset's spreadsheet copy (.xlsx): written a chunk at a time, like its CSV and Parquet copies.

The workbook holds two sheets: "Data" (a bold, frozen header row, then the rows) and "Dictionary" (what the
caller passes: a header and a row per column). XlsxWriter writes it in ``constant_memory`` mode, so only the
row being written is held in memory, with its temporary files in a folder of their own beside the target.

No cell is ever a formula or a link: every text is written with ``write_string`` (never ``write``, which
guesses), with XlsxWriter's own guessing turned off besides. Typed cells become numbers and dates only when
they convert exactly, so that the gate (generator/gate/spreadsheets.py, which reads the file back without
this module) gets back the very text the CSV holds:

* A number (an ``integer``, ``year`` or ``number`` cell) is stored only when its text is the canonical
  decimal form of its value, the form a spreadsheet shows with a number format of that many decimals: an
  optional minus, no plus, no leading zeros, no exponent, at most 15 significant digits (all a spreadsheet
  shows; 16-digit integers, though exact in a double, would be shown rounded) and not a negative zero. The
  cell's number format carries the decimals (``0``, ``0.00``), so ``1234.50`` is stored as 1234.5 shown
  ``1234.50`` and read back as ``1234.50``. Before a number is stored, the read-back is worked out from the
  very digits XlsxWriter writes (``{:.16G}``) and compared with the text; anything else (``01``, ``+5``,
  ``-0``, ``1e400``, ``1e5``, ``.5``, a marker such as ``[b6]``) is stored as text.
* A ``date`` cell that is a real day, YYYY-MM-DD, from 1900-03-01 (earlier days fall in the span where
  spreadsheets count the non-existent 1900-02-29) is stored as a date shown ``yyyy-mm-dd``; anything else
  is text.
* ``boolean`` and ``string`` cells are text as written; an empty cell is left blank (a row of blank cells
  keeps one formatted blank cell, so that the row is still there to read back).

Text that XML cannot hold is escaped as spreadsheets do (ECMA-376 ST_Xstring): a control character other
than tab and line feed, and U+FFFE and U+FFFF, become ``_xHHHH_``, and an underscore that would start such
an escape becomes ``_x005F_``. XlsxWriter's own escaping misses overlapping cases (``_x0041_x0042_``), and
it writes a text that starts with ``<r>`` and ends with ``</r>`` as raw XML (a rich string), which would let
a cell inject markup; the worksheet class below corrects both (checked against XlsxWriter 3.3.1 by the
tests, and by the gate, which compares every cell of every build with the CSV).

A dataset that does not fit is given no spreadsheet: ``TooBigForSpreadsheet`` is raised (by the
constructor for too many columns or an over-long header or dictionary cell, by ``write`` for too many rows
or a cell over 32,767 characters) and the caller discards the file rather than publish one whose cells are
cut short or split. ``fits_spreadsheet`` answers the row and column question beforehand.

The bytes depend on the rows and the properties only: the document's dates are the ``created`` date given,
never the clock; XlsxWriter stamps every zip member 1980-01-31 00:00 and writes them in a fixed order, and
temporary file names never reach the file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from generator.models import DatasetSpec, FieldType
from generator.render.published_files import WrittenFile, file_digest, partial_name

MAX_ROWS = 1_048_576  # a sheet's rows, the header's included
MAX_COLUMNS = 16_384
MAX_CELL_CHARACTERS = 32_767  # UTF-16 code units, as spreadsheets count them
MAX_SIGNIFICANT_DIGITS = 15  # all a spreadsheet shows of a number
MAX_DECIMALS = 30  # the most decimals a number format may show
FIRST_DATE = dt.date(1900, 3, 1)  # from here on, every spreadsheet counts days alike
DATE_FORMAT = "yyyy-mm-dd"
DATA_SHEET, DICTIONARY_SHEET = "Data", "Dictionary"
NUMERIC_TYPES = frozenset({FieldType.integer, FieldType.number, FieldType.year})

WORKBOOK_OPTIONS: dict[str, Any] = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    # Python writes ZIP64 records only for a member over 4 GiB: smaller files are the same bytes either way.
    "use_zip64": True,
}

_PLAIN_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.([0-9]+))?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# ST_Xstring escaping: an underscore that starts "_x" and four hex digits (whatever follows them), and the
# characters XML 1.0 cannot hold (tab, line feed and carriage return aside; a carriage return is escaped too,
# since XML readers turn it into a line feed).
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4})")
_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


class TooBigForSpreadsheet(ValueError):
    """The dataset does not fit in a spreadsheet; the caller publishes it without one. The message names
    the row (1 = the first row after the header) and column, never the value."""


@dataclass(frozen=True)
class SheetProperties:
    """The workbook's document properties: nothing from the data rows, and a fixed date (never the clock)."""

    title: str
    subject: str
    author: str
    company: str
    created: dt.date

    def texts(self) -> dict[str, str]:
        """The properties as the gate's ``spreadsheet_problems`` expects them (``created`` as YYYY-MM-DD)."""
        return {
            "title": self.title,
            "subject": self.subject,
            "author": self.author,
            "company": self.company,
            "created": self.created.isoformat(),
        }


def fits_spreadsheet(rows: int, columns: int) -> bool:
    """True when a dataset of ``rows`` data rows (the header not counted) and ``columns`` columns fits a sheet."""
    return 0 <= rows <= MAX_ROWS - 1 and 0 < columns <= MAX_COLUMNS


def escaped(text: str) -> str:
    """``text`` with what XML cannot hold escaped as ``_xHHHH_`` (ECMA-376 ST_Xstring), exactly reversible."""
    text = _ESCAPE_LIKE.sub("_x005F_", text)
    return _NOT_XML.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TextOnlyWorksheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet with its inline-string escaping made exact and its raw rich-string path closed."""

    @staticmethod
    def _escape_control_characters(data: Any) -> Any:
        return escaped(data) if isinstance(data, str) else data

    def _xml_rich_inline_string(self, string: str, attributes: Any = ()) -> None:
        # Only ever reached with one of our texts that starts "<r>" and ends "</r>" (never a rich string, we
        # write none): written as the text it is, escaped, not as markup. It has no space at either end.
        self._xml_inline_string(string, False, list(attributes))


# Checked when the module loads: if XlsxWriter no longer has these, the overrides above would be dead code.
if not all(hasattr(Worksheet, name) for name in ("_escape_control_characters", "_xml_rich_inline_string")):
    raise ImportError("this XlsxWriter writes inline strings differently: check _TextOnlyWorksheet against it")


def _stored_text(value: float, decimals: int) -> str:
    """The text a reader restores from a number as XlsxWriter writes it (``{:.16G}``, read back as openpyxl
    does: an integer when it has no point or exponent) shown with ``decimals`` decimals."""
    digits = f"{value:.16G}"
    number = float(digits) if any(mark in digits for mark in ".Ee") else int(digits)
    return f"{float(number):.{decimals}f}"


def number_decimals(text: str) -> int | None:
    """The decimals to show a numeric cell with, or None when it is kept as text (see the module's docstring)."""
    match = _PLAIN_DECIMAL.fullmatch(text)
    if match is None:
        return None
    decimals = len(match.group(3) or "")
    significant = (match.group(1) + (match.group(3) or "")).lstrip("0")
    if len(significant) > MAX_SIGNIFICANT_DIGITS or decimals > MAX_DECIMALS:
        return None
    return decimals if _stored_text(float(text), decimals) == text else None


def spreadsheet_date(text: str) -> dt.date | None:
    """The day a date cell holds, or None when it is kept as text."""
    if _ISO_DATE.fullmatch(text) is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if day >= FIRST_DATE else None


class SpreadsheetWriter:
    """Writes the .xlsx copy of one dataset from its rows, in order, under a partial name until closed."""

    def __init__(
        self,
        path: Path,
        spec: DatasetSpec,
        header: tuple[str, ...],
        dictionary: Sequence[tuple[str, ...]],
        properties: SheetProperties,
    ) -> None:
        if not fits_spreadsheet(0, len(header)):
            raise TooBigForSpreadsheet(f"the dataset has {len(header)} columns; a sheet holds {MAX_COLUMNS}")
        _check_lengths(header, "the header")
        for number, row in enumerate(dictionary, start=1):
            _check_lengths(row, f"row {number} of the dictionary")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.width = path, len(header)
        types = {field.name: field.type for field in spec.schema_.fields}
        self.types = tuple(types.get(name, FieldType.string) for name in header)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        self.workbook = xlsxwriter.Workbook(str(partial_name(path)), {**WORKBOOK_OPTIONS, "tmpdir": str(self.folder)})
        self.workbook.set_properties(
            {
                "title": properties.title,
                "subject": properties.subject,
                "author": properties.author,
                "company": properties.company,
                "created": dt.datetime.combine(properties.created, dt.time()),
            }
        )
        self.bold = self.workbook.add_format({"bold": True})
        self.date = self.workbook.add_format({"num_format": DATE_FORMAT})
        self.blank = self.workbook.add_format({})
        self.numbers: dict[int, Any] = {}  # number formats by decimals, made as they are first needed
        self.data = self.workbook.add_worksheet(DATA_SHEET, worksheet_class=_TextOnlyWorksheet)
        sheet = self.workbook.add_worksheet(DICTIONARY_SHEET, worksheet_class=_TextOnlyWorksheet)
        for sheet_ in (self.data, sheet):
            sheet_.freeze_panes(1, 0)
        for index, rows in enumerate(dictionary):
            for column, cell in enumerate(rows):
                if cell:
                    _put(sheet.write_string(index, column, cell, self.bold if index == 0 else None))
        for column, name in enumerate(header):
            _put(self.data.write_string(0, column, name, self.bold))
        self.row = 1  # the next row's index in the Data sheet

    def write(self, rows: Sequence[Sequence[str]]) -> None:
        """Append data rows (their original cells, not neutralised as in the CSV)."""
        for cells in rows:
            if self.row >= MAX_ROWS:
                raise TooBigForSpreadsheet(f"the dataset has more than {MAX_ROWS - 1} rows; a sheet holds no more")
            if len(cells) > MAX_COLUMNS:
                raise TooBigForSpreadsheet(f"row {self.row} has more than {MAX_COLUMNS} cells; a sheet holds no more")
            _check_lengths(cells, f"row {self.row}")
            written = False
            for column, cell in enumerate(cells):
                if cell:
                    # A ragged row (the CSV reader logs it, and the caller discards the file) is written as it is.
                    field_type = self.types[column] if column < self.width else FieldType.string
                    self._write_cell(column, cell, field_type)
                    written = True
            if not written:  # a formatted blank cell, so that the row is there to read back
                _put(self.data.write_blank(self.row, 0, None, self.blank))
            self.row += 1

    def _write_cell(self, column: int, cell: str, field_type: FieldType) -> None:
        if field_type in NUMERIC_TYPES and (decimals := number_decimals(cell)) is not None:
            _put(self.data.write_number(self.row, column, float(cell), self._number_format(decimals)))
        elif field_type is FieldType.date and (day := spreadsheet_date(cell)) is not None:
            _put(self.data.write_datetime(self.row, column, day, self.date))
        else:
            _put(self.data.write_string(self.row, column, cell))

    def _number_format(self, decimals: int) -> Any:
        if decimals not in self.numbers:
            pattern = "0." + "0" * decimals if decimals else "0"
            self.numbers[decimals] = self.workbook.add_format({"num_format": pattern})
        return self.numbers[decimals]

    def close(self) -> WrittenFile:
        try:
            self.workbook.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        partial_name(self.path).replace(self.path)
        return file_digest(self.path)

    def discard(self) -> None:
        for sheet in self.workbook.worksheets():
            sheet._opt_close()  # its row file (constant_memory mode), about to be removed with the folder
        shutil.rmtree(self.folder, ignore_errors=True)
        partial_name(self.path).unlink(missing_ok=True)


def _check_lengths(cells: Sequence[str], where: str) -> None:
    for column, cell in enumerate(cells, start=1):
        # A cell of at most half the limit fits however it is counted; only longer ones are measured.
        if len(cell) > MAX_CELL_CHARACTERS // 2 and utf16_length(cell) > MAX_CELL_CHARACTERS:
            raise TooBigForSpreadsheet(
                f"{where}, column {column} holds more than {MAX_CELL_CHARACTERS} characters, "
                "more than a spreadsheet cell holds"
            )


def _put(result: int) -> None:
    """XlsxWriter's result for a cell: anything but 0 (cut short, out of the sheet) is a bug here."""
    if result != 0:
        raise RuntimeError(f"XlsxWriter refused a cell (result {result})")
