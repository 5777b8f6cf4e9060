"""Loading releases: releases/<id>/release.yml and the CSV datasets beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path

import numpy as np

from generator.bases import Catalogue
from generator.cache import BuildCache, code_digest, digest, files_digest
from generator.config import RoomConfig
from generator.documents.loading import Document, load_documents
from generator.errors import ErrorLog, position
from generator.fieldtypes import mismatch, nonconforming
from generator.input_files import read_spec, release_file_path, within_size_limit
from generator.models import DatasetSpec, ReleaseSpec
from generator.prose import Prose, parse_prose, translated_prose
from generator.redaction import (
    Columns,
    CompiledRule,
    Withheld,
    check,
    check_enums,
    compile_rules,
    empty_counts,
)
from generator.render.dataset_files import DatasetFiles, DatasetWriter, spreadsheet_properties
from generator.render.preview import PREVIEW_ROWS
from generator.render.published_files import WrittenFile
from generator.render.spreadsheets import SheetProperties
from generator.tables import CsvStream, Table

RELEASE_FILE = "release.yml"
YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Dataset:
    """A checked, redacted dataset of a release, read once in bounded memory: what pages show of it, and
    its published files, written while it was read."""

    spec: DatasetSpec
    path: Path
    header: tuple[str, ...]
    row_count: int
    head: Table  # the first PREVIEW_ROWS rows, for the preview
    rules: tuple[CompiledRule, ...]
    withheld: Withheld
    files: DatasetFiles
    # Rows that the release's approvals name (row number -> the whole row), for their checks.
    approved_rows: dict[int, tuple[str, ...]] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class Release:
    """A release that passed validation; whether it is published is decided by publishing.py."""

    spec: ReleaseSpec
    folder: Path
    summary: Prose
    datasets: tuple[Dataset, ...]
    documents: tuple[Document, ...] = ()
    # The build cache's key for this release: the generator's code and the folder's files (generator.cache).
    digest: str = ""
    # A digest of the release folder's files alone: the version a citation names (a correction changes it).
    version: str = ""
    # The summary in other languages, by language code, where release.yml gives one (translations.<code>.summary).
    translated_summaries: dict[str, Prose] = dataclass_field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec.id


def release_folders(config: RoomConfig) -> list[Path]:
    """Every release folder under releases/, sorted by name."""
    if not config.releases_dir.is_dir():
        return []
    return sorted(p for p in config.releases_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_releases(
    config: RoomConfig, bases: Catalogue, log: ErrorLog, cache: BuildCache | None = None
) -> list[Release]:
    """Every release that loads without errors, sorted by id; errors go to the log. A release whose files
    are unchanged since a build that loaded it without errors comes from the cache, not read again."""
    cache = cache or BuildCache(None)
    folders = release_folders(config)
    releases = [_load_or_reuse(folder, config, bases, log, cache) for folder in folders]
    _check_stray_files(config, folders, [r for r in releases if r is not None], log)
    return [release for release in releases if release is not None]


def _load_or_reuse(
    folder: Path, config: RoomConfig, bases: Catalogue, log: ErrorLog, cache: BuildCache
) -> Release | None:
    files = [path for path in folder.rglob("*") if path.is_file()]
    content = files_digest(files, folder)
    key = digest(code_digest(), str(config.max_file_bytes), str(folder.resolve()), content)
    out = cache.files(key)  # kept by this build whether the release is reused or read again
    cached = cache.load("release", key)
    if isinstance(cached, Release) and all(_files_intact(files) for files in _written(cached)):
        return cached
    problems_before = log.count
    release = load_release(folder, config, bases, log, out)
    if release is None or log.count > problems_before:
        return release  # never cached: a release with errors must be read (and fail) every time
    release = replace(release, digest=key, version=content)
    cache.store("release", key, release)
    return release


def _written(release: Release) -> list[tuple[WrittenFile, ...]]:
    """The files a release's datasets and documents wrote for the site."""
    found = [d.files.all for d in release.datasets]
    return found + [(d.file,) for d in release.documents if d.file is not None]


def _files_intact(written: tuple[WrittenFile, ...]) -> bool:
    """A cached release's published files are still where it wrote them, at their size."""
    return all(f.path.is_file() and f.path.stat().st_size == f.size for f in written)


def _check_stray_files(config: RoomConfig, folders: list[Path], releases: list[Release], log: ErrorLog) -> None:
    """Every file under releases/ is a release.yml or a dataset it lists: anything else (a raw, unredacted
    export left beside the redacted one, in a dot folder or loose in releases/) would be committed to a
    public repository without ever being published or checked."""
    if not config.releases_dir.is_dir():
        return
    listed = {(folder / RELEASE_FILE).resolve() for folder in folders}
    listed |= {dataset.path.resolve() for release in releases for dataset in release.datasets}
    listed |= {(r.folder / d.spec.file).resolve() for r in releases for d in r.documents if d.spec.file is not None}
    loaded = {release.folder.name for release in releases}  # once: per folder it was quadratic in releases
    failed = {folder for folder in folders if folder.name not in loaded}
    for path in sorted(config.releases_dir.rglob("*")):
        in_failed = any(path.is_relative_to(folder) for folder in failed)
        if path.is_dir() or path.resolve() in listed or (in_failed and path.suffix.lower() in (".csv", ".pdf")):
            continue  # a release that did not load cannot say which files it lists: its errors come first
        log.add(
            path,
            "file",
            "a file no release.yml lists as a dataset or document",
            code="RR114",
        )


