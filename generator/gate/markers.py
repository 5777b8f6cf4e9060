"""Rule 1: every withheld position carries its marker in every published form of a dataset.

Each published CSV and its Parquet copy are read back a chunk at a time and checked against the
dataset's rules in generator/gate/datasets.py; a broken or ragged CSV is a finding, never a
crash. Here each release page's preview table is parsed back from its HTML and
compared cell by cell with the preview rebuilt from that published CSV by the very function
that rendered it (generator.render.preview), and its cells are checked against the rules too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from selectolax.lexbor import LexborHTMLParser

from generator import urls
from generator.errors import ErrorLog
from generator.gate.datasets import ReadBack
from generator.gate.findings import Finding
from generator.gate.sitefiles import PAGEFIND_ENTRY, SEARCH_INDEX, SiteFiles
from generator.redaction import CompiledRule, check_row, compile_rules
from generator.releases import Dataset, Release
from generator.render.preview import Preview, build_preview
from generator.room import ReadingRoom
from generator.tables import Table

RULE = "withheld-marker"
# Files that carry data or other files; every one in the site must be a download we produced.
DATA_SUFFIXES = frozenset(
    {
        ".csv",
        ".tsv",
        ".xls",
        ".xlsx",
        ".ods",
        ".json",
        ".jsonl",
        ".ndjson",
        ".parquet",
        ".feather",
        ".pdf",
        ".sqlite",
        ".db",
        ".dta",
        ".sav",
        ".sas7bdat",
        ".dbf",
        ".mdb",
    }
)
ARCHIVE_SUFFIXES = frozenset({".zip", ".tar", ".tgz", ".7z", ".rar", ".xz", ".bz2", ".zst", ".lz", ".lzma", ".z"})
COMPRESSION_SUFFIXES = frozenset({".gz", ".xz", ".bz2", ".zst", ".br", ".lz", ".lzma", ".z"})


def is_data_file(name: str) -> bool:
    """A data file or archive, also when compressed (people.csv.gz)."""
    path = PurePosixPath(name.lower())
    if path.suffix in ARCHIVE_SUFFIXES:
        return True
    while path.suffix in COMPRESSION_SUFFIXES:
        path = path.with_suffix("")
    return path.suffix in DATA_SUFFIXES | ARCHIVE_SUFFIXES


def check_unexpected_files(downloads: Mapping[str, str], files: SiteFiles) -> list[Finding]:
    """A data file in the site that the core did not produce (e.g. a raw export left in content/)."""
    expected = set(downloads) | {SEARCH_INDEX, PAGEFIND_ENTRY}
    return [
        Finding(
            name,
            "file",
            "unexpected-data-file",
            "a data file or archive that no release publishes; remove it from the docs folder",
        )
        for name in map(files.name, files.paths)
        if is_data_file(name) and name not in expected
    ]


def check_downloads_unaltered(downloads: Mapping[str, str], files: SiteFiles) -> list[Finding]:
    """Each download holds exactly the bytes the core produced: a cell changed after the build (a condition
    value, a formula prefix, a marker) is found even where the rules, re-read, would not catch it."""
    return [
        Finding(name, "file", "altered-download", "differs from the file the build produced")
        for name, digest in sorted(downloads.items())
        if name in files.digests and files.digests[name] != digest  # a missing one: see check_markers
    ]


def check_markers(room: ReadingRoom, files: SiteFiles, published: Mapping[tuple[str, str], ReadBack]) -> list[Finding]:
    """Each release page's previews against its published CSVs as read back (``published``, from
    generator/gate/datasets.py, which also checked every cell of them and their Parquet copies)."""
    findings: list[Finding] = []
    for release in room.published:
        if any((release.id, dataset.spec.name) not in published for dataset in release.datasets):
            continue  # unchanged since a gate run found it clean (see generator/gate/__init__.py)
        read = [published[(release.id, dataset.spec.name)] for dataset in release.datasets]
        # The release's page in every language shows the same previews.
        for url in urls.in_every_language(urls.release(release.id)):
            findings += _check_page_previews(room, release, read, files.root, f"{url}index.html")
    return findings


def _check_page_previews(
    room: ReadingRoom, release: Release, read: list[ReadBack], root: Path, page_name: str
) -> list[Finding]:
    page = root / page_name
    previews = _preview_tables(page.read_text(encoding="utf-8", errors="replace")) if page.is_file() else []
    findings = []
    if len(previews) != len(release.datasets):
        detail = f"found {len(previews)} previews for {len(release.datasets)} datasets"
        findings.append(Finding(page_name, "preview tables", RULE, detail))
    for dataset, found, shown in zip(release.datasets, read, previews, strict=False):
        findings += _check_preview(room, dataset, found, shown, page_name)
    return findings


@dataclass(frozen=True)
class _ShownPreview:
    """A preview table as parsed from a page: header texts, and each cell's text and withheld class."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, bool], ...], ...]


