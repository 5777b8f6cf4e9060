"""Datasets are read once, a chunk at a time, in bounded memory: what comes out is what reading the
whole table at once would give, and memory does not grow with the number of rows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import textwrap

import pyarrow.parquet as pq
import pytest
from conftest import REPO

from generator import releases
from generator.errors import ContentErrors
from generator.render.downloads import published_csv
from generator.tables import Table

CSV = "releases/test-release/people.csv"
HEADER = "person_id,full_name,outcome\n"


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Two rows per chunk for the fixture's three columns, so every table spans several chunks."""
    monkeypatch.setattr(releases, "CHUNK_CELLS", 6)


def rows(count: int) -> str:
    lines = []
    for n in range(1, count + 1):
        acquitted = n % 3 == 0
        name = "[REDACTED (b)(6)]" if acquitted else ("=cmd()" if n == 4 else f"Person {n}")
        lines.append(f"{n},{name},{'acquitted' if acquitted else 'convicted'}")
    return HEADER + "\n".join(lines) + "\n"


def test_chunks_give_what_the_whole_table_gives(room, tiny_chunks):
    room.write(CSV, rows(9))
    dataset = room.load().releases[0].datasets[0]
    whole = list(csv.reader(io.StringIO(rows(9))))
    assert dataset.row_count == 9 and dataset.head.rows == tuple(map(tuple, whole[1:]))
    assert dataset.files.csv.path.read_bytes() == published_csv(Table(tuple(whole[0]), tuple(map(tuple, whole[1:]))))
    assert dataset.files.neutralised == 1  # row 4's formula, in the second chunk
    assert dataset.withheld.total == 3  # rows 3, 6 and 9, in three chunks
    assert pq.read_table(dataset.files.parquet.path).column("person_id").to_pylist() == list(range(1, 10))


def test_errors_name_their_rows_across_chunks(room, tiny_chunks):
    text = rows(9).replace("6,[REDACTED (b)(6)],acquitted", "6,Person 6,acquitted")
    room.write(CSV, text.replace("\n8,Person 8,convicted", "\nx8,Person 8,convicted"))
    with pytest.raises(ContentErrors) as raised:
        room.load()
    report = raised.value.report()
    assert "people.csv: row 6, column 'full_name': must be withheld under b6" in report
    assert "people.csv: row 8, column 'person_id': is not an integer" in report
    assert "Person 6" not in report


def test_a_ragged_row_in_a_later_chunk_is_reported_with_its_row(room, tiny_chunks):
    room.write(CSV, rows(7).replace("5,Person 5,convicted", "5,Person 5,convicted,extra"))
    with pytest.raises(ContentErrors) as raised:
        room.load()
    assert "row 5 (line 6): has 4 cells but the header has 3 columns" in raised.value.report()


def test_an_integer_that_stops_converting_in_a_later_chunk_makes_the_column_text(room, tiny_chunks):
    room.write(CSV, rows(6).replace("5,Person 5", "99999999999999999999,Person 5"))
    dataset = room.load().releases[0].datasets[0]
    table = pq.read_table(dataset.files.parquet.path)
    assert table.column("person_id").to_pylist() == ["1", "2", "3", "4", "99999999999999999999", "6"]


PEAK = textwrap.dedent(
    """
    import os, resource, subprocess, sys
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=sys.argv[1],
                   env=environment)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """
)
VALIDATE = ["-m", "generator", "--root", ".", "validate", "--content-only"]
BUILD = ["-m", "mkdocs", "build", "-q", "-d", "site"]


def peak_kib(tmp_path, rows_: int, command: list[str]) -> int:
    """Peak resident memory (KiB) of ``command`` run on a synthetic room with one dataset of ``rows_`` rows."""
    from generator.synth import write_room

    root = tmp_path / f"room-{rows_}"
    write_room(root, 1, rows_, 1, REPO / "mkdocs.yml")
    result = subprocess.run(
        [sys.executable, "-c", PEAK, str(root), sys.executable, *command], capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip())


