"""Rule 1: every withheld position carries its marker in every published form of a dataset.

The published CSV is parsed back from the site folder, and each release page's preview
table is parsed back from its HTML; both are checked against the dataset's rules with the
same code the loader uses for committed files.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from generator import urls
from generator.errors import ErrorLog
from generator.gate.findings import Finding
from generator.gate.sitefiles import SEARCH_INDEX, SiteFiles
from generator.redaction import check, compile_rules
from generator.releases import Dataset, Release
from generator.room import ReadingRoom
from generator.tables import Table

RULE = "withheld-marker"
# Files that carry data or other files; every one in the site must be a download we produced.
DATA_SUFFIXES = frozenset({".csv", ".tsv", ".xls", ".xlsx", ".ods", ".json", ".jsonl", ".ndjson", ".parquet",
                           ".feather", ".pdf", ".sqlite", ".db", ".dta", ".sav", ".sas7bdat", ".dbf", ".mdb"})
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


def check_unexpected_files(downloads: frozenset[str], files: SiteFiles) -> list[Finding]:
    """A data file in the site that the core did not produce (e.g. a raw export left in content/)."""
    expected = downloads | {SEARCH_INDEX}
    return [Finding(name, "file", "unexpected-data-file",
                    "a data file or archive that no release publishes; remove it from the docs folder")
            for name in map(files.name, files.paths) if is_data_file(name) and name not in expected]


def check_markers(room: ReadingRoom, files: SiteFiles) -> list[Finding]:
    findings: list[Finding] = []
    for release in room.published:
        page_name = f"{urls.release(release.id)}index.html"
        page = files.root / page_name
        previews = _preview_tables(page.read_text(encoding="utf-8")) if page.is_file() else []
        if len(previews) != len(release.datasets):
            findings.append(Finding(page_name, "preview tables", RULE,
                                    f"found {len(previews)} previews for {len(release.datasets)} datasets"))
        for dataset, preview in zip(release.datasets, previews, strict=False):
            findings += _check_table(room, dataset, preview, page_name, f"preview of '{dataset.spec.name}'")
        findings += _check_downloads(room, release, files)
    return findings


def _check_downloads(room: ReadingRoom, release: Release, files: SiteFiles) -> list[Finding]:
    findings = []
    for dataset in release.datasets:
        name = urls.download(release.id, dataset.spec.name)
        table = files.published_table(name)
        if table is None:
            findings.append(Finding(name, "file", RULE, "the dataset's download is missing"))
            continue
        if len(table.rows) != len(dataset.table.rows):
            findings.append(Finding(name, "file", RULE, f"has {len(table.rows)} rows, the dataset "
                                    f"{len(dataset.table.rows)}"))
        findings += _check_table(room, dataset, table, name, "")
    return findings


def _check_table(room: ReadingRoom, dataset: Dataset, table: Table, file: str, where: str) -> list[Finding]:
    """Check a published form of a dataset with the loader's own rule check."""
    log = ErrorLog(room.config.root)
    if table.header != dataset.table.header:
        return [Finding(file, where or "header", RULE, "the columns differ from the dataset's")]
    rules = compile_rules(dataset.spec, table.header, room.bases, Path(file), log)
    if rules is not None:
        check(table, rules, room.bases, Path(file), log)
    prefix = f"{where}, " if where else ""
    return [Finding(file, prefix + error.where, RULE, error.what) for error in log.errors]


class _PreviewParser(HTMLParser):
    """Header and body cells of every table inside a div with class rr-preview."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.header: list[str] = []
        self.rows: list[tuple[str, ...]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_preview = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "rr-preview" in classes:
            self.in_preview, self.header, self.rows = 1, [], []
        elif self.in_preview and tag == "div":
            self.in_preview += 1
        elif self.in_preview and tag == "tr":
            self.row = []
        elif self.in_preview and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if not self.in_preview:
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.header:
                self.rows.append(tuple(self.row))
            else:
                self.header = self.row
            self.row = None
        elif tag == "div":
            self.in_preview -= 1
            if not self.in_preview:
                self.tables.append(Table(tuple(self.header), tuple(self.rows)))

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _preview_tables(html: str) -> list[Table]:
    parser = _PreviewParser()
    parser.feed(html)
    return parser.tables
