"""Benchmark: build time and peak memory as the reading room grows.

Generates rooms of N synthetic releases with generator/synth.py (one dataset of ROWS rows each,
with a conditional withholding rule citing an opinion), runs a real `mkdocs build` (gate included)
on each, and prints seconds, seconds per release, peak RSS and site size. Cost should grow linearly
with content.

    python bench/build_scaling.py            # N = 25, 50, 100, 200
    python bench/build_scaling.py 50 400     # chosen sizes

Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.synth import write_room  # noqa: E402 - after the path is set

ROWS = 2000
OPINIONS = 20


def measure(releases: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_room(root, releases, ROWS, OPINIONS, REPO / "mkdocs.yml")
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
