"""Reading a release's CSV strictly: UTF-8, rectangular, named columns.

Every problem is reported with the file and the row (1 = first data row) or column;
cell values are never quoted, since they may be what should have been withheld.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from charset_normalizer import from_bytes

from generator.errors import ErrorLog

UTF8_BOM = codecs.BOM_UTF8
# The csv module refuses cells over 128 KiB by default; size is bounded by max_file_bytes instead.
csv.field_size_limit(2**31 - 1)
# Spreadsheet exports that are not UTF-8 are nearly always one of these; asking the
# detector to choose among them first gives a useful guess even for short files.
LIKELY_ENCODINGS = ["cp1252", "latin_1", "mac_roman", "cp850", "utf_16"]


@dataclass(frozen=True)
class Table:
    """A parsed CSV: its header and its data rows, all cells as text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def decode(path: Path, data: bytes, log: ErrorLog) -> str | None:
    """UTF-8 text of a CSV (a leading BOM is accepted and dropped), or None after logging why not."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        log.add(
            path,
            f"byte {offset}",
            "the file contains a NUL byte, so it is binary or UTF-16",
            code="RR401",
        )
        return None
    try:
        return data.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = from_bytes(data, cp_isolation=LIKELY_ENCODINGS).best() or from_bytes(data).best()
        encoding = guess.encoding if guess else "unknown"
        log.add(
            path,
            f"byte {exc.start}",
            f"the file is not UTF-8 (it looks like {encoding})",
            f"convert it, e.g. `iconv -f {encoding} -t UTF-8 in.csv > out.csv`",
            code="RR402",
        )
        return None


# Rows per chunk when a CSV is streamed: each chunk is checked and written before the next is read.
CHUNK_ROWS = 50_000


class CsvStream:
    """One pass over a CSV file in bounded memory: its header, then its rows a chunk at a time.

    Problems are logged as they are met (by row, line or byte, never by value); ``ok`` is false
    once any was, and the caller discards what it made from the chunks.
    """

    def __init__(self, path: Path, log: ErrorLog, chunk_rows: int = CHUNK_ROWS) -> None:
        self.path, self.log, self.chunk_rows = path, log, chunk_rows
        self.ok = True
        self.rows = 0

    def chunks(self) -> Iterator[tuple[int, Table]]:
        """(number of its first row, rows) for each chunk; nothing at all when the header is unusable."""
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(io.BufferedReader(_RefusingNul(raw)), encoding="utf-8-sig", newline="")
            reader = csv.reader(text, strict=True)
            try:
                header = self._header(reader)
                if header is None:
                    return
                yield from self._rows(reader, header)
            except UnicodeDecodeError:
                self._not_utf8()
            except _NulByte as nul:
                message = "the file contains a NUL byte, so it is binary or UTF-16"
                self.log.add(self.path, f"byte {nul.offset}", message, code="RR401")
                self._failed()

    def _header(self, reader: Any) -> tuple[str, ...] | None:
        path, log = self.path, self.log
        try:
            header = tuple(next(reader))
        except StopIteration:
            log.add(path, "line 1", "the file is empty", "add a header row naming the columns", code="RR113")
            self._failed()
            return None
        except csv.Error as exc:
            log.add(path, "line 1", f"the header row is not valid CSV ({exc})", code="RR403")
            self._failed()
            return None
        if len(header) == 1 and (delimiter := _other_delimiter(header[0])):
            # One cell per row: every column would be reported missing. Say why once instead.
            log.add(path, "line 1", f"the columns are separated by {delimiter}, not commas", code="RR411")
            self._failed()
            return None
        if not _check_header(path, header, log):
            self.ok = False
        return header

    def _rows(self, reader: Any, header: tuple[str, ...]) -> Iterator[tuple[int, Table]]:
        rows: list[tuple[str, ...]] = []
        started = reader.line_num + 1  # the line the row being read starts on
        try:
            for row in reader:
                self.rows += 1
                if len(row) != len(header):
                    self.log.add(
                        self.path,
                        f"row {self.rows} (line {reader.line_num})",
                        f"has {len(row)} cells but the header has {len(header)} columns",
                        code="RR404",
                    )
                    self.ok = False
                rows.append(tuple(row))
                started = reader.line_num + 1
                if len(rows) == self.chunk_rows:
                    yield self.rows - len(rows) + 1, Table(header, tuple(rows))
                    rows = []
        except csv.Error as exc:
            if reader.line_num > started and "end of data" in str(exc):
                # The reader ran to the end of the file looking for the closing quote: name where it opened.
                self.log.add(
                    self.path, f"line {started}", "a quoted cell that starts on this line is never closed", code="RR412"
                )
            else:
                self.log.add(self.path, f"line {reader.line_num}", f"not valid CSV ({exc})", code="RR403")
            self._failed()
            return
        if rows or self.rows == 0:
            yield self.rows - len(rows) + 1, Table(header, tuple(rows))

    def _failed(self) -> None:
        self.ok = False

    def _not_utf8(self) -> None:
        with self.path.open("rb") as raw:
            sample = raw.read(_SAMPLE_BYTES)
        guess = from_bytes(sample, cp_isolation=LIKELY_ENCODINGS).best() or from_bytes(sample).best()
        encoding = guess.encoding if guess else "unknown"
        self.log.add(
            self.path,
            f"byte {_first_undecodable(self.path)}",
            f"the file is not UTF-8 (it looks like {encoding})",
            f"convert it, e.g. `iconv -f {encoding} -t UTF-8 in.csv > out.csv`",
            code="RR402",
        )
        self._failed()


_SAMPLE_BYTES = 4 << 20


class _NulByte(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


class _RefusingNul(io.RawIOBase):
    """A file's bytes as they are read, stopping at the first NUL byte (a binary or UTF-16 file)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.offset = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        if (found := data.find(b"\x00")) >= 0:
            raise _NulByte(self.offset + found)
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)


def _first_undecodable(path: Path) -> int:
    """Where UTF-8 decoding of a file first fails (a leading byte-order mark is allowed)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as raw:
        while block := raw.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return offset + exc.start
    return -1


_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _other_delimiter(header: str) -> str | None:
    """The name of the delimiter a one-column header is really split by (a spreadsheet's export setting)."""
    counts = {name: header.count(char) for char, name in _DELIMITERS.items()}
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] else None


def _check_header(path: Path, header: tuple[str, ...], log: ErrorLog) -> bool:
    ok = True
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if not name.strip():
            log.add(path, f"header, column {index}", "the column has no name", code="RR405")
            ok = False
        elif name in seen:
            # Named by position only: without a header row, these would be data.
            log.add(
                path,
                f"header, column {index}",
                f"has the same name as column {seen[name]}",
                code="RR406",
            )
            ok = False
        seen.setdefault(name, index)
    return ok


def read_table(path: Path, log: ErrorLog) -> Table | None:
    """Read and parse one CSV file whole (for files that fit in memory, such as redact's input); None
    (with errors logged) when it cannot be used."""
    stream = CsvStream(path, log, chunk_rows=2**62)
    chunks = [table for _, table in stream.chunks()]
    return chunks[0] if stream.ok and chunks else None
