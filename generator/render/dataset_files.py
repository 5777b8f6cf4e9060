"""A dataset's published files (its CSV, its Parquet and spreadsheet copies and its explore page's parts),
written a chunk at a time as it is read, so that no dataset is ever held whole in memory.

Files are written to a folder outside the site (the build cache's, or a temporary one) and handed to
the site engine by path; their size and SHA-256 are taken as they are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.models import DatasetSpec
from generator.redaction import CompiledRule, ruled_columns
from generator.render.downloads import csv_bytes, published_rows
from generator.render.explore import ExploreWriter
from generator.render.parquet import WRITER_OPTIONS, parquet_table, unconverted
from generator.render.published_files import HashingFile, WrittenFile, file_digest, partial_name
from generator.render.spreadsheets import SheetProperties, SpreadsheetWriter, TooBigForSpreadsheet
from generator.tables import Table


@dataclass(frozen=True)
class DatasetFiles:
    csv: WrittenFile
    parquet: WrittenFile
    neutralised: int  # CSV cells prefixed so that spreadsheets show them as text
    explore: tuple[WrittenFile, ...] = ()  # the explore page's parts (none for a dataset too big for one)
    spreadsheet: WrittenFile | None = None  # the .xlsx copy (none for a dataset too big for one)

    @property
    def all(self) -> tuple[WrittenFile, ...]:
        return (self.csv, self.parquet, *((self.spreadsheet,) if self.spreadsheet else ()), *self.explore)


# A dataset of more cells than this gets no spreadsheet copy: writing and reading one back cell by cell costs
# far more than its CSV, and a spreadsheet program is not the tool for it (the Parquet copy is).
SPREADSHEET_CELLS = 1_000_000


def spreadsheet_properties(spec: DatasetSpec, release_title: str, agency: str, released: dt.date) -> SheetProperties:
    """A dataset's spreadsheet's document properties: its title, its release's title and agency, the release
    date (nothing from the data, and no clock); the gate expects exactly these."""
    return SheetProperties(title=spec.title, subject=release_title, author=agency, company="", created=released)


def dictionary_rows(spec: DatasetSpec, rules: Sequence[CompiledRule]) -> list[tuple[str, ...]]:
    """The spreadsheet's Dictionary sheet: a row per column, with the rules that withhold its cells."""
    rows: list[tuple[str, ...]] = [("Column", "Title", "Type", "Description", "Withheld on (basis, marker, condition)")]
    for field in spec.schema_.fields:
        withheld = "; ".join(_rule_text(rule) for rule in rules if rule.rule.column == field.name)
        rows.append((field.name, field.title, field.type.value, field.description, withheld))
    return rows


def _rule_text(rule: CompiledRule) -> str:
    where = rule.rule.where
    condition = f" where {where.column} is one of: {', '.join(where.in_)}" if where else ""
    return f"{rule.basis.code} {rule.basis.marker}{condition}"


class DatasetWriter:
    """Writes the published CSV and the Parquet copy of one dataset from its chunks, in order."""

    def __init__(
        self,
        folder: Path,
        spec: DatasetSpec,
        header: tuple[str, ...],
        rules: Sequence[CompiledRule],
        properties: SheetProperties,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.spec, self.header, self.text_columns = spec, header, frozenset(ruled_columns(rules))
        self.spreadsheet: SpreadsheetWriter | None = None
        self.cells = 0
        try:
            dictionary = dictionary_rows(spec, rules)
            self.spreadsheet = SpreadsheetWriter(folder / f"{spec.name}.xlsx", spec, header, dictionary, properties)
        except TooBigForSpreadsheet:
            pass  # published without a spreadsheet copy, as the page says
        self.csv = HashingFile(folder / f"{spec.name}.csv")
        self.csv.write(csv_bytes([header]))
        self.parquet_path = folder / f"{spec.name}.parquet"
        self.parquet: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None  # the Parquet copy's, set by the first chunk
        self.neutralised = 0
        self.explore = ExploreWriter(folder / f"{spec.name}.explore", len(header))
        # A typed column whose values stop converting part way (an integer beyond 64 bits in a later
        # chunk): the Parquet copy is then written again with those columns as text (see close).
        self.retyped: set[str] = set()

    def write(self, chunk: Table) -> None:
        rows, neutralised = published_rows(chunk)
        self.csv.write(csv_bytes(rows))
        self.explore.write(chunk.rows)
        self._write_spreadsheet(chunk)
        self.neutralised += neutralised
        if self.retyped:
            return
        table = parquet_table(chunk, self.spec, self.text_columns)
        if self.parquet is None or self.schema is None:
            self.schema = table.schema
            self.parquet = pq.ParquetWriter(partial_name(self.parquet_path), table.schema, **WRITER_OPTIONS)
        if table.schema != self.schema:
            schema = self.schema
            self.retyped = {name for name in self.header if table.schema.field(name).type != schema.field(name).type}
            return
        self.parquet.write_table(table)

    def _write_spreadsheet(self, chunk: Table) -> None:
        """The chunk's original cells into the spreadsheet copy, until the dataset proves too big for one."""
        if self.spreadsheet is None:
            return
        self.cells += len(chunk.rows) * len(self.header)
        try:
            if self.cells > SPREADSHEET_CELLS:
                raise TooBigForSpreadsheet(f"more than {SPREADSHEET_CELLS} cells")
            self.spreadsheet.write(chunk.rows)
        except TooBigForSpreadsheet:
            self.spreadsheet.discard()
            self.spreadsheet = None

    def close(self, reread: Callable[[], Iterator[Table]]) -> DatasetFiles:
        """Finish both files. ``reread`` reads the dataset's chunks again: used only when a typed column
        stopped converting part way, to write the Parquet copy again with every such column as text."""
        if self.parquet is not None:
            self.parquet.close()
        if self.retyped:
            text = set(self.text_columns)
            for chunk in reread():
                text |= unconverted(parquet_table(chunk, self.spec, text), self.spec, text)
            writer: pq.ParquetWriter | None = None
            for chunk in reread():
                table = parquet_table(chunk, self.spec, text)
                writer = writer or pq.ParquetWriter(partial_name(self.parquet_path), table.schema, **WRITER_OPTIONS)
                writer.write_table(table)
            if writer is not None:
                writer.close()
        partial_name(self.parquet_path).replace(self.parquet_path)
        spreadsheet = self.spreadsheet.close() if self.spreadsheet is not None else None
        parquet = file_digest(self.parquet_path)
        return DatasetFiles(self.csv.close(), parquet, self.neutralised, self.explore.close(), spreadsheet)

    def discard(self) -> None:
        self.csv.stream.close()
        if self.parquet is not None:
            self.parquet.close()
        partial_name(self.csv.path).unlink(missing_ok=True)
        partial_name(self.parquet_path).unlink(missing_ok=True)
        self.explore.discard()
        if self.spreadsheet is not None:
            self.spreadsheet.discard()
