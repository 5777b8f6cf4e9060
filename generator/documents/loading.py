"""Loading a release's documents: each PDF copied once to the build's folder, inspected there (the copy is
what is published) and checked against what release.yml says of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.bases import Catalogue
from generator.config import RoomConfig
from generator.documents.inspect import Inspection, PdfFinding, inspect_pdf
from generator.documents.pdf import PdfUnreadable
from generator.errors import ErrorLog
from generator.filekinds import Kind, identify
from generator.input_files import release_file_path, within_size_limit
from generator.models import BIDI_CONTROLS, DocumentRedaction, DocumentSpec, ReleaseSpec, page_span
from generator.render.published_files import WrittenFile, copied

# Enough of a file's start for filekinds.identify to tell a PDF from the kinds it names.
_HEAD_BYTES = 512
_BATES = re.compile(r"(.*?)([0-9]+)")


@dataclass(frozen=True)
class Document:
    """A checked document of a release: its PDF as published (None when it is not), and its text per page."""

    spec: DocumentSpec
    file: WrittenFile | None
    texts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.spec.id

    def pages_of(self, redaction: DocumentRedaction) -> range:
        """The pages (from 1) a redaction covers: its range, or every page when it withholds the whole document."""
        first, last = page_span(redaction.pages) if redaction.pages is not None else (1, self.spec.pages)
        return range(first, last + 1)

    @property
    def redacted_pages(self) -> frozenset[int]:
        """The pages (from 1) that a redaction withholds part of; every page of a document not published."""
        if not self.spec.disposition.published:
            return frozenset(range(1, self.spec.pages + 1))
        return frozenset(page for redaction in self.spec.redactions for page in self.pages_of(redaction))

    def pages_by_basis(self) -> dict[str, int]:
        """Basis code -> pages withheld (whole or in part) on that basis."""
        found: dict[str, set[int]] = {}
        for redaction in self.spec.redactions:
            for code in redaction.basis:
                found.setdefault(code, set()).update(self.pages_of(redaction))
        return {code: len(pages) for code, pages in sorted(found.items())}

    @property
    def searchable(self) -> bool:
        """Whether any page has a text layer (a scan without one has no searchable text)."""
        return any(text.strip() for text in self.texts)


def load_documents(
    spec: ReleaseSpec, folder: Path, release_file: Path, config: RoomConfig, bases: Catalogue, log: ErrorLog, out: Path
) -> tuple[Document, ...] | None:
    """Every document of a release, its PDF copied to ``out`` and inspected; None when any has an error."""
    problems = log.count
    log.duplicates(release_file, "documents", "id", [document.id for document in spec.documents], code="RR309")
    documents = []
    for index, document in enumerate(spec.documents):
        _check_bases(document, index, release_file, bases, log)
        _check_bates(document, index, release_file, log)
        documents.append(_load(document, index, folder, release_file, config, log, out))
    if log.count > problems or any(document is None for document in documents):
        return None
    return tuple(document for document in documents if document is not None)


def _check_bases(document: DocumentSpec, index: int, release_file: Path, bases: Catalogue, log: ErrorLog) -> None:
    for number, redaction in enumerate(document.redactions):
        for position, code in enumerate(redaction.basis):
            if bases.get(code) is None:
                log.add(
                    release_file,
                    log.place(release_file, ("documents", index, "redactions", number, "basis", position)),
                    "not a code from the bases catalogue",
                    "use a code from the bases catalogue (see /bases/ or generator/data/bases.yml)",
                    code="RR501",
                )


def _check_bates(document: DocumentSpec, index: int, release_file: Path, log: ErrorLog) -> None:
    """A Bates range numbers one page each: the same prefix, and as many numbers as the document has pages."""
    if document.bates_start is None or document.bates_end is None:
        return
    (start_prefix, start), (end_prefix, end) = bates_parts(document.bates_start), bates_parts(document.bates_end)
    where = log.place(release_file, ("documents", index, "bates_end"))
    if start_prefix != end_prefix:
        log.add(release_file, where, "the first and last Bates numbers have different prefixes", code="RR313")
        return
    count = int(end) - int(start) + 1
    if count != document.pages:
        log.add(
            release_file,
            where,
            f"the Bates range numbers {count} pages, and the document has {document.pages}",
            code="RR313",
        )


def bates_parts(number: str) -> tuple[str, str]:
    """A Bates number's prefix and its digits (the schema's pattern makes it end in digits)."""
    match = _BATES.fullmatch(number)
    return (match.group(1), match.group(2)) if match else (number, "0")


def bates_of(start: str, page: int) -> str:
    """The Bates number of a page (from 1) of a document whose first page is ``start``: counted on, its width kept."""
    prefix, number = bates_parts(start)
    return f"{prefix}{int(number) + page - 1:0{len(number)}d}"


def _load(
    spec: DocumentSpec, index: int, folder: Path, release_file: Path, config: RoomConfig, log: ErrorLog, out: Path
) -> Document | None:
    if spec.file is None:
        return Document(spec, None)
    path = release_file_path(spec.file, folder, release_file, ("documents", index, "file"), log, ".pdf", "PDF")
    if path is None or not within_size_limit(path, config, log):
        return None
    with path.open("rb") as stream:
        if identify(stream.read(_HEAD_BYTES)) != Kind.PDF:
            log.add(path, "", "the file's bytes are not a PDF's (it does not start with %PDF-)", code="RR310")
            return None
    published = copied(path, out / "documents" / f"{spec.id}.pdf")
    try:
        inspection = inspect_pdf(published.path)
    except PdfUnreadable as error:
        published.path.unlink(missing_ok=True)
        log.add(path, "", f"the PDF cannot be read: {error}", code="RR311")
        return None
    if not _fits(spec, index, path, release_file, inspection, log):
        published.path.unlink(missing_ok=True)
        return None
    return Document(spec, published, inspection.texts)


def _fits(
    spec: DocumentSpec, index: int, path: Path, release_file: Path, inspection: Inspection, log: ErrorLog
) -> bool:
    """The PDF has the pages release.yml says, nothing hidden, and no text that reads in another order."""
    ok = True
    if len(inspection.texts) != spec.pages:
        log.add(
            release_file,
            log.place(release_file, ("documents", index, "pages")),
            f"the document has {spec.pages} pages, and its PDF {len(inspection.texts)}",
            code="RR312",
        )
        ok = False
    for kind, findings in _by_kind(inspection.findings).items():
        characters = sum(finding.characters for finding in findings)
        detail = PdfFinding(kind, characters=characters).detail
        log.add(path, _pages_place([finding.page for finding in findings]), detail, code="RR512")
        ok = False
    disguised: list[int | None] = [
        number for number, text in enumerate(inspection.texts, start=1) if BIDI_CONTROLS.search(text)
    ]
    if disguised or any(BIDI_CONTROLS.search(text) for text in inspection.strings):
        log.add(
            path,
            _pages_place(disguised),
            "the text holds a bidirectional override or isolate character",
            code="RR513",
        )
        ok = False
    return ok


def _by_kind(findings: tuple[PdfFinding, ...]) -> dict[str, list[PdfFinding]]:
    grouped: dict[str, list[PdfFinding]] = {}
    for finding in findings:
        grouped.setdefault(finding.kind, []).append(finding)
    return dict(sorted(grouped.items()))


def _pages_place(numbers: list[int | None]) -> str:
    """``page 3``, ``pages 1, 4, 7`` (the first ten) or ``the document`` for findings on no page."""
    pages = sorted({number for number in numbers if number is not None})
    if not pages:
        return "the document"
    shown = ", ".join(map(str, pages[:10])) + (f" and {len(pages) - 10} more" if len(pages) > 10 else "")
    return f"page{'s' if len(pages) > 1 else ''} {shown}"
