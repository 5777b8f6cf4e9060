"""The whole reading room: every release, opinion and basis, loaded, validated and cross-checked.

``load_room`` is the first half of the pipeline (load → validate → check); it either returns
a consistent ReadingRoom or raises ContentErrors listing every problem, before anything is rendered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.bases import Catalogue, catalogue
from generator.boundary import check_inputs
from generator.cache import BuildCache
from generator.config import RoomConfig
from generator.content_pages import load_pages
from generator.documents.loading import Document
from generator.errors import ErrorLog, suggest
from generator.models import DocumentRedaction, is_slug
from generator.opinions import Opinion, load_opinions
from generator.prose import Prose
from generator.publishing import Publication, notice, publication
from generator.releases import RELEASE_FILE, Dataset, Release, load_releases, release_folders
from generator.requests import Request, load_requests, request_paths
from generator.settings import Settings, load_settings


@dataclass(frozen=True)
class Citation:
    """A withholding rule that names an opinion as its authority."""

    release: Release
    dataset: Dataset
    column: str
    basis: str


@dataclass(frozen=True)
class DocumentCitation:
    """A document redaction that names an opinion as its authority."""

    release: Release
    document: Document
    redaction: DocumentRedaction


@dataclass(frozen=True)
class DocumentUse:
    """Where a basis withholds pages: one document of a published release."""

    release: Release
    document: Document
    pages: int


@dataclass(frozen=True)
class BasisUse:
    """Where a basis withholds cells: one column of one published dataset."""

    release: Release
    dataset: Dataset
    column: str
    cells: int


@dataclass(frozen=True)
class ReadingRoom:
    config: RoomConfig
    bases: Catalogue
    releases: tuple[Release, ...]
    opinions: tuple[Opinion, ...]
    requests: tuple[Request, ...] = ()
    settings: Settings | None = None  # site.yml: who runs the room and how to reach them

    def _in_state(self, state: Publication) -> tuple[Release, ...]:
        """Releases in a publication state, newest first (ties by id), as every index lists them."""
        chosen = [r for r in self.releases if self.state(r) is state]
        return tuple(sorted(chosen, key=lambda r: (-r.spec.release_date.toordinal(), r.id)))

    @cached_property
    def published(self) -> tuple[Release, ...]:
        """Releases with a full page: the published ones, and in a private preview drafts and embargoed too."""
        if not self.config.preview_unpublished:
            return self._in_state(Publication.PUBLISHED)
        states = (Publication.PUBLISHED, Publication.DRAFT, Publication.EMBARGOED)
        chosen = [r for state in states for r in self._in_state(state)]
        return tuple(sorted(chosen, key=lambda r: (-r.spec.release_date.toordinal(), r.id)))

    def state(self, release: Release) -> Publication:
        return publication(release.spec, self.config.today)

    @cached_property
    def withdrawn(self) -> tuple[Release, ...]:
        return self._in_state(Publication.WITHDRAWN)

    @property
    def synthetic(self) -> bool:
        return any(release.spec.synthetic for release in self.published)

    def notices(self) -> list[str]:
        """One line per release not fully published, for the adapters to log."""
        lines = [notice(r.spec, self.config.today) for r in self.releases]
        return [line for line in lines if line is not None]

    # Cross-links come from indexes built once per build: a scan per lookup would be quadratic in the
    # number of releases and opinions.

    @cached_property
    def _with_pages(self) -> dict[str, Release]:
        return {r.id: r for r in (*self.published, *self.withdrawn)}

    @cached_property
    def _opinions(self) -> dict[str, Opinion]:
        return {o.slug: o for o in self.opinions}

    @cached_property
    def _citations(self) -> dict[str, list[Citation]]:
        found: dict[str, list[Citation]] = defaultdict(list)
        for release in self.published:
            for dataset in release.datasets:
                for rule in dataset.rules:
                    if rule.rule.authority is not None:
                        found[rule.rule.authority].append(Citation(release, dataset, rule.rule.column, rule.basis.code))
        return found

    @cached_property
    def _document_citations(self) -> dict[str, list[DocumentCitation]]:
        found: dict[str, list[DocumentCitation]] = defaultdict(list)
        for release in self.published:
            for document in release.documents:
                for redaction in document.spec.redactions:
                    if redaction.authority is not None:
                        found[redaction.authority].append(DocumentCitation(release, document, redaction))
        return found

    @cached_property
    def _related(self) -> dict[str, set[str]]:
        """Release id -> slugs of the opinions that name it as related."""
        found: dict[str, set[str]] = defaultdict(set)
        for opinion in self.opinions:
            for release_id in opinion.spec.related_releases:
                found[release_id].add(opinion.slug)
        return found

    def release(self, release_id: str) -> Release | None:
        """A release whose URL has a page: published or withdrawn."""
        return self._with_pages.get(release_id)

    def opinion(self, slug: str) -> Opinion | None:
        return self._opinions.get(slug)

    def citations(self, slug: str) -> list[Citation]:
        """Published withholding rules that cite an opinion as authority."""
        return self._citations.get(slug, [])

    def document_citations(self, slug: str) -> list[DocumentCitation]:
        """Redactions of published documents that cite an opinion as authority."""
        return self._document_citations.get(slug, [])

    def opinions_for(self, release: Release) -> list[Opinion]:
        """Opinions linked with a release: cited as authority or naming it as related."""
        cited = {authority for authority, _ in _authorities(release)} | self._related.get(release.id, set())
        return [o for o in self.opinions if o.slug in cited]

    def releases_for(self, opinion: Opinion) -> list[Release]:
        """Published releases linked with an opinion, both ways."""
        linked = (
            {c.release.id for c in self.citations(opinion.slug)}
            | {c.release.id for c in self.document_citations(opinion.slug)}
            | set(opinion.spec.related_releases)
        )
        return [r for r in self.published if r.id in linked]

    @cached_property
    def _requests(self) -> dict[str, Request]:
        return {r.id: r for r in self.requests}

    def request(self, request_id: str | None) -> Request | None:
        """The request file a release's request_id names, if it names one."""
        return self._requests.get(request_id or "")

    @cached_property
    def _under(self) -> dict[str, list[Release]]:
        found: dict[str, list[Release]] = defaultdict(list)
        for release in sorted(self.published, key=lambda r: (r.spec.release_date, r.id)):
            found[release.spec.request_id or ""].append(release)
        return found

    def releases_under(self, request: Request) -> list[Release]:
        """Published releases made under a request, oldest first (the order they were made in)."""
        return self._under.get(request.id, [])

    def opinions_on(self, code: str) -> list[Opinion]:
        return [o for o in self.opinions if code in o.spec.bases]

    @cached_property
    def basis_documents(self) -> dict[str, list[DocumentUse]]:
        """Basis code -> the published documents with pages withheld on it, newest release first."""
        uses: dict[str, list[DocumentUse]] = defaultdict(list)
        for release in self.published:
            for document in release.documents:
                for code, pages in document.pages_by_basis().items():
                    uses[code].append(DocumentUse(release, document, pages))
        return uses

    @cached_property
    def basis_uses(self) -> dict[str, list[BasisUse]]:
        uses: dict[str, list[BasisUse]] = defaultdict(list)
        for release in self.published:
            for dataset in release.datasets:
                for (column, code), cells in sorted(dataset.withheld.by_column.items()):
                    uses[code].append(BasisUse(release, dataset, column, cells))
        return uses


