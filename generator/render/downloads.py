"""The published form of a dataset: the CSV a visitor downloads, with formula-like cells neutralised."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import urls
from generator.tables import Table

if TYPE_CHECKING:  # releases.py writes its files with this module: only their types are needed here
    from generator.releases import Dataset, Release


@dataclass(frozen=True)
class Download:
    """A published file as the release page lists it: its address, size and SHA-256."""

    url: str
    size: int
    sha256: str


def dataset_downloads(release: Release, dataset: Dataset) -> tuple[Download, Download]:
    """A dataset's CSV and Parquet downloads, from the files it wrote (a cached release's too)."""
    csv, parquet = dataset.files.csv, dataset.files.parquet
    return (
        Download(urls.download(release.id, dataset.spec.name), csv.size, csv.sha256),
        Download(urls.parquet(release.id, dataset.spec.name), parquet.size, parquet.sha256),
    )


# Spreadsheets run a cell as a formula when it starts (after spaces) with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A plain number with spaces around it; ASCII digits only (a minus and a fullwidth or Arabic-Indic five is not one
# to a spreadsheet) and nothing after it, not even a final newline.
NUMBER = re.compile(r" *[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)? *")
NEUTRALISER = "'"


def is_formula_like(cell: str) -> bool:
    """True for text a spreadsheet would execute; a plain number such as -5 is not."""
    return cell.lstrip(" ").startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)


def _prefixed(cell: str) -> bool:
    """True for a cell that is published with an apostrophe before it: formula-like text, and also such text
    already behind apostrophes (so ``'=1`` is published as ``''=1`` and read back as itself, never as ``=1``)."""
    return is_formula_like(cell.lstrip(NEUTRALISER))


def neutralise(cell: str) -> str:
    """Prefix formula-like text with an apostrophe so spreadsheets show it as text."""
    return NEUTRALISER + cell if _prefixed(cell) else cell


def restore(cell: str) -> str:
    """The original text of a published cell (the exact inverse of neutralise)."""
    return cell[1:] if cell.startswith(NEUTRALISER) and _prefixed(cell[1:]) else cell


# RFC 4180: CRLF line ends. Python's csv quotes a cell only for characters of the line
# terminator (and the delimiter and quote), so with "\r\n" any cell holding a CR or an LF is quoted;
# with "\n" alone, a bare CR would be written unquoted and split the row for every reader.
LINE_END = "\r\n"


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8, comma-separated, minimal quoting, CRLF line ends (RFC 4180): the one CSV dialect we write."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue().encode("utf-8")


# Cells that may be published with a prefix, found a column at a time (RE2): only these are looked at in Python.
_MAY_START_A_FORMULA = "^'* *[=+\\-@\t\r\n]"


def _formula_like(table: Table) -> list[tuple[int, int]]:
    """(row, column) of every cell published with a prefix (see neutralise), rows from 0, in row order."""
    found: list[tuple[int, int]] = []
    if not table.rows:
        return found
    for index, cells in enumerate(zip(*table.rows, strict=True)):
        starts = pc.match_substring_regex(pa.array(cells, type=pa.large_string()), _MAY_START_A_FORMULA)
        found += [(row, index) for row in np.flatnonzero(np.asarray(starts, dtype=bool)).tolist()]
    return sorted((row, index) for row, index in found if _prefixed(table.rows[row][index]))


def published_rows(table: Table) -> tuple[list[Sequence[str]], int]:
    """The rows as visitors download them, formula-like text cells neutralised, and how many were."""
    rows: list[Sequence[str]] = list(table.rows)
    found = _formula_like(table)
    for row, index in found:
        cells = list(rows[row])
        cells[index] = NEUTRALISER + cells[index]
        rows[row] = cells
    return rows, len(found)


def published_csv(table: Table) -> bytes:
    """The CSV as visitors download it: formula-like text cells neutralised."""
    return csv_bytes([table.header, *published_rows(table)[0]])


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
