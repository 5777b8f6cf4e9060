"""A PDF's objects, read with pypdf (BSD-licensed): everything in the file besides what its pages draw.

Every object the file's trailer reaches is visited once (pages, annotations, outlines, names, forms,
metadata) and looked at for what a fake redaction leaves behind or what a published file must not do:

- text outside the pages: document information (other than the producing software and the dates), XMP
  metadata, outline (bookmark) titles, page label prefixes, form fields;
- annotations: redaction annotations never applied, and any annotation carrying text (a note, a highlight's
  comment, a free-text box, a square drawn over a passage with a comment);
- active content: JavaScript, launch, URI and other actions, open actions and additional actions,
  attached files, forms.

Every string found on the way is also returned, for the gate's text rules (withheld values, personal
identifiers). Nothing here decodes a page's content stream: that is PDFium's (generator.documents.pdf).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

# Structural findings, by stable name: what a maintainer reads in the error and the README.
STRUCTURE_KINDS = {
    "encrypted": "the file is encrypted; publish it without encryption or passwords",
    "document-information": "document information (title, author, subject, keywords...) carries text",
    "xmp-metadata": "XMP metadata is embedded",
    "outline": "bookmarks (an outline) carry titles",
    "page-labels": "page labels carry text",
    "form-fields": "the file has form fields (an AcroForm or XFA form)",
    "embedded-file": "the file has embedded (attached) files",
    "javascript": "the file has JavaScript",
    "action": "the file has an action that opens something (launch, URI, submit, import, remote go-to)",
    "open-action": "the file runs an action when it opens or on events (OpenAction, AA)",
    "unapplied-redaction": "a redaction annotation that was never applied: the text under it is still there",
    "annotation-text": "an annotation carries text (a note, comment or free-text box)",
    "thumbnail": "a page has a thumbnail picture, which may show it as it was before redaction",
    "unused-object": "a picture or form that no page draws is kept in the file",
    "unused-page": "a page that is not in the document's pages is kept in the file",
}
# Document information entries that name the producing software or hold dates, not the record's content.
_SOFTWARE_AND_DATES = frozenset({"/Producer", "/Creator", "/CreationDate", "/ModDate", "/Trapped"})
_OPENING_ACTIONS = frozenset({"/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition"})
_ANNOTATION_TEXT = ("/Contents", "/RC", "/T", "/Subj")
# An object tree deeper than this is refused rather than followed (a loop is caught by the visited set).
MAX_DEPTH = 200
MAX_OBJECTS = 2_000_000


class StructureUnreadable(Exception):
    """pypdf cannot read the file's objects."""


@dataclass(frozen=True)
class StructureFinding:
    kind: str
    page: int | None = None  # from 1, where the finding is on a page


@dataclass(frozen=True)
class Structure:
    findings: tuple[StructureFinding, ...]
    strings: tuple[str, ...]  # every text string in the objects, and the XMP packet's text


