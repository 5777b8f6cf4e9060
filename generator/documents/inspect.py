"""One PDF inspected whole: its text per page, every string in its objects, and every reason not to
publish it (hidden text, leftovers of an earlier revision, metadata, annotations, active content).

The core runs it when it loads a release (so ``validate`` reports a fake redaction with its page), and
the gate runs it again on the staged copy a visitor would download.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.documents.pdf import HIDDEN_KINDS, PdfUnreadable, opened, page_texts, read_pages, revision_ends
from generator.documents.structure import STRUCTURE_KINDS, Structure, StructureUnreadable, read_structure

REVISION_KINDS = {
    "revision-text": "an earlier revision (kept by an incremental save) has text the final one does not show",
    "revision-metadata": "an earlier revision (kept by an incremental save) has metadata or annotations with text",
}
# Every kind of finding, with what it means: error messages and the README say these words.
FINDING_KINDS = {**HIDDEN_KINDS, **STRUCTURE_KINDS, **REVISION_KINDS}
_LEFTOVER_KINDS = frozenset(
    {"document-information", "xmp-metadata", "outline", "annotation-text", "unapplied-redaction", "form-fields"}
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PdfFinding:
    """A reason not to publish a PDF: its kind (a key of FINDING_KINDS), its page if on one, and for hidden
    text how many characters. Never the text itself."""

    kind: str
    page: int | None = None
    characters: int = 0

    @property
    def meaning(self) -> str:
        return FINDING_KINDS[self.kind]

    @property
    def detail(self) -> str:
        """What a maintainer reads: the kind, what it means, and how many characters are hidden."""
        counted = f" ({self.characters} characters)" if self.characters else ""
        return f"{self.kind}: {self.meaning}{counted}"


@dataclass(frozen=True)
class Inspection:
    texts: tuple[str, ...]  # per page
    strings: tuple[str, ...]  # from the file's objects: metadata, annotations, outline, forms
    findings: tuple[PdfFinding, ...]


def inspect_pdf(source: Path | bytes) -> Inspection:
    """Read a PDF (a file, or its bytes) as a viewer and as a PDF library would; raises PdfUnreadable when
    either cannot."""
    with opened(str(source) if isinstance(source, Path) else source) as document:
        pages = read_pages(document)
        ends = revision_ends(document)
    with _stream(source) as stream:
        structure = _structure(stream)
        earlier = _earlier_revisions(stream, ends[:-1], pages.texts)
    findings = [PdfFinding(h.kind, h.page, h.characters) for h in pages.hidden]
    findings += [PdfFinding(f.kind, f.page) for f in structure.findings]
    return Inspection(pages.texts, structure.strings, tuple(findings + earlier))


def _stream(source: Path | bytes) -> IO[bytes]:
    return source.open("rb") if isinstance(source, Path) else io.BytesIO(source)


def _structure(stream: IO[bytes]) -> Structure:
    try:
        return read_structure(stream)
    except StructureUnreadable as error:
        raise PdfUnreadable(str(error)) from None


def _earlier_revisions(stream: IO[bytes], ends: list[int], final: tuple[str, ...]) -> list[PdfFinding]:
    """Each earlier revision read as the document it was: words the final revision no longer has, and
    metadata or annotations with text, are leftovers a PDF tool can recover."""
    shown = {word for text in final for word in _WORD.findall(text)}
    findings = []
    for end in ends:
        stream.seek(0)
        prefix = stream.read(end)
        try:
            with opened(prefix) as earlier:
                texts = page_texts(earlier)
        except PdfUnreadable:
            continue  # not a document on its own (a linearized file's first part): no viewer shows it
        findings += [
            PdfFinding("revision-text", number)
            for number, text in enumerate(texts, start=1)
            if set(_WORD.findall(text)) - shown
        ]
        try:
            leftovers = [f for f in read_structure(io.BytesIO(prefix)).findings if f.kind in _LEFTOVER_KINDS]
        except StructureUnreadable:
            leftovers = []
        findings += [PdfFinding("revision-metadata", f.page) for f in leftovers]
    return sorted(set(findings), key=lambda f: (f.page or 0, f.kind))
