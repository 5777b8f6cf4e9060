"""Benchmark: the scale targets of the reading room, each as a ratio to a baseline measured in the same run.

    python bench/scale.py                      # everything (about an hour on 2 cores)
    python bench/scale.py dataset releases     # some parts: dataset, big, releases, twin, search
    python bench/scale.py --quick              # small sizes, to try the script

Each part writes its figures to bench/results.json; bench/RESULTS.md is then written from all the
figures there, with the machine's description. Every command runs as a child process, timed with
GNU time (wall and CPU seconds, peak resident memory). Nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.synth import write_room  # noqa: E402 - after the path is set

RESULTS = REPO / "bench/results.json"
REPORT = REPO / "bench/RESULTS.md"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    log: str


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command under GNU time: wall and CPU seconds and peak memory of the command and its children."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times:
        result = subprocess.run(  # noqa: S603 - our own commands
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", times.name, *command],
            cwd=cwd,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
        wall, user, system, peak = times.read().split()[-4:]
    return Run(float(wall), float(user) + float(system), int(peak) / 1024, result.stderr)


def mkdocs_build(root: Path) -> Run:
    return timed([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")], root)


def gate_seconds(run: Run) -> float:
    found = re.search(r"search index ([\d.]+) s, gate ([\d.]+) s", run.log)
    return float(found.group(2)) if found else float("nan")


BASELINE = """
import sys
import pyarrow.csv as pc
import pyarrow.parquet as pq
table = pc.read_csv(sys.argv[1])
pc.write_csv(table, sys.argv[2] + ".csv")
pq.write_table(table, sys.argv[2] + ".parquet")
"""


def dataset_part(rows: int, columns: int, work: Path) -> dict[str, object]:
    """One dataset of ``rows`` x ``columns`` through mkdocs build, against pyarrow reading and writing it."""
    root = work / f"dataset-{rows}"
    write_room(root, 1, rows, 1, REPO / "mkdocs.yml", columns)
    source = next((root / "releases").glob("*/cases.csv"))
    baseline = timed([sys.executable, "-c", BASELINE, str(source), str(work / f"copy-{rows}")], work)
    build = mkdocs_build(root)
    figures = {
        "rows": rows,
        "columns": columns,
        "csv_mib": source.stat().st_size / 2**20,
        "baseline_cpu": baseline.cpu,
        "baseline_peak_mib": baseline.peak_mib,
        "build_cpu": build.cpu,
        "build_wall": build.wall,
        "build_peak_mib": build.peak_mib,
        "gate_s": gate_seconds(build),
        "cpu_ratio": build.cpu / baseline.cpu,
    }
    shutil.rmtree(root)
    return figures


def releases_part(count: int, work: Path) -> tuple[dict[str, object], Path]:
    """``count`` small releases: cold build, gate share, warm rebuild after one change, page sizes."""
    root = work / f"releases-{count}"
    write_room(root, count, 50, max(1, count // 50), REPO / "mkdocs.yml")
    cold = mkdocs_build(root)
    pages = [p.stat().st_size for p in (root / "site").rglob("*.html")]
    release = root / "releases/synthetic-000001/release.yml"
    release.write_text(release.read_text(encoding="utf-8").replace("Synthetic release 1", "Synthetic release one"))
    warm = mkdocs_build(root)
    figures = {
        "releases": count,
        "cold_wall": cold.wall,
        "cold_cpu": cold.cpu,
        "cold_peak_mib": cold.peak_mib,
        "gate_s": gate_seconds(cold),
        "gate_share": gate_seconds(cold) / cold.wall,
        "warm_wall": warm.wall,
        "warm_share": warm.wall / cold.wall,
        "largest_page_kib": max(pages) / 1024,
        "pages": len(pages),
    }
    return figures, root


def _document_pdf(number: int, pages: int) -> bytes:
    """A plain text PDF of ``pages`` pages, each with a few lines (reportlab, a development dependency)."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for setter in (canvas.setTitle, canvas.setAuthor, canvas.setSubject, canvas.setCreator, canvas.setKeywords):
        setter("")
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 11)
        for line in range(12):
            canvas.drawString(72, 720 - 16 * line, f"Synthetic document {number}, page {page}, line {line + 1}.")
        canvas.drawRightString(540, 30, f"SYN-{number:05d}-{page:03d}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def documents_part(count: int, pages: int, work: Path) -> dict[str, object]:
    """One release with ``count`` documents of ``pages`` pages each, against the same room without them."""
    root = work / f"documents-{count}"
    write_room(root, 1, 50, 1, REPO / "mkdocs.yml")
    baseline = mkdocs_build(root)
    folder = next((root / "releases").iterdir())
    entries = []
    for number in range(1, count + 1):
        (folder / f"doc-{number:05d}.pdf").write_bytes(_document_pdf(number, pages))
        # Two in three released in part (page 2 redacted), so the Vaughn index has rows to list.
        redacted = "released-in-part, redactions: [{pages: '2', basis: b6, justification: A private name here.}]"
        kept = redacted if number % 3 else ""
        entries.append(
            f"  - {{id: doc-{number:05d}, file: doc-{number:05d}.pdf, title: Synthetic document {number}, "
            f"pages: {pages}, disposition: {kept or 'released-in-full'}}}"
        )
    release = folder / "release.yml"
    release.write_text(release.read_text(encoding="utf-8") + "documents:\n" + "\n".join(entries) + "\n")
    build = mkdocs_build(root)
    html = [p.stat().st_size for p in (root / "site").rglob("*.html")]
    figures = {
        "documents": count,
        "pages_each": pages,
        "baseline_wall": baseline.wall,
        "build_wall": build.wall,
        "build_cpu": build.cpu,
        "build_peak_mib": build.peak_mib,
        "gate_s": gate_seconds(build),
        "ms_per_page": (build.wall - baseline.wall) * 1000 / (count * pages),
        "largest_page_kib": max(html) / 1024,
    }
    shutil.rmtree(root)
    return figures


TWIN_CONFIG = """\
site_name: Plain twin
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
"""


def twin_part(root: Path, work: Path, ours: float) -> dict[str, object]:
    """Plain MkDocs + Material building the same pages (our generated Markdown, tables and downloads
    included) with its own search, and nothing of ours: our build's wall time over its."""
    from generator import pipeline
    from generator.cache import BuildCache
    from generator.config import RoomConfig

    twin = work / "twin"
    docs = twin / "docs"
    shutil.copytree(root / "content", docs)
    _, outputs = pipeline.build(RoomConfig.at(root), BuildCache(None))
    for output in outputs:
        target = docs / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if output.source is not None:
            shutil.copyfile(output.source, target)
        else:
            target.write_bytes(output.content)
    (twin / "mkdocs.yml").write_text(TWIN_CONFIG, encoding="utf-8")
    plain = timed([sys.executable, "-m", "mkdocs", "build", "-q"], twin)
    shutil.rmtree(twin)
    return {"twin_wall": plain.wall, "ours_wall": ours, "ratio": ours / plain.wall}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def search_part(site: Path, query: str) -> dict[str, object]:
    """Bytes a visitor's browser fetches for a first search, in headless Chromium (Debian's)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    fetched: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            # Everything of the search bundle, from opening the search page to the first results.
            page.on(
                "response",
                lambda r: fetched.__setitem__(r.url, len(r.body())) if r.ok and "/pagefind/" in r.url else None,
            )
            page.goto(f"{base}search/")
            page.wait_for_load_state("networkidle")
            page.fill("#rr-query", query)
            page.get_by_role("status").filter(has_text="result").wait_for()
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return {"query": query, "bytes": sum(fetched.values()), "requests": len(fetched)}


def machine() -> str:
    cpus = os.cpu_count()
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    memory = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    python = platform.python_version()
    return f"{platform.platform()}; {cpus} CPUs ({model}); {int(memory) / 2**20:.0f} GiB; Python {python}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", default=["dataset", "big", "releases", "twin", "search", "documents"])
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the script")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    rows, big, counts, columns, documents = (1_000_000, 10_000_000, (1_000, 10_000), 20, 2_000)
    if args.quick:
        rows, big, counts, documents = 20_000, 50_000, (40, 400), 40
    with tempfile.TemporaryDirectory(prefix="rr-bench-") as folder:
        work = Path(folder)
        if "dataset" in args.parts:
            results["dataset"] = dataset_part(rows, columns, work)
            print("dataset", results["dataset"], flush=True)
        if "documents" in args.parts:
            results["documents"] = documents_part(documents, 5, work)
            print("documents", results["documents"], flush=True)
        if "big" in args.parts:
            results["big"] = dataset_part(big, columns, work)
            print("big", results["big"], flush=True)
        if {"releases", "twin", "search"} & set(args.parts):
            small, small_root = releases_part(counts[0], work)
            results["releases_small"] = small
            print("releases", small, flush=True)
            if "twin" in args.parts:
                results["twin"] = twin_part(small_root, work, float(small["cold_wall"]))  # type: ignore[arg-type]
                print("twin", results["twin"], flush=True)
            shutil.rmtree(small_root)
            if "releases" in args.parts or "search" in args.parts:
                large, large_root = releases_part(counts[1], work)
                results["releases_large"] = large
                print("releases", large, flush=True)
                if "search" in args.parts:
                    results["search"] = search_part(large_root / "site", "Synthetic Agency 7")
                    print("search", results["search"], flush=True)
    results["machine"] = machine()
    results["quick"] = args.quick
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    REPORT.write_text(report(results), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(REPO)}")


def report(r: dict[str, object]) -> str:
    """RESULTS.md from the figures: each target, the figure, and whether it is met."""

    def get(part: str, key: str) -> float:
        value = r.get(part)
        return float(value[key]) if isinstance(value, dict) and key in value else float("nan")

    rows: list[tuple[str, str, str, bool]] = []
    d_rows, d_cols, ratio = get("dataset", "rows"), get("dataset", "columns"), get("dataset", "cpu_ratio")
    rows.append(
        (
            f"{d_rows:,.0f} rows x {d_cols:.0f} columns ({get('dataset', 'csv_mib'):.0f} MiB): build CPU ÷ "
            "pyarrow reading it and writing CSV and Parquet",
            "≤ 3",
            f"{get('dataset', 'build_cpu'):.1f} s ÷ {get('dataset', 'baseline_cpu'):.1f} s = {ratio:.1f}",
            ratio <= 3,
        )
    )
    for part in ("dataset", "big"):
        peak = get(part, "build_peak_mib")
        measured = f"{peak:,.0f} MiB (pyarrow's own read and write: {get(part, 'baseline_peak_mib'):,.0f} MiB)"
        rows.append((f"peak memory of that build, {get(part, 'rows'):,.0f} rows", "< 1 GB", measured, peak < 1000))
    big_wall = get("big", "build_wall")
    built = big_wall == big_wall  # not NaN: the part ran to the end
    rows.append((f"{get('big', 'rows'):,.0f} rows builds at all", "yes", f"in {big_wall:,.0f} s", built))
    n_small, n_large = get("releases_small", "releases"), get("releases_large", "releases")
    small, large = get("releases_small", "cold_wall"), get("releases_large", "cold_wall")
    rows.append(
        (
            f"{n_small:,.0f} and {n_large:,.0f} small releases (50 rows each): full build",
            f"{n_large:,.0f} in < 10 min; ≤ 11x the smaller",
            f"{small:,.0f} s and {large:,.0f} s ({large / small:.1f}x)",
            large < 600 and large / small <= 11,
        )
    )
    warm = get("releases_small", "warm_share")
    measured = f"{get('releases_small', 'warm_wall'):.1f} s of {small:.1f} s = {warm:.0%}"
    rows.append((f"warm rebuild after changing one release of {n_small:,.0f}", "≤ 10% of cold", measured, warm <= 0.1))
    twin = get("twin", "ratio")
    measured = f"{get('twin', 'ours_wall'):.0f} s ÷ {get('twin', 'twin_wall'):.0f} s = {twin:.2f}"
    rows.append(
        (
            f"our build ÷ plain MkDocs + Material on the same pages, {n_small:,.0f} releases",
            "≤ 1.5",
            measured,
            twin <= 1.5,
        )
    )
    share = get("releases_small", "gate_share")
    measured = f"{get('releases_small', 'gate_s'):.1f} s of {small:.1f} s = {share:.0%}"
    rows.append((f"gate's share of a cold build, {n_small:,.0f} releases", "≤ 25%", measured, share <= 0.25))
    fetched = get("search", "bytes")
    measured = f"{fetched / 1000:,.0f} KB in {get('search', 'requests'):.0f} requests"
    rows.append((f"bytes fetched for a first search, {n_large:,.0f} releases", "< 300 KB", measured, fetched < 300_000))
    largest = get("releases_large", "largest_page_kib")
    measured = f"{largest:,.0f} KiB"
    rows.append((f"largest HTML page, {n_large:,.0f} releases", "< 500 KB", measured, largest * 1024 < 500_000))
    n_docs, doc_wall = get("documents", "documents"), get("documents", "build_wall")
    measured = (
        f"{doc_wall:,.0f} s (the room without them: {get('documents', 'baseline_wall'):,.0f} s; "
        f"{get('documents', 'ms_per_page'):.0f} ms a page; gate {get('documents', 'gate_s'):,.0f} s; "
        f"{get('documents', 'build_peak_mib'):,.0f} MiB); largest page {get('documents', 'largest_page_kib'):,.0f} KiB"
    )
    docs_ok = doc_wall == doc_wall and get("documents", "largest_page_kib") * 1024 < 500_000
    rows.append((f"a release of {n_docs:,.0f} documents of 5 pages builds", "yes; no page > 500 KB", measured, docs_ok))
    sizes = " (`--quick`: small sizes, not the targets' sizes)" if r.get("quick") else ""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {r.get('machine', '')}. Written by `python bench/scale.py`{sizes}.",
        "",
        "| figure | target | measured | |",
        "|---|---|---|---|",
        *(
            f"| {figure} | {target} | {measured} | {'met' if ok else '**not met**'} |"
            for figure, target, measured, ok in rows
        ),
        "",
        "Raw figures: `bench/results.json`.",
        "",
    ]
    # What the figures mean, where targets are missed and why: written by a person, kept across runs.
    analysis = REPO / "bench/analysis.md"
    if analysis.exists():
        lines += [analysis.read_text(encoding="utf-8")]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
