"""Benchmark: build time and peak memory as the reading room grows.

Generates rooms of N synthetic releases (one dataset of ROWS rows each, with a conditional
withholding rule), runs a real `mkdocs build` (gate included) on each, and prints seconds,
seconds per release, peak RSS and site size. Cost should grow linearly with content.

    python bench/build_scaling.py            # N = 25, 50, 100, 200
    python bench/build_scaling.py 50 400     # chosen sizes

Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROWS = 2000
RELEASE_YML = """id: {id}
title: Benchmark release {n}
agency: Benchmark Agency
release_date: 2020-01-{day:02d}
synthetic: true
summary: Benchmark release {n}, see [Exemption 6](basis:b6).
approval: {{status: approved, approved_by: Bench, approved_on: 2020-02-01}}
datasets:
  - name: rows
    file: rows.csv
    title: Rows
    description: Benchmark rows.
    schema:
      fields:
        - {{name: row_id, type: integer, title: Row, description: Row number.}}
        - {{name: person, type: string, title: Person, description: A synthetic name.}}
        - {{name: outcome, type: string, title: Outcome, description: Outcome.}}
    withholding:
      - {{column: person, basis: b6, where: {{column: outcome, in: [acquitted]}}}}
"""


def make_room(root: Path, releases: int) -> None:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content").mkdir()
    (root / "content/about.md").write_text("# About\n")
    for n in range(releases):
        folder = root / "releases" / f"bench-{n:05d}"
        folder.mkdir(parents=True)
        (folder / "release.yml").write_text(RELEASE_YML.format(id=folder.name, n=n, day=n % 28 + 1))
        with (folder / "rows.csv").open("w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["row_id", "person", "outcome"])
            for i in range(ROWS):
                acquitted = i % 7 == 0
                writer.writerow(
                    [i, "[REDACTED (b)(6)]" if acquitted else f"Person {i}", "acquitted" if acquitted else "convicted"]
                )


def measure(releases: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_room(root, releases)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        started = time.perf_counter()
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")]
        subprocess.run(command, cwd=root, check=True, env=env)  # noqa: S603 - our own command line
        seconds = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        return seconds, peak_kib, size


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [25, 50, 100, 200]
    print(f"{'releases':>8} {'rows':>9} {'seconds':>8} {'s/release':>9} {'peak MiB*':>9} {'site MiB':>8}")
    for releases in sizes:
        seconds, peak_kib, size = measure(releases)
        print(
            f"{releases:>8} {releases * ROWS:>9} {seconds:>8.1f} {seconds / releases:>9.3f} "
            f"{peak_kib / 1024:>9.0f} {size / 2**20:>8.1f}"
        )
    print("* peak RSS of the largest build so far (getrusage reports the maximum over finished children)")


if __name__ == "__main__":
    main()
