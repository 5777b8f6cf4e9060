"""Benchmark: a page must not grow with a table's width or a cell's length.

Builds two rooms with a real `mkdocs build` (gate included) in a temporary folder:

- wide: one dataset of 20,000 columns x 100 rows, with a conditional withholding rule;
- long cell: one dataset whose single released cell is 50 MB.

Prints the build's seconds, the release page's size, and then the publishing gate alone on the
built site, rule by rule (in this process), so the gate's share of the build is visible.

    python bench/bounded_preview.py            # both
    python bench/bounded_preview.py wide       # one of: wide, long

Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WIDE_COLUMNS, WIDE_ROWS = 20_000, 100
LONG_CELL = 50 * 1000 * 1000
RELEASE_YML = """id: bench
title: Bounded preview benchmark
agency: Benchmark Agency
release_date: 2020-01-01
synthetic: true
summary: Benchmark, see [Exemption 6](basis:b6).
approval: {{status: approved, approved_by: Bench, approved_on: 2020-02-01}}
datasets:
  - name: rows
    file: rows.csv
    title: Rows
    description: Benchmark rows.
    schema:
      fields:
        - {{name: outcome, type: string, title: Outcome, description: Outcome., constraints: {{enum: [a, b]}}}}
        - {{name: person, type: string, title: Person, description: A synthetic name.}}
{fields}    withholding:
      - {{column: person, basis: b6, where: {{column: outcome, in: [a]}}}}
"""


def make_room(root: Path, kind: str) -> None:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content").mkdir()
    (root / "content/about.md").write_text("# About\n")
    folder = root / "releases" / "bench"
    folder.mkdir(parents=True)
    if kind == "wide":
        extra = [f"c{i:05d}" for i in range(WIDE_COLUMNS - 2)]
        fields = "".join(f"        - {{name: {name}, type: integer, title: C, description: C.}}\n" for name in extra)
        lines = ["outcome,person," + ",".join(extra)]
        filler = ",".join(str(i % 1000) for i in range(len(extra)))
        for row in range(WIDE_ROWS):
            lines.append(f"a,[REDACTED (b)(6)],{filler}" if row % 7 == 0 else f"b,Person {row},{filler}")
    else:
        extra, fields = [], ""
        lines = ["outcome,person", "b," + "word " * (LONG_CELL // 5), "a,[REDACTED (b)(6)]"]
    (folder / "release.yml").write_text(RELEASE_YML.format(fields=fields))
    (folder / "rows.csv").write_text("\n".join(lines) + "\n")


def gate_by_rule(root: Path) -> list[tuple[str, float]]:
    """Each gate rule on the built site, timed in this process."""
    sys.path.insert(0, str(REPO))
    from generator import pipeline
    from generator.config import RoomConfig
    from generator.gate.identifiers import check_disguises, check_identifiers
    from generator.gate.markers import check_downloads_unaltered, check_markers, check_unexpected_files
    from generator.gate.markup import check_markup
    from generator.gate.sitefiles import SiteFiles
    from generator.output import downloads

    timings = []
    started = time.perf_counter()
    room, outputs = pipeline.build(RoomConfig.at(root))
    expected = downloads(outputs)
    timings.append(("load and render (core, again)", time.perf_counter() - started))
    files = SiteFiles(root / "site")
    rules: list[tuple[str, Callable[[], object]]] = [
        ("read files", lambda: files.files),
        ("unexpected files", lambda: check_unexpected_files(expected, files)),
        ("downloads unaltered", lambda: check_downloads_unaltered(expected, files)),
        ("disguises", lambda: check_disguises(files)),
        ("markers + preview", lambda: check_markers(room, files)),
        ("identifiers", lambda: check_identifiers(room, files)),
        ("markup", lambda: check_markup(files)),
    ]
    for name, rule in rules:
        started = time.perf_counter()
        rule()
        timings.append((name, time.perf_counter() - started))
    return timings


def measure(kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_room(root, kind)
        csv_size = (root / "releases/bench/rows.csv").stat().st_size
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONPATH": str(REPO)}
        started = time.perf_counter()
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")]
        subprocess.run(command, cwd=root, check=True, env=env)  # noqa: S603 - our own command line
        seconds = time.perf_counter() - started
        page = (root / "site/releases/bench/index.html").stat().st_size
        print(
            f"{kind}: CSV {csv_size / 1e6:.1f} MB; mkdocs build {seconds:.1f} s (gate included); "
            f"release page {page / 1000:.0f} KB"
        )
        timings = gate_by_rule(root)
        gate = sum(t for name, t in timings if not name.startswith("load"))
        for name, t in timings:
            print(f"    {name:<26} {t:6.2f} s")
        print(f"    gate total (without load)  {gate:6.2f} s")


def main() -> None:
    for kind in sys.argv[1:] or ["wide", "long"]:
        measure(kind)


if __name__ == "__main__":
    main()
