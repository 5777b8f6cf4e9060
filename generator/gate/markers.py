"""Rule 1: every withheld position carries its marker in every published form of a dataset.

The published CSV is parsed back from the site folder and checked against the dataset's
rules with the same code the loader uses for committed files; a broken or ragged CSV is a
finding, never a crash. Each release page's preview table is parsed back from its HTML and
compared cell by cell with the preview rebuilt from that published CSV by the very function
that rendered it (generator.render.preview), and its cells are checked against the rules too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from selectolax.lexbor import LexborHTMLParser

from generator import urls
from generator.errors import ErrorLog
from generator.gate.findings import Finding
from generator.gate.sitefiles import PAGEFIND_ENTRY, SEARCH_INDEX, SiteFiles
from generator.redaction import CompiledRule, check_row, compile_rules, ruled_columns
from generator.releases import Dataset
from generator.render.parquet import parquet_table, read_parquet
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


def check_markers(room: ReadingRoom, files: SiteFiles) -> list[Finding]:
    findings: list[Finding] = []
    for release in room.published:
        if any(urls.download(release.id, dataset.spec.name) in files.settled for dataset in release.datasets):
            continue  # unchanged since a gate run found it clean (see generator/gate/__init__.py)
        page_name = f"{urls.release(release.id)}index.html"
        page = files.root / page_name
        previews = _preview_tables(page.read_text(encoding="utf-8", errors="replace")) if page.is_file() else []
        if len(previews) != len(release.datasets):
            findings.append(
                Finding(
                    page_name,
                    "preview tables",
                    RULE,
                    f"found {len(previews)} previews for {len(release.datasets)} datasets",
                )
            )
        published: list[Table | None] = []
        for dataset in release.datasets:
            name = urls.download(release.id, dataset.spec.name)
            table, problems = _check_download(room, dataset, files, name)
            findings += problems
            published.append(table)
        for dataset, table, shown in zip(release.datasets, published, previews, strict=False):
            findings += _check_preview(room, dataset, table, shown, page_name)
        for dataset, table in zip(release.datasets, published, strict=True):
            findings += _check_parquet(room, dataset, table, files, urls.parquet(release.id, dataset.spec.name))
    return findings


def _check_parquet(
    room: ReadingRoom, dataset: Dataset, table: Table | None, files: SiteFiles, name: str
) -> list[Finding]:
    """The Parquet copy holds exactly the published CSV's cells, typed as the core types them."""
    path = files.root / name
    if not path.is_file():
        return [Finding(name, "file", RULE, "the dataset's Parquet copy is missing")]
    if table is None:
        return []  # the CSV is broken, already a finding: there is nothing sound to compare with
    try:
        actual = read_parquet(path.read_bytes())
    except pa.ArrowException:
        return [Finding(name, "file", RULE, "cannot be read as Parquet")]
    rules = compile_rules(dataset.spec, table.header, room.bases, Path(name), ErrorLog(room.config.root))
    expected = parquet_table(table, dataset.spec, ruled_columns(rules or ()))
    if actual.schema != expected.schema:
        return [Finding(name, "schema", RULE, "its columns or their types differ from the published CSV's")]
    if actual.num_rows != expected.num_rows:
        return [Finding(name, "file", RULE, f"has {actual.num_rows} rows, the published CSV {expected.num_rows}")]
    findings = []
    for column, want, got in zip(expected.column_names, expected.columns, actual.columns, strict=True):
        same = pc.or_kleene(pc.equal(want, got), pc.and_(pc.is_null(want), pc.is_null(got)))
        differing = np.flatnonzero(~np.asarray(pc.fill_null(same, False), dtype=bool))
        if len(differing):
            detail = f"{len(differing)} values differ from the published CSV (the first in row {differing[0] + 1})"
            findings.append(Finding(name, f"column '{column}'", RULE, detail))
    return findings


def _read_download(files: SiteFiles, name: str) -> tuple[Table | None, str]:
    """The published table, or None and why it cannot be read."""
    table = files.published_table(name)  # never raises: undecodable bytes and broken CSV read as differing
    if table is None:
        return None, "the dataset's download is missing"
    return table, ""


def _check_download(
    room: ReadingRoom, dataset: Dataset, files: SiteFiles, name: str
) -> tuple[Table | None, list[Finding]]:
    """Check a published CSV; return it when it is well-formed enough to rebuild the preview from."""
    table, problem = _read_download(files, name)
    if table is None:
        return None, [Finding(name, "file", RULE, problem)]
    if table.header != dataset.header:
        return None, [Finding(name, "header", RULE, "the columns differ from the dataset's")]
    findings = []
    if len(table.rows) != dataset.row_count:
        findings.append(Finding(name, "file", RULE, f"has {len(table.rows)} rows, the dataset {dataset.row_count}"))
    ragged = [number for number, row in enumerate(table.rows, start=1) if len(row) != len(table.header)]
    findings += [
        Finding(
            name,
            f"row {number}",
            RULE,
            f"has {len(table.rows[number - 1])} cells but the header "
            f"has {len(table.header)} columns (a broken or tampered CSV)",
        )
        for number in ragged
    ]
    log = ErrorLog(room.config.root)
    rules = compile_rules(dataset.spec, table.header, room.bases, Path(name), log)
    if rules is not None:
        columns = range(len(table.header))
        for number, row in enumerate(table.rows, start=1):
            if len(row) == len(table.header):
                check_row(table.header, number, row, columns, rules, room.bases, Path(name), log)
    findings += [Finding(name, error.place(), RULE, error.what) for error in log.errors]
    return (None if ragged or rules is None else table), findings


@dataclass(frozen=True)
class _ShownPreview:
    """A preview table as parsed from a page: header texts, and each cell's text and withheld class."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, bool], ...], ...]


def _check_preview(
    room: ReadingRoom, dataset: Dataset, table: Table | None, shown: _ShownPreview, page: str
) -> list[Finding]:
    """The page's preview equals the one rebuilt from the published CSV, and honours the rules."""
    where = f"preview of '{dataset.spec.name}'"
    source = table if table is not None else dataset.head  # a broken download is already a finding
    log = ErrorLog(room.config.root)
    rules = compile_rules(dataset.spec, source.header, room.bases, Path(page), log)
    if rules is None:
        return [Finding(page, where, RULE, error.what) for error in log.errors]
    expected = build_preview(source, rules)
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
