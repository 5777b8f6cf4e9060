"""A dataset's published files (its CSV, its Parquet copy and its explore page's parts), written a chunk at
a time as it is read,
so that no dataset is ever held whole in memory.

Files are written to a folder outside the site (the build cache's, or a temporary one) and handed to
the site engine by path; their size and SHA-256 are taken as they are written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.models import DatasetSpec
from generator.render.downloads import csv_bytes, published_rows
from generator.render.explore import ExploreWriter
from generator.render.parquet import WRITER_OPTIONS, parquet_table, unconverted
from generator.render.published_files import HashingFile, WrittenFile, file_digest, partial_name
from generator.tables import Table


@dataclass(frozen=True)
class DatasetFiles:
    csv: WrittenFile
    parquet: WrittenFile
    neutralised: int  # CSV cells prefixed so that spreadsheets show them as text
    explore: tuple[WrittenFile, ...] = ()  # the explore page's parts (none for a dataset too big for one)

    @property
    def all(self) -> tuple[WrittenFile, ...]:
        return (self.csv, self.parquet, *self.explore)


class DatasetWriter:
    """Writes the published CSV and the Parquet copy of one dataset from its chunks, in order."""

    def __init__(self, folder: Path, spec: DatasetSpec, header: tuple[str, ...], text_columns: Collection[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.spec, self.header, self.text_columns = spec, header, frozenset(text_columns)
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
        return DatasetFiles(self.csv.close(), file_digest(self.parquet_path), self.neutralised, self.explore.close())

    def discard(self) -> None:
        self.csv.stream.close()
        if self.parquet is not None:
            self.parquet.close()
        partial_name(self.csv.path).unlink(missing_ok=True)
        partial_name(self.parquet_path).unlink(missing_ok=True)
        self.explore.discard()