def load_spec(folder: Path, config: RoomConfig, log: ErrorLog) -> ReleaseSpec | None:
    """The validated release.yml of a release folder."""
    path = folder / RELEASE_FILE
    if not path.exists() and not path.is_symlink():
        log.add(folder, "", f"the release folder has no {RELEASE_FILE}", code="RR301")
        return None
    spec = read_spec(ReleaseSpec, path, config, log)
    if spec is None:
        return None
    if YEAR.fullmatch(spec.id):
        log.add(
            path,
            log.place(path, ("id",)),
            "a release id may not be a four-digit year: /releases/<year>/ lists that year's releases",
            code="RR308",
        )
    if spec.id != folder.name:
        log.add(
            path,
            log.place(path, ("id",)),
            f"the release id differs from its folder name '{folder.name}'",
            code="RR302",
        )
    return spec


def load_release(folder: Path, config: RoomConfig, bases: Catalogue, log: ErrorLog, out: Path) -> Release | None:
    """A release and its datasets; their published files are written to ``out``."""
    spec = load_spec(folder, config, log)
    if spec is None:
        return None
    path = folder / RELEASE_FILE
    document = log.document(path)
    first_line = document.text_start(("summary",))[0] if document else 1
    summary = parse_prose(spec.summary, path, "summary", log, first_line)
    translated = translated_prose(spec.translations, path, log, document)
    names = [dataset.name for dataset in spec.datasets]
    log.duplicates(path, "datasets", "name", names, code="RR304")
    _check_shared_files(spec, folder, path, log)
    approved = {name: frozenset(a.row for a in spec.approvals if a.dataset == name) for name in names}
    datasets = [
        load_dataset(
            spec_,
            folder,
            path,
            config,
            bases,
            log,
            out,
            approved[spec_.name],
            spreadsheet_properties(spec_, spec.title, spec.agency, spec.release_date),
        )
        for spec_ in spec.datasets
    ]
    documents = load_documents(spec, folder, path, config, bases, log, out)
    if any(dataset is None for dataset in datasets) or documents is None:
        return None
    kept = tuple(d for d in datasets if d is not None)
    return Release(spec, folder, summary, kept, documents, translated_summaries=translated)


def _check_shared_files(spec: ReleaseSpec, folder: Path, release_file: Path, log: ErrorLog) -> None:
    """Each file belongs to one dataset or document: one file published twice under two names is a mistake."""
    named: dict[Path, tuple[str | int, ...]] = {}
    places: list[tuple[tuple[str | int, ...], str]] = [(("datasets", d.name, "file"), d.file) for d in spec.datasets]
    places += [(("documents", i, "file"), d.file) for i, d in enumerate(spec.documents) if d.file is not None]
    for loc, name in places:
        try:
            key = (folder / name).resolve()
        except (OSError, ValueError):
            continue  # the loader says what is wrong with the name
        if key in named:
            log.add(
                release_file,
                log.place(release_file, loc),
                f"the file is also named by {position(named[key])}",
                code="RR314",
            )
        named.setdefault(key, loc)


def load_dataset(
    spec: DatasetSpec,
    folder: Path,
    release_file: Path,
    config: RoomConfig,
    bases: Catalogue,
    log: ErrorLog,
    out: Path,
    approved: frozenset[int],
    properties: SheetProperties,
) -> Dataset | None:
    """Read a dataset once, a chunk at a time: check every chunk and write its published files to ``out``
    as it goes; None (with errors logged, files removed) when anything is wrong."""
    path = release_file_path(spec.file, folder, release_file, ("datasets", spec.name, "file"), log, ".csv", "CSV")
    if path is None or not within_size_limit(path, config, log):
        return None
    problems = log.count
    reading = _Reading(spec, path, bases, log, approved, properties)
    stream = CsvStream(path, log, chunk_rows(len(spec.schema_.fields)))
    try:
        for first, chunk in stream.chunks():
            # A ragged row makes the cells' columns unknowable: read on for the other such rows only.
            if stream.ok and not reading.take(first, chunk, release_file, out):
                break
    except BaseException:
        reading.discard()
        raise
    if reading.writer is None or log.count > problems:
        reading.discard()
        return None
    files = reading.writer.close(lambda: (chunk for _, chunk in CsvStream(path, ErrorLog(config.root)).chunks()))
    head = Table(reading.header, tuple(reading.head))
    return Dataset(
        spec, path, reading.header, reading.rows, head, tuple(reading.rules), reading.withheld, files, reading.approved
    )


