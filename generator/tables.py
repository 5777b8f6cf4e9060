"""Reading a release's CSV strictly: UTF-8, rectangular, named columns.

Every problem is reported with the file and the row (1 = first data row) or column;
cell values are never quoted, since they may be what should have been withheld.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

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


def parse(path: Path, text: str, log: ErrorLog) -> Table | None:
    """Parse CSV text into a Table, logging header problems and ragged rows."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(next(reader))
    except StopIteration:
        log.add(path, "line 1", "the file is empty", "add a header row naming the columns", code="RR113")
        return None
    except csv.Error as exc:
        log.add(path, "line 1", f"the header row is not valid CSV ({exc})", code="RR403")
        return None
    if len(header) == 1 and (delimiter := _other_delimiter(header[0])):
        # One cell per row: every column would be reported missing. Say why once instead.
        log.add(path, "line 1", f"the columns are separated by {delimiter}, not commas", code="RR411")
        return None
    ok = _check_header(path, header, log)
    rows: list[tuple[str, ...]] = []
    started = reader.line_num + 1  # the line the row being read starts on
    try:
        for number, row in enumerate(reader, start=1):
            if len(row) != len(header):
                log.add(
                    path,
                    f"row {number} (line {reader.line_num})",
                    f"has {len(row)} cells but the header has {len(header)} columns",
                    code="RR404",
                )
                ok = False
            rows.append(tuple(row))
            started = reader.line_num + 1
    except csv.Error as exc:
        if reader.line_num > started and "end of data" in str(exc):
            # The reader ran to the end of the file looking for the closing quote: name where it opened.
            log.add(path, f"line {started}", "a quoted cell that starts on this line is never closed", code="RR412")
        else:
            log.add(path, f"line {reader.line_num}", f"not valid CSV ({exc})", code="RR403")
        return None
    return Table(header, tuple(rows)) if ok else None


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
    """Read and parse one CSV file; None (with errors logged) when it cannot be used."""
    text = decode(path, path.read_bytes(), log)
    return None if text is None else parse(path, text, log)