def read_structure(stream: IO[bytes]) -> Structure:
    """What a PDF holds outside its pages' drawing; raises StructureUnreadable when pypdf cannot read it."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            return Structure((StructureFinding("encrypted"),), ())
        walk = _Walk()
        walk.document(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise StructureUnreadable(f"pypdf cannot read its objects ({type(error).__name__})") from None
    return Structure(tuple(sorted(set(walk.findings), key=_order)), tuple(walk.strings))


def _order(finding: StructureFinding) -> tuple[int, str]:
    return (finding.page or 0, finding.kind)


class _Walk:
    def __init__(self) -> None:
        self.findings: list[StructureFinding] = []
        self.strings: list[str] = []
        self.seen: set[tuple[int, int]] = set()

    def document(self, reader: PdfReader) -> None:
        catalog = reader.trailer.get("/Root")
        catalog = catalog.get_object() if catalog is not None else None
        info = reader.trailer.get("/Info")
        self._info(info.get_object() if info is not None else None)
        if isinstance(catalog, DictionaryObject):
            self._catalog(catalog)
        for number, page in enumerate(reader.pages, start=1):
            self._annotations(page, number)
            if "/Thumb" in page:
                self.findings.append(StructureFinding("thumbnail", number))
            if _unused_xobjects(page):
                self.findings.append(StructureFinding("unused-object", number))
        self.visit(reader.trailer, 0)
        self._unreached(reader)

    def _unreached(self, reader: PdfReader) -> None:
        """Every object the file lists that nothing reaches: its strings read, and a page or a picture kept
        there (a page dropped from the document, a picture no longer drawn) is a finding of its own."""
        listed = {(number, generation) for generation, table in reader.xref.items() for number in table}
        listed |= {(number, 0) for number in reader.xref_objStm}
        for number, generation in sorted(listed - self.seen):
            reference = IndirectObject(number, generation, reader)
            item = reference.get_object()
            if isinstance(item, DictionaryObject):
                if item.get("/Type") == "/Page":
                    self.findings.append(StructureFinding("unused-page"))
                elif isinstance(item, StreamObject) and item.get("/Subtype") in ("/Image", "/Form"):
                    self.findings.append(StructureFinding("unused-object"))
            self.visit(reference, 0)

    def _info(self, info: PdfObject | None) -> None:
        if isinstance(info, DictionaryObject):
            for key, value in info.items():
                if key not in _SOFTWARE_AND_DATES and _has_text(value.get_object()):
                    self.findings.append(StructureFinding("document-information"))

    def _catalog(self, catalog: DictionaryObject) -> None:
        outlines = catalog.get("/Outlines")
        if outlines is not None and "/First" in outlines.get_object():
            self.findings.append(StructureFinding("outline"))
        labels = catalog.get("/PageLabels")
        if labels is not None and any(key == "/P" for key, _ in _dict_items(labels.get_object())):
            self.findings.append(StructureFinding("page-labels"))
        form = catalog.get("/AcroForm")
        if form is not None:
            form = form.get_object()
            if isinstance(form, DictionaryObject) and (form.get("/Fields") or "/XFA" in form):
                self.findings.append(StructureFinding("form-fields"))
        names = catalog.get("/Names")
        names = names.get_object() if names is not None else None
        if isinstance(names, DictionaryObject):
            if "/EmbeddedFiles" in names:
                self.findings.append(StructureFinding("embedded-file"))
            if "/JavaScript" in names:
                self.findings.append(StructureFinding("javascript"))
        if "/OpenAction" in catalog or "/AA" in catalog:
            self.findings.append(StructureFinding("open-action"))

    def _annotations(self, page: DictionaryObject, number: int) -> None:
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else None
        if not isinstance(annotations, ArrayObject):
            return
        for item in annotations:
            annotation = item.get_object()
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = annotation.get("/Subtype")
            if subtype == "/Redact":
                self.findings.append(StructureFinding("unapplied-redaction", number))
            elif subtype == "/FileAttachment":
                self.findings.append(StructureFinding("embedded-file", number))
            elif (
                any(_has_text(annotation.get(key)) for key in _ANNOTATION_TEXT)
                or subtype == "/FreeText"
                or _draws_text(annotation.get("/AP"))
            ):
                self.findings.append(StructureFinding("annotation-text", number))
            if "/AA" in annotation:
                self.findings.append(StructureFinding("open-action", number))

    def visit(self, item: PdfObject, depth: int) -> None:
        """Every object reachable from ``item``, once: strings kept, active content and metadata noted."""
        pending: list[tuple[PdfObject | None, int]] = [(item, depth)]
        while pending:
            current, level = pending.pop()
            if isinstance(current, IndirectObject):
                key = (current.idnum, current.generation)
                if key in self.seen:
                    continue
                self.seen.add(key)
                if len(self.seen) > MAX_OBJECTS:
                    raise ValueError("too many objects")
                current = current.get_object()
            if level > MAX_DEPTH:
                raise ValueError("objects nested too deeply")
            if isinstance(current, TextStringObject | ByteStringObject):
                self.strings.append(_text(current))
            elif isinstance(current, DictionaryObject):
                self._dictionary(current)
                pending += [(value, level + 1) for value in current.values()]
            elif isinstance(current, ArrayObject):
                pending += [(value, level + 1) for value in current]

    def _dictionary(self, item: DictionaryObject) -> None:
        kind, action = item.get("/Type"), item.get("/S")
        if "/JS" in item or action == "/JavaScript":
            self.findings.append(StructureFinding("javascript"))
        if action in _OPENING_ACTIONS:
            self.findings.append(StructureFinding("action"))
        if kind == "/EmbeddedFile" or "/EF" in item:
            self.findings.append(StructureFinding("embedded-file"))
        if isinstance(item, StreamObject) and (kind == "/Metadata" or item.get("/Subtype") == "/XML"):
            self.findings.append(StructureFinding("xmp-metadata"))
            self.strings.append(item.get_data().decode("utf-8", errors="replace"))


_DRAWN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


def _unused_xobjects(page: DictionaryObject) -> bool:
    """Whether the page (or a form it draws) lists a picture or form in its resources that it never draws."""
    pending: list[tuple[PdfObject | None, bytes]] = [(page.get("/Resources"), _content(page.get("/Contents")))]
    seen: set[int] = set()
    while pending:
        resources, content = pending.pop()
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen or len(seen) > MAX_DEPTH:
            continue
        seen.add(id(resources))
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(xobjects, DictionaryObject):
            continue
        drawn = {
            "/" + re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name.decode("latin-1"))
            for name in _DRAWN.findall(content)
        }
        if set(xobjects) - drawn:
            return True
        for name in drawn & set(xobjects):
            form = xobjects[name].get_object()
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form":
                pending.append((form.get("/Resources"), form.get_data()))
    return False


def _content(contents: PdfObject | None) -> bytes:
    """A page's content, its streams joined."""
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, StreamObject):
        return bytes(contents.get_data())
    if isinstance(contents, ArrayObject):
        return b"\n".join(_content(part) for part in contents)
    return b""