def load_room(config: RoomConfig, cache: BuildCache | None = None) -> ReadingRoom:
    """Load and validate everything; raise ContentErrors with every problem found. Unchanged releases
    come from the build cache, when there is one."""
    errors = ErrorLog(config.root)
    if not check_inputs(config, errors):
        errors.raise_if_any()  # nothing behind a link, and no FIFO, is ever opened
    bases = catalogue()
    releases = load_releases(config, bases, errors, cache)
    opinions = load_opinions(config, errors)
    requests = sorted(load_requests(config, errors), key=_newest_first)
    load_pages(config, errors)
    settings = load_settings(config, errors)
    room = ReadingRoom(config, bases, tuple(releases), tuple(opinions), tuple(requests), settings)
    # A release or opinion that failed to load has its own errors; references to it would only repeat them.
    failed = {("release", folder.name) for folder in release_folders(config)} - {("release", r.id) for r in releases}
    if config.opinions_dir.is_dir():
        failed |= {("opinion", path.stem) for path in config.opinions_dir.glob("*.md")}
        failed -= {("opinion", o.slug) for o in opinions}
    failed |= {("request", path.stem) for path in request_paths(config)} - {("request", r.id) for r in requests}
    _check_references(room, failed, errors)
    _check_requests(room, failed, errors)
    errors.raise_if_any()
    return room


