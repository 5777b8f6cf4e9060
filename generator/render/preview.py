"""The preview of a dataset on its release page, bounded whatever the table's size.

One function builds it, for the page and for the publishing gate alike: the gate rebuilds
the expected preview from the CSV it read back from the site and compares the page's table
with it cell by cell. A page never grows with a table's length, width or cell size:

- at most ``PREVIEW_ROWS`` rows and ``PREVIEW_COLUMNS`` columns (the first ones);
- a cell's text is shown as a browser would show it anyway: runs of spaces, tabs and line
  breaks as one space, no leading or trailing space; other control characters show as U+FFFD
  (so Markdown and HTML parsing cannot change what the gate compares);
- a released cell longer than ``PREVIEW_CELL_CHARS`` characters shows its first
  ``PREVIEW_CELL_CHARS`` and ``ELLIPSIS`` (the download has the whole value); a withheld cell
  always shows its whole marker;
- the data dictionary lists at most ``DICTIONARY_FIELDS`` fields: every withheld or condition
  column, then the others in schema order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.models import DatasetSpec, SchemaField
from generator.redaction import CompiledRule, withheld_columns
from generator.tables import Table

PREVIEW_ROWS = 100
PREVIEW_COLUMNS = 50
PREVIEW_CELL_CHARS = 200
DICTIONARY_FIELDS = 200
ELLIPSIS = "\u2026"
REPLACEMENT = "\ufffd"
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class PreviewCell:
    """One cell as the preview shows it."""

    text: str
    withheld: bool
    truncated: bool
    basis: str | None = None  # for a withheld cell, the code of a basis it is withheld on (its page is linked)


@dataclass(frozen=True)
class Preview:
    """The first rows and columns of a dataset, as shown on its release page."""

    header: tuple[str, ...]
    rows: tuple[tuple[PreviewCell, ...], ...]
    total_rows: int
    total_columns: int

    @property
    def truncated_cells(self) -> int:
        return sum(cell.truncated for row in self.rows for cell in row)

    @property
    def columns_cut(self) -> bool:
        return len(self.header) < self.total_columns


def shown_text(text: str) -> str:
    """Text as the preview shows it: whitespace runs as one space, trimmed, control characters as U+FFFD."""
    return _CONTROL.sub(REPLACEMENT, _HTML_WHITESPACE.sub(" ", text).strip(" "))


def preview_cell(cell: str, basis: str | None) -> PreviewCell:
    """A cell as shown: withheld cells (``basis`` names why) whole, released cells over the limit cut and ended
    with an ellipsis."""
    if basis is not None or len(cell) <= PREVIEW_CELL_CHARS:
        return PreviewCell(shown_text(cell), basis is not None, truncated=False, basis=basis)
    return PreviewCell(shown_text(cell[:PREVIEW_CELL_CHARS]) + ELLIPSIS, False, truncated=True)


def build_preview(table: Table, rules: Sequence[CompiledRule], total_rows: int | None = None) -> Preview:
    """The preview of a (redacted or published) table under its dataset's rules."""
    shown = min(len(table.header), PREVIEW_COLUMNS)
    rows = []
    for row in table.rows[:PREVIEW_ROWS]:
        withheld = withheld_columns(rules, row)
        rows.append(tuple(preview_cell(row[index], withheld.get(index)) for index in range(min(shown, len(row)))))
    total = len(table.rows) if total_rows is None else total_rows
    return Preview(table.header[:shown], tuple(rows), total, len(table.header))


@dataclass(frozen=True)
class Dictionary:
    """The fields the data dictionary lists, and how many it leaves out."""

    fields: tuple[SchemaField, ...]
    total: int

    @property
    def omitted(self) -> int:
        return self.total - len(self.fields)


def dictionary_fields(spec: DatasetSpec) -> Dictionary:
    """Every withheld or condition column, then the other fields, up to DICTIONARY_FIELDS, in schema order."""
    fields = spec.schema_.fields
    named = {rule.column for rule in spec.withholding} | {r.where.column for r in spec.withholding if r.where}
    room = max(DICTIONARY_FIELDS - sum(field.name in named for field in fields), 0)
    chosen: list[SchemaField] = []
    for field in fields:
        if field.name in named:
            chosen.append(field)
        elif room:
            chosen.append(field)
            room -= 1
    return Dictionary(tuple(chosen), len(fields))
