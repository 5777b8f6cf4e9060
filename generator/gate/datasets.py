"""Each published dataset read back once, a chunk at a time, in bounded memory, for every rule at once.

For each chunk of the published CSV (undecodable bytes read as U+FFFD, formula prefixes removed):
the withheld-markers rule checks every cell against the dataset's rules, the identifiers rule every
cell that may hold one (approvals per cell), the withheld-values proof every cell, the Parquet
and spreadsheet copies are compared with it cell by cell, and the explore page's parts byte for byte with the parts
encoded from it (so they hold the published cells and nothing else), as is its data.json. Rule
evaluation is the core's own column-at-a-time function (the same rules, applied to what was
published, read back from the site); a chunk with a ragged row (a broken or tampered file, itself a
finding) is checked a row at a time. The first rows are kept for the preview check (markers.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from generator import urls
from generator.errors import ErrorLog
from generator.gate.findings import Finding, describe
from generator.gate.identifiers import (
    DISGUISE_DETAIL,
    DISGUISED,
    approved_cells,
    cells_to_scan,
    find_identifiers,
)
from generator.gate.identifiers import RULE as IDENTIFIERS
from generator.gate.layers import parquet_metadata_text, parquet_statistics_text
from generator.gate.markup import RULE as ACTIVE_CONTENT
from generator.gate.sitefiles import SiteFiles
from generator.gate.spreadsheets import DICTIONARY, Spreadsheet, UnreadableSpreadsheet
from generator.gate.withheld_values import RULE as WITHHELD_VALUES
from generator.gate.withheld_values import finding_detail, normalise
from generator.models import BIDI_CONTROLS
from generator.redaction import Columns, CompiledRule, check, check_row, compile_rules, ruled_columns
from generator.releases import Dataset, Release, chunk_rows
from generator.render import explore
from generator.render.dataset_files import dictionary_rows, spreadsheet_properties
from generator.render.downloads import restore
from generator.render.parquet import parquet_table
from generator.render.preview import PREVIEW_ROWS
from generator.room import ReadingRoom
from generator.tables import Table

MARKERS = "withheld-marker"


@dataclass
class ReadBack:
    """What reading a published dataset back found: findings, and its first rows and length for the preview."""

    findings: list[Finding] = field(default_factory=list)
    head: Table | None = None  # None when the download is missing or unusable
    rows: int = 0


def published_files(release_id: str, dataset: Dataset) -> tuple[str, ...]:
    """A dataset's published data, read back here: its CSV, its Parquet copy and its explore page's parts."""
    parts = explore.part_names(dataset.row_count, len(dataset.header))
    return urls.dataset_files(release_id, dataset.spec.name, parts, dataset.files.spreadsheet is not None)


def read_back(
    room: ReadingRoom, files: SiteFiles, values: ahocorasick.Automaton | None
) -> dict[tuple[str, str], ReadBack]:
    """(release id, dataset name) -> what reading its published files back found, for every published
    dataset not settled by an earlier clean run."""
    found = {}
    longest = max((len(key) for key in values), default=0) if values is not None else 0
    for release in room.published:
        approved = approved_cells(release)
        for dataset in release.datasets:
            name = urls.download(release.id, dataset.spec.name)
            if name not in files.settled:
                reader = _Reader(room, dataset, files.root, name, approved, values, longest)
                folder = urls.explore(release.id, dataset.spec.name)
                explored = _ExploreParts(files.root, folder, reader, release.spec.synthetic)
                parquet = urls.parquet(release.id, dataset.spec.name)
                sheet = _SpreadsheetRows(release, dataset, files.root, reader)
                try:
                    found[(release.id, dataset.spec.name)] = reader.run(parquet, explored, sheet)
                finally:
                    sheet.close()
    return found


class _Reader:
    def __init__(
        self,
        room: ReadingRoom,
        dataset: Dataset,
        root: Path,
        name: str,
        approved: set[tuple[str, int, str, str]],
        values: ahocorasick.Automaton | None,
        longest: int = 0,
    ) -> None:
        self.room, self.dataset, self.root, self.name = room, dataset, root, name
        self.approved, self.values = approved, values
        # The end of the previous chunk's text, so that a value split across two chunks is found too.
        self.tail, self.longest = "", longest
        self.result = ReadBack()
        self.log = ErrorLog(room.config.root)
        self.rules: list[CompiledRule] | None = None
        self.head: list[tuple[str, ...]] = []
        self.ragged = False
        self.bidi = False
        self.found_values: set[tuple[str, int]] = set()

    def add(self, place: str, rule: str, detail: str, name: str | None = None) -> None:
        self.result.findings.append(Finding(name or self.name, place, rule, detail))

    def run(self, parquet_name: str, explored: _ExploreParts, sheet: _SpreadsheetRows) -> ReadBack:
        path = self.root / self.name
        if not path.is_file():
            self.add("file", MARKERS, "the dataset's download is missing")
            return self.result
        parquet = _ParquetRows(self.root / parquet_name, parquet_name, self)
        for first, header, rows in self._chunks(path):
            if first == 1 and not self._start(header):
                return self._logged()
            rows = _restored(rows)
            sheet.compare(first, rows)
            self.head += rows[: PREVIEW_ROWS - len(self.head)]
            self.result.rows = first + len(rows) - 1
            if self.rules is not None:
                self._check(first, Table(header, tuple(rows)), parquet, self.rules)
                explored.compare(rows)
        if self.result.rows != self.dataset.row_count:
            self.add("file", MARKERS, f"has {self.result.rows} rows, the dataset {self.dataset.row_count}")
        parquet.finish(self.result.rows)
        sheet.finish()
        if self.rules is not None:
            explored.finish(self.result.rows, self.rules)
        if not self.ragged and self.rules is not None:
            self.result.head = Table(self.dataset.header, tuple(self.head))
        return self._logged()

    def _logged(self) -> ReadBack:
        """The result, with the rule errors logged while checking cells as findings."""
        self.result.findings += [Finding(self.name, e.place(), MARKERS, e.what) for e in self.log.errors]
        return self.result

    def _start(self, header: tuple[str, ...]) -> bool:
        # Column names are published too, and past the preview's columns no page shows them.
        self._texts("header", header)
        if header != self.dataset.header:
            self.add("header", MARKERS, "the columns differ from the dataset's")
            return False
        self.rules = compile_rules(self.dataset.spec, header, self.room.bases, Path(self.name), self.log)
        return self.rules is not None

    def _chunks(self, path: Path) -> Iterator[tuple[int, tuple[str, ...], list[tuple[str, ...]]]]:
        """(first row number, header, rows) per chunk; an empty file yields one chunk with no header."""
        size = chunk_rows(len(self.dataset.header))
        with path.open("rb") as raw:
            # Undecodable bytes become U+FFFD: the rows then differ from the dataset's, a finding.
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=""))
            try:
                header = tuple(next(reader, ()))
                rows: list[tuple[str, ...]] = []
                first = 1
                for row in reader:
                    rows.append(tuple(row))
                    if len(rows) == size:
                        yield first, header, rows
                        first, rows = first + len(rows), []
                if rows or first == 1:
                    yield first, header, rows
            except csv.Error:
                self.add(f"line {reader.line_num}", MARKERS, "is not valid CSV (a broken or tampered file)")

    def _check(self, first: int, chunk: Table, parquet: _ParquetRows, rules: list[CompiledRule]) -> None:
        width = len(chunk.header)
        ragged = [n for n, row in enumerate(chunk.rows) if len(row) != width]
        for n in ragged:
            self.add(
                f"row {first + n}",
                MARKERS,
                f"has {len(chunk.rows[n])} cells but the header has {width} columns (a broken or tampered CSV)",
            )
        self.log.row_offset = first - 1
        try:
            if ragged:
                self.ragged = True
                columns = range(width)
                for n, row in enumerate(chunk.rows, start=1):
                    if len(row) == width:
                        check_row(chunk.header, n, row, columns, rules, self.room.bases, Path(self.name), self.log)
            else:
                check(chunk, Columns.of(chunk, rules), rules, self.room.bases, Path(self.name), self.log)
        finally:
            self.log.row_offset = 0
        self._identifiers(first, chunk)
        self._values(first, chunk)
        if not ragged:
            parquet.compare(first, chunk, self.dataset, ruled_columns(rules))

    def _texts(self, place: str, texts: Iterable[str], name: str | None = None, identifiers: bool = True) -> None:
        """Text outside the cells (column names, a Parquet file's metadata): identifiers, disguises, values."""
        for text in texts:
            for match in find_identifiers(text) if identifiers else ():
                self.add(place, IDENTIFIERS, f"{match.kind} ({describe(match.value)})", name)
            if BIDI_CONTROLS.search(text):
                self.add(place, DISGUISED, DISGUISE_DETAIL, name)
            for _, (dataset, value, length) in self.values.iter(normalise(text)) if self.values is not None else ():
                self.add(place, WITHHELD_VALUES, finding_detail(dataset, value, length), name)

    def _identifiers(self, first: int, chunk: Table) -> None:
        spec_name = self.dataset.spec.name
        for number, column in cells_to_scan(chunk):
            row = first + number - 1
            cell = chunk.rows[number - 1][column]
            if not self.bidi and BIDI_CONTROLS.search(cell):
                self.bidi = True
                self.add("file text", DISGUISED, DISGUISE_DETAIL)
            for match in find_identifiers(cell, chunk.header[column]):
                if (spec_name, row, chunk.header[column], match.kind) not in self.approved:
                    place = f"row {row}, column '{chunk.header[column]}'"
                    self.add(place, IDENTIFIERS, f"{match.kind} ({describe(match.value)})")

    def _values(self, first: int, chunk: Table) -> None:
        if self.values is None or not chunk.rows:
            return
        text = self.tail + normalise("\n".join("\n".join(row) for row in chunk.rows))
        self.tail = text[-(self.longest - 1) :] if self.longest > 1 else ""
        matched = {(dataset, value, length) for _, (dataset, value, length) in self.values.iter(text)}
        if not matched:
            return
        for number, row in enumerate(chunk.rows):
            for index, cell in enumerate(row):
                for _, (dataset, value, length) in self.values.iter(normalise(cell)):
                    if (dataset, value) not in self.found_values:
                        self.found_values.add((dataset, value))
                        column = chunk.header[index] if index < len(chunk.header) else f"{index + 1}"
                        place = f"row {first + number}, column '{column}'"
                        self.add(place, WITHHELD_VALUES, finding_detail(dataset, value, length))
        # A value that appears only across neighbouring cells ("Beta" | "Secretname") is still a finding.
        for dataset, value, length in sorted(matched):
            if (dataset, value) not in self.found_values:
                self.found_values.add((dataset, value))
                self.add("file text", WITHHELD_VALUES, finding_detail(dataset, value, length))


def _restored(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Rows with formula prefixes removed: only cells starting with the prefix are looked at in Python."""
    if not rows or any(len(row) != len(rows[0]) for row in rows):
        return [tuple(restore(cell) for cell in row) for row in rows]
    restored = rows
    for index, cells in enumerate(zip(*rows, strict=True)):
        starts = np.asarray(pc.starts_with(pa.array(cells, type=pa.large_string()), "'"), dtype=bool)
        for number in np.flatnonzero(starts).tolist():
            cell = restore(cells[number])
            if cell != cells[number]:
                if restored is rows:
                    restored = list(rows)
                row = restored[number]
                restored[number] = (*row[:index], cell, *row[index + 1 :])
    return restored


class _SpreadsheetRows:
    """The spreadsheet copy, if the dataset has one: its structure checked (no formula, link, macro or other
    sheet; document properties only as given), then its rows read alongside the CSV and compared with each
    chunk's, restored to their original text, as the spreadsheet holds them."""

    def __init__(self, release: Release, dataset: Dataset, root: Path, reader: _Reader) -> None:
        self.name, self.reader = urls.spreadsheet(release.id, dataset.spec.name), reader
        self.rows: Iterator[tuple[str, ...]] | None = None
        self.book: Spreadsheet | None = None
        path = root / self.name
        if dataset.files.spreadsheet is None and not path.exists():
            return
        if not path.is_file() or path.is_symlink():
            self._finding("file", "the dataset's spreadsheet copy is missing")
            return
        spec = release.spec
        expected = spreadsheet_properties(dataset.spec, spec.title, spec.agency, spec.release_date).texts()
        self.book = Spreadsheet(path)  # opened once for all that is read of it; closed by close()
        for problem in self.book.problems(expected):
            reader.add("file", ACTIVE_CONTENT, problem, self.name)
        try:
            dictionary = list(self.book.rows(DICTIONARY))
        except UnreadableSpreadsheet as error:
            dictionary = [(str(error),)]
        if dictionary != dictionary_rows(dataset.spec, dataset.rules):
            reader.add("Dictionary sheet", MARKERS, "is not the dataset's data dictionary", self.name)
        self.rows = self.book.rows()
        if self._next() != dataset.header:
            self._finding("header", "the columns differ from the dataset's")

    def close(self) -> None:
        if self.book is not None:
            self.book.close()

    def _finding(self, place: str, detail: str) -> None:
        self.rows = None  # one finding is enough: the rest of the file is not compared
        self.reader.add(place, MARKERS, detail, self.name)

    def _next(self) -> tuple[str, ...] | None:
        if self.rows is None:
            return None
        try:
            return next(self.rows, None)
        except UnreadableSpreadsheet as error:
            self._finding("file", str(error))
            return None

    def compare(self, first: int, rows: list[tuple[str, ...]]) -> None:
        for number, row in enumerate(rows, start=first):
            if self.rows is None:
                return
            if self._next() != row:
                self._finding(f"row {number}", "differs from the same row of the published CSV")

    def finish(self) -> None:
        if self.rows is not None and self._next() is not None:
            self._finding("file", "has more rows than the published CSV")


class _ParquetRows:
    """The Parquet copy read alongside the CSV, a batch at a time, and compared with each chunk."""

    def __init__(self, path: Path, name: str, reader: _Reader) -> None:
        self.name, self.reader = name, reader
        self.batches: Iterator[pa.RecordBatch] | None = None
        self.pending: pa.Table | None = None
        self.failed = False
        if not path.is_file():
            self._finding("file", "the dataset's Parquet copy is missing")
            return
        try:
            self.file = pq.ParquetFile(path)
            self.batches = self.file.iter_batches(batch_size=1 << 16)
            # Not its values (compared with the CSV's) but everything else a writer could put in it.
            reader._texts("metadata", parquet_metadata_text(self.file).split("\n"), name)
            # Statistics are cell values (a released identifier, approved in its cell, is one): read for
            # withheld values and disguises, not again for identifiers without their cells' approvals.
            reader._texts("statistics", parquet_statistics_text(self.file).split("\n"), name, identifiers=False)
        except pa.ArrowException:
            self._finding("file", "cannot be read as Parquet")

    def _finding(self, place: str, detail: str) -> None:
        self.failed = True
        self.reader.add(place, MARKERS, detail, self.name)

    def _take(self, batches: Iterator[pa.RecordBatch], count: int) -> pa.Table | None:
        parts = [] if self.pending is None else [self.pending]
        have = 0 if self.pending is None else self.pending.num_rows
        while have < count:
            batch = next(batches, None)
            if batch is None:
                break
            parts.append(pa.Table.from_batches([batch]))
            have += batch.num_rows
        if not parts:
            return self.file.schema_arrow.empty_table() if count == 0 else None
        whole = pa.concat_tables(parts)
        self.pending = whole.slice(count)
        return whole.slice(0, count)

    def compare(self, first: int, chunk: Table, dataset: Dataset, text_columns: frozenset[str]) -> None:
        if self.failed or self.batches is None:
            return
        try:
            actual = self._take(self.batches, len(chunk.rows))
        except pa.ArrowException:
            self._finding("file", "cannot be read as Parquet")
            return
        if actual is None or actual.num_rows != len(chunk.rows):
            return  # counted in finish
        schema = actual.schema
        # A typed column may be text when some value did not convert: then it holds the CSV's exact text.
        kept_as_text = {
            name
            for name in chunk.header
            if name in schema.names and schema.field(name).type == pa.string() and name not in text_columns
        }
        expected = parquet_table(chunk, dataset.spec, text_columns | kept_as_text)
        if not expected.schema.equals(schema, check_metadata=True):
            self._finding("schema", "its columns or their types differ from the published CSV's")
            return
        for column, want, got in zip(expected.column_names, expected.columns, actual.columns, strict=True):
            same = pc.or_kleene(pc.equal(want, got), pc.and_(pc.is_null(want), pc.is_null(got)))
            differing = np.flatnonzero(~np.asarray(pc.fill_null(same, False), dtype=bool))
            if len(differing):
                row = first + int(differing[0])
                detail = f"{len(differing)} values differ from the published CSV (the first in row {row})"
                self.reader.add(f"column '{column}'", MARKERS, detail, self.name)

    def finish(self, csv_rows: int) -> None:
        if self.failed or self.batches is None:
            return
        total = self.file.metadata.num_rows
        if total != csv_rows:
            self._finding("file", f"has {total} rows, the published CSV {csv_rows}")


class _ExploreParts:
    """The explore page's files read alongside the CSV: each part must be, byte for byte, the part encoded from
    the rows read back (generator.render.explore), and data.json the description of what was read."""

    def __init__(self, root: Path, folder: str, reader: _Reader, synthetic: bool) -> None:
        self.root, self.folder, self.reader, self.synthetic = root, folder, reader, synthetic
        self.width = len(reader.dataset.header)
        self.buffer = explore.PartBuffer(self.width)
        self.parts = 0
        # Parts are compared for a dataset of a size the explore page takes (a CSV of another length than the
        # dataset's is a finding already); never after a ragged row (a finding too: the CSV is broken).
        self.compared = explore.explorable(reader.dataset.row_count, self.width)

    def compare(self, rows: list[tuple[str, ...]]) -> None:
        self.compared = self.compared and all(len(row) == self.width for row in rows)
        if not self.compared:
            return
        for part in self.buffer.add(rows):
            self._part(part)

    def _part(self, rows: list[tuple[str, ...]]) -> None:
        self.parts += 1
        self._same(explore.part_name(self.parts), explore.part_bytes(rows, self.width))

    def _same(self, name: str, expected: bytes) -> None:
        """The file ``name`` beside the explore page holds exactly ``expected`` (read only when its size does)."""
        site_name = f"{self.folder}{name}"
        path = self.root / site_name
        if not path.is_file() or path.is_symlink():
            self.reader.add("file", MARKERS, "the explore page's file is missing", site_name)
        elif path.stat().st_size != len(expected) or path.read_bytes() != expected:
            self.reader.add("file", MARKERS, "differs from what the published CSV holds", site_name)

    def finish(self, rows: int, rules: list[CompiledRule]) -> None:
        rest = self.buffer.rest()
        if rest is not None and self.compared:
            self._part(rest)
        bases = self.reader.room.bases
        spec = self.reader.dataset.spec
        self._same(explore.DESCRIPTION, explore.description_bytes(spec, rows, rules, bases, self.synthetic))
        # A part beyond the last one is a finding too (a file the description does not name is never loaded,
        # but it is published all the same).
        extra = f"{self.folder}{explore.part_name(self.parts + 1)}"
        if (self.root / extra).exists():
            self.reader.add("file", MARKERS, "a part beyond the dataset's last row", extra)