def test_loading_a_dataset_takes_the_same_memory_at_any_length(tmp_path):
    # Held whole, 500,000 rows (25 MB) took about 250 MB more than 100,000; read a chunk at a time
    # (50,000 rows of these four columns) both take the same, within a margin for the allocator.
    small, large = peak_kib(tmp_path, 100_000, VALIDATE), peak_kib(tmp_path, 500_000, VALIDATE)
    assert large < small + 30 * 1024, (small, large)


def test_a_whole_build_takes_the_same_memory_at_any_length(tmp_path):
    # Load, render, Parquet, Pagefind, gate and promotion of 400,000 rows against 100,000: the gate reads
    # the published CSV and its Parquet copy back a chunk at a time too.
    small, large = peak_kib(tmp_path, 100_000, BUILD), peak_kib(tmp_path, 400_000, BUILD)
    assert large < small + 40 * 1024, (small, large)


# The gate's read-back of published datasets (generator/gate/datasets.py): what lies outside the cells.


def published_site(room, tmp_path):
    """A site folder holding only the room's published dataset files, as the core wrote them."""
    loaded = room.load()
    site = tmp_path / "site"
    for release in loaded.published:
        for dataset in release.datasets:
            folder = site / "releases" / release.id
            folder.mkdir(parents=True, exist_ok=True)
            for written in (dataset.files.csv, dataset.files.parquet):
                (folder / written.path.name).write_bytes(written.path.read_bytes())
    return loaded, site


def read_back_findings(loaded, site, values=None):
    from generator.gate.datasets import read_back
    from generator.gate.sitefiles import SiteFiles
    from generator.gate.withheld_values import values_automaton

    found = read_back(loaded, SiteFiles(site), values_automaton(values or {}))
    return [str(f) for read in found.values() for f in read.findings]


def test_column_names_are_read_for_identifiers_and_withheld_values(room, tmp_path):
    # Column names are ASCII identifiers, but an A-number or a withheld value fits in one; past the
    # preview's 50 columns no page shows it, so the download's header is read.
    room.edit("releases/test-release/release.yml", "name: outcome,", "name: a123456789,")
    room.edit("releases/test-release/release.yml", "column: outcome", "column: a123456789")
    room.write(CSV, rows(3).replace("person_id,full_name,outcome", "person_id,full_name,a123456789"))
    loaded, site = published_site(room, tmp_path)
    found = read_back_findings(loaded, site, {"other/d": ["full_name"]})
    assert f"{CSV}: header: [personal-identifier] a-number (text of 10 characters)" in found
    assert any(f.startswith(f"{CSV}: header: [withheld-value] value no. 1 withheld in other/d") for f in found)


def test_text_in_a_parquet_copys_metadata_is_read(room, tmp_path):
    loaded, site = published_site(room, tmp_path)
    parquet = site / "releases/test-release/people.parquet"
    table = pq.read_table(parquet).replace_schema_metadata({"note": "SSN 123-45-6789"})
    pq.write_table(table, parquet)
    found = read_back_findings(loaded, site)
    assert "releases/test-release/people.parquet: metadata: [personal-identifier] ssn (text of 11 characters)" in found
    assert any("people.parquet: schema: [withheld-marker]" in f for f in found)


def test_a_withheld_value_split_across_two_chunks_is_found(room, tmp_path, monkeypatch):
    monkeypatch.setattr(releases, "CHUNK_CELLS", 3)  # one row per chunk, in the core and in the gate
    loaded, site = published_site(room, tmp_path)
    # "convicted" ends row 1, "2" starts row 2: together they read as a value withheld elsewhere.
    found = read_back_findings(loaded, site, {"other/d": ["convicted 2"]})
    assert any(f.startswith(f"{CSV}: file text: [withheld-value] value no. 1 withheld in other/d") for f in found)