def _check_preview(
    room: ReadingRoom, dataset: Dataset, found: ReadBack, shown: _ShownPreview, page: str
) -> list[Finding]:
    """The page's preview equals the one rebuilt from the published CSV, and honours the rules."""
    where = f"preview of '{dataset.spec.name}'"
    # A broken download is already a finding: the preview is then compared with the dataset's own first rows.
    source, total = (found.head, found.rows) if found.head is not None else (dataset.head, dataset.row_count)
    log = ErrorLog(room.config.root)
    rules = compile_rules(dataset.spec, source.header, room.bases, Path(page), log)
    if rules is None:
        return [Finding(page, where, RULE, error.what) for error in log.errors]
    expected = build_preview(source, rules, total)
    if shown.header != expected.header:
        return [
            Finding(
                page,
                f"{where}, header",
                RULE,
                f"shows {len(shown.header)} columns; the published CSV's "
                f"preview has {len(expected.header)} columns, or their names differ",
            )
        ]
    findings = []
    if len(shown.rows) != len(expected.rows):
        findings.append(
            Finding(
                page,
                where,
                RULE,
                f"shows {len(shown.rows)} rows; the preview of the published CSV has {len(expected.rows)}",
            )
        )
    findings += _compare_cells(expected, shown, page, where)
    findings += _check_shown_markers(room, source, rules, expected, shown, page, where)
    return findings


def _compare_cells(expected: Preview, shown: _ShownPreview, page: str, where: str) -> list[Finding]:
    findings = []
    for number, (want, got) in enumerate(zip(expected.rows, shown.rows, strict=False), start=1):
        if len(got) != len(want):
            findings.append(
                Finding(
                    page,
                    f"{where}, row {number}",
                    RULE,
                    f"shows {len(got)} cells; the published CSV's preview has {len(want)}",
                )
            )
            continue
        for index, (cell, (text, withheld)) in enumerate(zip(want, got, strict=True)):
            place = f"{where}, row {number}, column '{expected.header[index]}'"
            if text != cell.text:
                findings.append(
                    Finding(
                        page,
                        place,
                        RULE,
                        f"differs from the published CSV (shows a value of "
                        f"{len(text)} characters where {len(cell.text)} are expected)",
                    )
                )
            elif withheld != cell.withheld:
                findings.append(
                    Finding(
                        page,
                        place,
                        RULE,
                        "is styled as " + ("withheld" if withheld else "released") + " but the rules say otherwise",
                    )
                )
    return findings


def _check_shown_markers(
    room: ReadingRoom,
    source: Table,
    rules: list[CompiledRule],
    expected: Preview,
    shown: _ShownPreview,
    page: str,
    where: str,
) -> list[Finding]:
    """The rules' marker check on the cells the page shows.

    A shown cell equal to its expected form stands for the published cell (already checked in the
    CSV), so a cut that happens to end in "[REDACTED" or collapsed spaces in a condition's value are
    not mistaken for findings; a cell that differs is checked as it is shown.
    """
    log = ErrorLog(room.config.root)
    for number, (row, want, cells) in enumerate(zip(source.rows, expected.rows, shown.rows, strict=False), start=1):
        if len(cells) != len(want) or len(cells) > len(row):
            continue  # already a finding
        merged = tuple(
            row[index] if text == cell.text else text
            for index, ((text, _), cell) in enumerate(zip(cells, want, strict=True))
        )
        check_row(
            source.header, number, merged + row[len(cells) :], range(len(cells)), rules, room.bases, Path(page), log
        )
    return [Finding(page, f"{where}, {error.place()}", RULE, error.what) for error in log.errors]


def _preview_tables(html: str) -> list[_ShownPreview]:
    """Every table inside a div with class rr-preview, parsed with an HTML5 parser (Lexbor)."""
    tree = LexborHTMLParser(html)
    tables = []
    for div in tree.css("div.rr-preview"):
        header = tuple(th.text(deep=True) for th in div.css("thead th"))
        rows = tuple(
            tuple(
                (td.text(deep=True), "rr-withheld" in (td.attributes.get("class") or "").split()) for td in tr.css("td")
            )
            for tr in div.css("tbody tr")
        )
        tables.append(_ShownPreview(header, rows))
    return tables
