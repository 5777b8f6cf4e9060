"""The published form of a dataset: the CSV a visitor downloads, with its size and digest."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.tables import Table


@dataclass(frozen=True)
class Download:
    """A dataset's published CSV bytes and what the release page says about them."""

    url: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# Spreadsheets run a cell as a formula when it starts (after spaces) with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
NEUTRALISER = "'"


def is_formula_like(cell: str) -> bool:
    """True for text a spreadsheet would execute; a plain number such as -5 is not."""
    return cell.lstrip(" ").startswith(FORMULA_STARTS) and not NUMBER.match(cell)


def neutralise(cell: str) -> str:
    """Prefix formula-like text with an apostrophe so spreadsheets show it as text."""
    return NEUTRALISER + cell if is_formula_like(cell) else cell


def restore(cell: str) -> str:
    """The original text of a published cell (the inverse of neutralise)."""
    return cell[1:] if cell.startswith(NEUTRALISER) and is_formula_like(cell[1:]) else cell


# RFC 4180: CRLF line ends. Python's csv quotes a cell only for characters of the line
# terminator (and the delimiter and quote), so with "\r\n" any cell holding a CR or an LF is quoted;
# with "\n" alone, a bare CR would be written unquoted and split the row for every reader.
LINE_END = "\r\n"


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8, comma-separated, minimal quoting, CRLF line ends (RFC 4180): the one CSV dialect we write."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def published_csv(table: Table) -> bytes:
    """The CSV as visitors download it: formula-like text cells neutralised."""
    return csv_bytes([table.header, *([neutralise(cell) for cell in row] for row in table.rows)])


def neutralised_cells(table: Table) -> int:
    return sum(is_formula_like(cell) for row in table.rows for cell in row)


def human_size(size: int) -> str:
    """'1.2 MB'-style size for people; the exact byte count is shown beside it."""
    if size < 1000:
        return f"{size} bytes"
    value, unit = size / 1000, "KB"
    for bigger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"