# Cells per chunk: a chunk of a wide table has fewer rows, so memory is bounded by cells, not rows.
CHUNK_CELLS = 200_000


def chunk_rows(columns: int) -> int:
    return max(1, CHUNK_CELLS // max(1, columns))


class _Reading:
    """The state of one pass over a dataset: checks and counts so far, the head, the files being written."""

    def __init__(
        self,
        spec: DatasetSpec,
        path: Path,
        bases: Catalogue,
        log: ErrorLog,
        approved: frozenset[int],
        properties: SheetProperties,
    ) -> None:
        self.spec, self.path, self.bases, self.log, self.wanted = spec, path, bases, log, approved
        self.properties = properties
        self.header: tuple[str, ...] = ()
        self.rules: list[CompiledRule] = []
        self.writer: DatasetWriter | None = None
        self.withheld = empty_counts()
        self.head: list[tuple[str, ...]] = []
        self.approved: dict[int, tuple[str, ...]] = {}
        self.rows = 0
        self.problems = log.count

    def take(self, first: int, chunk: Table, release_file: Path, out: Path) -> bool:
        """Check one chunk and write it; False when reading further is pointless (the header is unusable)."""
        log = self.log
        if self.writer is None:
            if not columns_match(self.spec, chunk.header, self.path, release_file, log):
                return False
            rules = compile_rules(self.spec, chunk.header, self.bases, release_file, log)
            if rules is None:
                return False
            self.header, self.rules = chunk.header, rules
            self.writer = DatasetWriter(out, self.spec, chunk.header, rules, self.properties)
        log.row_offset = first - 1
        try:
            columns = Columns.of(chunk, self.rules)
            self.withheld.merge(check(chunk, columns, self.rules, self.bases, self.path, log))
            check_released_cells(self.spec, chunk, columns, self.rules, self.path, log)
        finally:
            log.row_offset = 0
        self.rows += len(chunk.rows)
        self.head += chunk.rows[: PREVIEW_ROWS - len(self.head)]
        last = first + len(chunk.rows)
        self.approved |= {row: chunk.rows[row - first] for row in self.wanted if first <= row < last}
        if log.count == self.problems:  # once anything is wrong the files are discarded: stop writing them
            self.writer.write(chunk)
        return True

    def discard(self) -> None:
        if self.writer is not None:
            self.writer.discard()


def columns_match(spec: DatasetSpec, header: tuple[str, ...], path: Path, release_file: Path, log: ErrorLog) -> bool:
    """The CSV's header names exactly the schema's fields, in order."""
    declared = [field.name for field in spec.schema_.fields]
    declared_names, header_names = set(declared), set(header)  # sets: a schema may have thousands of fields
    ok = True
    for number, name in enumerate(declared):
        if name not in header_names:
            # Named by position only: the name may be a value pasted in by mistake.
            log.add(
                release_file,
                log.place(release_file, ("datasets", spec.name, "schema", "fields", number)),
                f"the column is in the schema but not in {path.name}",
                "add the column to the CSV or remove it from the schema",
                code="RR407",
            )
            ok = False
    for index, name in enumerate(header, start=1):
        if name not in declared_names:
            # Named by position and by its neighbour in the schema, never by its own name: a CSV missing its
            # header row would put a data row here.
            before = next((n for n in reversed(header[: index - 1]) if n in declared_names), None)
            log.add(
                path,
                f"header, column {index}" + (f" (after '{before}')" if before else ""),
                "the column is in the CSV but not in the schema",
                f"describe it under schema.fields of dataset {spec.name} in {release_file.name}, "
                "or add the missing header row",
                code="RR408",
            )
            ok = False
    if ok and declared != list(header):
        log.add(
            release_file,
            log.place(release_file, ("datasets", spec.name, "schema", "fields")),
            f"the schema lists the columns in a different order than {path.name}",
            code="RR409",
        )
        ok = False
    return ok


def check_released_cells(
    spec: DatasetSpec, table: Table, columns: Columns, rules: list[CompiledRule], path: Path, log: ErrorLog
) -> None:
    """Released cells fit their declared type and their column's enum; withheld cells are skipped.

    The same check for a redacted dataset (the build) and an unredacted one (redact, before writing).
    """
    if not table.rows:
        return
    # Column by column, vectorised: a million rows are checked in C, and only the cells that fail are
    # looked at in Python (for their hint).
    withheld = columns.withheld(rules)
    check_enums(spec, table, columns.arrays, withheld, path, log)
    for index, field in enumerate(spec.schema_.fields):
        failing = nonconforming(field.type, columns.arrays[index])
        if index in withheld:
            failing &= ~withheld[index]
        for row in np.flatnonzero(failing).tolist():
            cell = table.rows[row][index]
            log.cell(path, row + 1, table.header[index], mismatch(field.type, cell), code="RR410")