def _dict_items(item: PdfObject) -> Iterator[tuple[str, PdfObject]]:
    """The entries of a number tree's dictionaries (page labels), nodes and leaves."""
    pending = [item]
    seen = 0
    while pending and seen < MAX_OBJECTS:
        current = pending.pop().get_object()
        seen += 1
        if isinstance(current, DictionaryObject):
            for key, value in current.items():
                yield str(key), value
                pending.append(value)
        elif isinstance(current, ArrayObject):
            pending += list(current)


def _text(value: TextStringObject | ByteStringObject) -> str:
    if isinstance(value, TextStringObject):
        return str(value)
    return bytes(value).decode("latin-1")


# A text object in a content stream: what an annotation's appearance needs to show words.
_TEXT_OBJECT = re.compile(rb"(?<![A-Za-z0-9_])BT(?![A-Za-z0-9_])")


def _draws_text(appearances: PdfObject | None) -> bool:
    """Whether an annotation's appearance streams (normal, rollover, down; each maybe per state) show text:
    the page's text leaves annotations out, so their words would be published unread."""
    pending, seen = [appearances], set()
    while pending:
        value = pending.pop()
        value = value.get_object() if value is not None else None
        if id(value) in seen:
            continue  # a form that draws itself, or one drawn twice
        seen.add(id(value))
        if isinstance(value, StreamObject):
            try:
                if _TEXT_OBJECT.search(value.get_data()):
                    return True
            except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError):
                return True  # an appearance that cannot be read is not known to be free of text
            resources = value.get("/Resources")
            resources = resources.get_object() if resources is not None else None
            if isinstance(resources, DictionaryObject) and len(pending) < MAX_DEPTH:
                pending.append(resources.get("/XObject"))  # forms it draws (fonts are not read as text)
        elif isinstance(value, DictionaryObject) and len(pending) < MAX_DEPTH:
            pending += [value.get(key) for key in value if key != "/Parent"]
    return False


def _has_text(value: PdfObject | None) -> bool:
    value = value.get_object() if value is not None else None
    if isinstance(value, TextStringObject | ByteStringObject):
        return bool(_text(value).strip())
    if isinstance(value, NameObject):
        return False
    return isinstance(value, StreamObject)  # rich text (/RC) may be a stream
