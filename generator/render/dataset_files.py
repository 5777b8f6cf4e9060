"""A dataset's published files (its CSV and its Parquet copy), written a chunk at a time as it is read,
so that no dataset is ever held whole in memory.

Files are written to a folder outside the site (the build cache's, or a temporary one) and handed to
the site engine by path; their size and SHA-256 are taken as they are written.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from generator.models import DatasetSpec
from generator.render.downloads import csv_bytes, published_rows
from generator.render.parquet import WRITER_OPTIONS, parquet_table, unconverted
from generator.tables import Table


@dataclass(frozen=True)
class WrittenFile:
    """A file written for the site: where it is now, its size and its SHA-256."""

    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class DatasetFiles:
    csv: WrittenFile
    parquet: WrittenFile
    neutralised: int  # CSV cells prefixed so that spreadsheets show them as text


def _partial(path: Path) -> Path:
    """Where a file is written before it is complete: builds sharing a cache folder may write the same
    (content-addressed, so identical) file at once, and none may read one half written."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")


class _HashingFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: IO[bytes] = _partial(path).open("wb")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> WrittenFile:
        self.stream.close()
        _partial(self.path).replace(self.path)
        return WrittenFile(self.path, self.size, self.digest.hexdigest())


def file_digest(path: Path) -> WrittenFile:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
            size += len(block)
    return WrittenFile(path, size, digest.hexdigest())


class DatasetWriter:
    """Writes the published CSV and the Parquet copy of one dataset from its chunks, in order."""

    def __init__(self, folder: Path, spec: DatasetSpec, header: tuple[str, ...], text_columns: Collection[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.spec, self.header, self.text_columns = spec, header, frozenset(text_columns)
        self.csv = _HashingFile(folder / f"{spec.name}.csv")
        self.csv.write(csv_bytes([header]))
        self.parquet_path = folder / f"{spec.name}.parquet"
        self.parquet: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None  # the Parquet copy's, set by the first chunk
        self.neutralised = 0
        # A typed column whose values stop converting part way (an integer beyond 64 bits in a later
        # chunk): the Parquet copy is then written again with those columns as text (see close).
        self.retyped: set[str] = set()

    def write(self, chunk: Table) -> None:
        rows, neutralised = published_rows(chunk)
        self.csv.write(csv_bytes(rows))
        self.neutralised += neutralised
        if self.retyped:
            return
        table = parquet_table(chunk, self.spec, self.text_columns)
        if self.parquet is None or self.schema is None:
            self.schema = table.schema
            self.parquet = pq.ParquetWriter(_partial(self.parquet_path), table.schema, **WRITER_OPTIONS)
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
                writer = writer or pq.ParquetWriter(_partial(self.parquet_path), table.schema, **WRITER_OPTIONS)
                writer.write_table(table)
            if writer is not None:
                writer.close()
        _partial(self.parquet_path).replace(self.parquet_path)
        return DatasetFiles(self.csv.close(), file_digest(self.parquet_path), self.neutralised)

    def discard(self) -> None:
        self.csv.stream.close()
        if self.parquet is not None:
            self.parquet.close()
        _partial(self.csv.path).unlink(missing_ok=True)
        _partial(self.parquet_path).unlink(missing_ok=True)
