"""The data behind a dataset's explore page: the whole released table, as compact JSON parts that the page's
script (reading-room-explore.js) loads on demand, and a description of them.

A part holds ``PART_ROWS`` rows (the last one fewer), a column at a time: a column whose values repeat
holds each distinct value once (``values``) and a number per row pointing into them (``codes``); any other
column holds its values in row order. Cells are the published CSV's cells exactly, without the CSV's
formula prefixes (the script shows them as text; a browser never evaluates them). The description
(``data.json``) names the columns, the rows, the parts and the markers a withheld cell may hold.

One function encodes a part, for the build and for the publishing gate alike: the gate encodes the rows it
read back from the published CSV and compares the result with the site's part byte for byte
(generator/gate/datasets.py), so a part can hold nothing but the published cells.

A dataset of more than ``MAX_CELLS`` cells has no parts: its explore page says so and shows how to open
the Parquet or CSV copy in pandas, DuckDB or R.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from generator.bases import Catalogue
from generator.models import DatasetSpec
from generator.redaction import CompiledRule
from generator.render.published_files import HashingFile, WrittenFile

FORMAT = "reading-room-explore/1"
DESCRIPTION = "data.json"
PART_ROWS = 5_000
# 200,000 rows of 20 columns (or 100,000 of 40): the most a mid-range laptop's browser filters and sorts at
# ease. The floor is 100,000 rows of 20 columns.
MAX_CELLS = 4_000_000
# A column is stored as distinct values and codes when it has at most one distinct value for this many rows.
REPEAT_FACTOR = 2
# The most bases one column's rules may combine into a marker that the description lists (2**6 - 1 markers).
MAX_MARKER_BASES = 6


def explorable(rows: int, columns: int) -> bool:
    """True when an explore page shows the whole dataset in the browser."""
    return rows * max(columns, 1) <= MAX_CELLS


def part_count(rows: int, columns: int) -> int:
    """How many parts a dataset of this size has (none above the limit)."""
    return -(-rows // PART_ROWS) if explorable(rows, columns) else 0


def part_name(number: int) -> str:
    """A part's file name beside the explore page, numbered from 1."""
    return f"part-{number:04d}.json"


def part_names(rows: int, columns: int) -> tuple[str, ...]:
    """The file names of a dataset's parts, in order."""
    return tuple(part_name(number) for number in range(1, part_count(rows, columns) + 1))


def _encoded(data: object) -> bytes:
    # ASCII with \\u escapes: the same bytes whatever the text, and nothing a browser could misread.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def _column(values: Sequence[str]) -> dict[str, list[str] | list[int]]:
    encoded = pc.dictionary_encode(pa.array(values, type=pa.large_string()))
    distinct = encoded.dictionary.to_pylist()
    if len(distinct) * REPEAT_FACTOR <= len(values):
        return {"values": distinct, "codes": encoded.indices.to_pylist()}
    return {"values": list(values)}


def part_bytes(rows: Sequence[tuple[str, ...]], width: int) -> bytes:
    """One part's file: ``rows`` (each ``width`` cells) a column at a time."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    return _encoded({"columns": [_column(column) for column in columns]})


def description_bytes(
    spec: DatasetSpec, rows: int, rules: Sequence[CompiledRule], bases: Catalogue, synthetic: bool
) -> bytes:
    """``data.json``: the columns (name, title, type, whether a rule may withhold it), the row count, the
    part files, each marker a withheld cell may hold with the codes of the bases it names, and whether the
    records are synthetic (generated sample data)."""
    ruled: dict[str, set[str]] = {}
    for rule in rules:
        ruled.setdefault(rule.rule.column, set()).add(rule.basis.code)
    markers: dict[str, list[str]] = {}
    for codes in ruled.values():
        chosen = [basis for basis in bases.bases if basis.code in codes][:MAX_MARKER_BASES]
        for size in range(1, len(chosen) + 1):
            for group in combinations(chosen, size):
                markers[bases.marker(group)] = [basis.code for basis in group]
    fields = spec.schema_.fields
    return _encoded(
        {
            "format": FORMAT,
            "synthetic": synthetic,
            "rows": rows,
            "part_rows": PART_ROWS,
            "parts": list(part_names(rows, len(fields))),
            "columns": [
                {"name": f.name, "title": f.title, "type": f.type.value, "withheld": f.name in ruled} for f in fields
            ],
            "markers": dict(sorted(markers.items())),
        }
    )


class PartBuffer:
    """Rows gathered into parts of PART_ROWS: ``add`` returns each part completed, ``rest`` the last one."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[tuple[str, ...]] = []

    def add(self, rows: Sequence[tuple[str, ...]]) -> list[list[tuple[str, ...]]]:
        self.rows.extend(rows)
        done = []
        while len(self.rows) >= PART_ROWS:
            done.append(self.rows[:PART_ROWS])
            del self.rows[:PART_ROWS]
        return done

    def rest(self) -> list[tuple[str, ...]] | None:
        rows, self.rows = self.rows, []
        return rows or None


@dataclass
class ExploreWriter:
    """Writes a dataset's parts into ``folder`` as its chunks arrive, in order; stops (and removes what it
    wrote) once the dataset turns out bigger than an explore page takes."""

    folder: Path
    width: int

    def __post_init__(self) -> None:
        self.buffer = PartBuffer(self.width)
        self.written: list[WrittenFile] = []
        self.rows = 0
        self.folder.mkdir(parents=True, exist_ok=True)

    def write(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.rows += len(rows)
        if not explorable(self.rows, self.width):
            self.discard()
            return
        for part in self.buffer.add(rows):
            self._write(part)

    def _write(self, rows: Sequence[tuple[str, ...]]) -> None:
        file = HashingFile(self.folder / part_name(len(self.written) + 1))
        file.write(part_bytes(rows, self.width))
        self.written.append(file.close())

    def close(self) -> tuple[WrittenFile, ...]:
        rest = self.buffer.rest()
        if rest is not None and explorable(self.rows, self.width):
            self._write(rest)
        return tuple(self.written)

    def discard(self) -> None:
        for file in self.written:
            file.path.unlink(missing_ok=True)
        self.written, self.buffer.rows = [], []