def _newest_first(request: Request) -> tuple[bool, int, str]:
    """Requests as every list shows them: newest submitted first, those without a date last, ties by id."""
    submitted = request.spec.submitted
    return submitted is None, -submitted.toordinal() if submitted else 0, request.id


def _check_references(room: ReadingRoom, failed: set[tuple[str, str]], errors: ErrorLog) -> None:
    """Authorities, related releases, bases and links must resolve; nothing they say is quoted."""
    slugs = {o.slug for o in room.opinions}
    for release in room.releases:
        path = release.folder / RELEASE_FILE
        _check_links(room, release.summary, path, "summary", failed, errors)
        _check_approvals(release, errors)
        _check_document_approvals(release, errors)
        for authority, keys in _authorities(release):
            if authority not in slugs and ("opinion", authority) not in failed:
                errors.add(
                    path,
                    errors.place(path, keys),
                    "the authority is not an opinion summary in content/opinions/",
                    "name the file (without .md) of an opinion summary, or add the summary",
                    code="RR707",
                )
    folders: dict[str, list[str]] = defaultdict(list)
    for release in room.releases:
        folders[release.id].append(release.folder.name)
    for names in sorted(folders.values()):
        if len(names) > 1:
            path = room.config.releases_dir / names[0] / RELEASE_FILE
            errors.add(
                path,
                errors.place(path, ("id",)),
                f"the same release id is used by {len(names)} release folders ({', '.join(names)})",
                "give every release a unique id equal to its folder name",
                code="RR303",
            )
    known_releases = {r.id for r in room.releases} | {target for scheme, target in failed if scheme == "release"}
    for opinion in room.opinions:
        _check_links(room, opinion.body, opinion.path, "body", failed, errors)
        for index, code in enumerate(opinion.spec.bases):
            if room.bases.get(code) is None:
                errors.add(
                    opinion.path,
                    errors.place(opinion.path, ("bases", index)),
                    "not a code from the bases catalogue",
                    _basis_fix(room, code),
                    code="RR705",
                )
        for index, release_id in enumerate(opinion.spec.related_releases):
            if release_id not in known_releases:
                errors.add(
                    opinion.path,
                    errors.place(opinion.path, ("related_releases", index)),
                    "no release folder under releases/ has this id",
                    "name the folder of a release under releases/",
                    code="RR706",
                )


def _authorities(release: Release) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Each opinion a release names as an authority, with where release.yml names it."""
    for dataset in release.datasets:
        for number, rule in enumerate(dataset.rules):
            if rule.rule.authority is not None:
                yield rule.rule.authority, ("datasets", dataset.spec.name, "withholding", number, "authority")
    for index, document in enumerate(release.spec.documents):
        for number, redaction in enumerate(document.redactions):
            if redaction.authority is not None:
                yield redaction.authority, ("documents", index, "redactions", number, "authority")


def _check_requests(room: ReadingRoom, failed: set[tuple[str, str]], errors: ErrorLog) -> None:
    """A release's id-like request_id names a request file; a request's releases and opinions exist."""
    requests = {r.id for r in room.requests} | {target for scheme, target in failed if scheme == "request"}
    for release in room.releases:
        request_id = release.spec.request_id
        if request_id is not None and is_slug(request_id) and request_id not in requests:
            path = release.folder / RELEASE_FILE
            errors.add(
                path,
                errors.place(path, ("request_id",)),
                "an id-like request_id that names no file in requests/",
                "add requests/<id>.yml, or write the agency's tracking number as printed (e.g. 'FOIA 2019-ICFO-12345')",
                code="RR803",
            )
    releases = {r.id: r for r in room.releases}
    for request in room.requests:
        if request.summary is not None:
            _check_links(room, request.summary, request.path, "summary", failed, errors)
        for index, event in enumerate(request.spec.timeline):
            made = releases.get(event.release or "")
            if event.release is None or ("release", event.release) in failed:
                continue
            if made is None or made.spec.request_id != request.id:
                what = "no release folder has this id" if made is None else "the release names another request_id"
                errors.add(
                    request.path,
                    errors.place(request.path, ("timeline", index, "release")),
                    what,
                    f"name a release whose release.yml says request_id: {request.id}",
                    code="RR804",
                )
        for index, slug in enumerate(request.spec.opinions):
            if room.opinion(slug) is None and ("opinion", slug) not in failed:
                errors.add(
                    request.path,
                    errors.place(request.path, ("opinions", index)),
                    "not an opinion summary in content/opinions/",
                    "name the file (without .md) of an opinion summary",
                    code="RR805",
                )


def _basis_fix(room: ReadingRoom, code: str) -> str:
    """Suggest a catalogue code (only known codes are ever printed)."""
    hint = suggest(code, room.bases.codes())
    return f"{hint}use a code from the bases catalogue (see /bases/ or generator/data/bases.yml)"


_LINK_KINDS = {"release": "a release", "opinion": "an opinion summary", "basis": "a basis"}


def _check_links(
    room: ReadingRoom, prose: Prose, path: Path, where: str, failed: set[tuple[str, str]], errors: ErrorLog
) -> None:
    for link in prose.links:
        if (link.scheme, link.target) in failed:
            continue
        lookup = {"release": room.release, "opinion": room.opinion, "basis": room.bases.get}[link.scheme]
        if lookup(link.target) is not None:
            continue
        target = next((r for r in room.releases if r.id == link.target), None) if link.scheme == "release" else None
        if target is None:
            what, fix = "does not resolve to any page", f"check the {link.scheme} id"
        else:
            # The release exists but has no page in this build: say why, so the fix is obvious.
            state = publication(target.spec, room.config.today).value
            what = f"goes to a release that is {state}, so it has no page"
            fix = "link to it once it is published, or remove the link"
        errors.add(
            path, f"line {link.line}, {where}", f"a link to {_LINK_KINDS[link.scheme]} {what}", fix, code="RR704"
        )


def _check_approvals(release: Release, errors: ErrorLog) -> None:
    """An approval must name a released cell that exists."""
    path = release.folder / RELEASE_FILE
    datasets = {d.spec.name: d for d in release.datasets}
    for index, approval in enumerate(release.spec.approvals):
        dataset = datasets.get(approval.dataset)
        if dataset is None:
            errors.add(
                path,
                errors.place(path, ("approvals", index, "dataset")),
                "no dataset of this release has this name",
                code="RR708",
            )
        elif approval.column not in dataset.header:
            errors.add(
                path,
                errors.place(path, ("approvals", index, "column")),
                f"dataset {approval.dataset} has no such column",
                code="RR709",
            )
        elif approval.row > dataset.row_count:
            errors.add(
                path,
                errors.place(path, ("approvals", index, "row")),
                f"dataset {approval.dataset} has only {dataset.row_count} rows",
                "give the data row number (1 = first row after the header)",
                code="RR710",
            )
        elif any(
            rule.rule.column == approval.column and rule.applies(dataset.approved_rows[approval.row])
            for rule in dataset.rules
        ):
            errors.add(
                path,
                errors.place(path, ("approvals", index)),
                "the approved cell is withheld",
                "approve only cells that are published",
                code="RR711",
            )


def _check_document_approvals(release: Release, errors: ErrorLog) -> None:
    """A document approval must name a page of a document this release publishes."""
    path = release.folder / RELEASE_FILE
    documents = {d.id: d for d in release.documents}
    for index, approval in enumerate(release.spec.document_approvals):
        document = documents.get(approval.document)
        if document is None or document.file is None:
            what = "no document of this release has this id" if document is None else "the document is not published"
            where, fix = ("document_approvals", index, "document"), "name a document this release publishes"
        elif approval.page > document.spec.pages:
            what = f"document {approval.document} has only {document.spec.pages} pages"
            where, fix = ("document_approvals", index, "page"), "give the page number in the PDF (1 = first page)"
        else:
            continue
        errors.add(path, errors.place(path, where), what, fix, code="RR712")
