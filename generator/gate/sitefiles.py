"""Reading a built site for the gate: every file by its bytes, every layer opened, markup read like a browser.

Every file is read except those the site engine's theme ships unchanged (the adapter names
the theme folders; a file is skipped only if it is byte-identical to the theme's own copy).
Compression layers are removed, archives opened and images verified (layers.py); what
cannot be read, or exceeds a bound, is an `unreadable-file` finding. Markup is read as a
browser reads it (html5.py): its visible text, the attribute values that carry text or URLs,
and separately what a browser does not show (scripts, styles, templates, comments).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from generator.documents.inspect import inspect_pdf
from generator.documents.pdf import PdfUnreadable
from generator.documents.streams import decoded_view
from generator.filekinds import COMPRESSED, Kind, identify
from generator.gate.findings import Finding
from generator.gate.html5 import Reading, attribute_label, element_label, read
from generator.gate.json_text import json_strings
from generator.gate.layers import Limits, inner_suffix, open_file
from generator.gate.scripts import allowed_hashes, is_script
from generator.render.published_files import file_digest
from generator.search.facets import FILTERS, META
from generator.search.pagefind import BUNDLE

SEARCH_INDEX = "search/search_index.json"
# Pagefind's per-page records (compressed JSON): each is read as the search entry of its page.
PAGEFIND_FRAGMENTS = f"{BUNDLE}/fragment/"
PAGEFIND_ENTRY = f"{BUNDLE}/pagefind-entry.json"
# What a Pagefind record may carry: our facets, and the title and image Pagefind itself takes from a page.
_PAGEFIND_FIELDS = {"filters": frozenset(FILTERS), "meta": frozenset(META) | {"title", "image", "image_alt"}}
UNREADABLE = "unreadable-file"
# A PDF that hides text or carries text outside its pages or active content (generator.documents.inspect).
FAKE_REDACTION = "fake-redaction"
# Files a browser renders as HTML, XML or SVG, whatever their content.
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".stm", ".hta", ".mht", ".mhtml"})
MARKUP_SUFFIXES = HTML_SUFFIXES | frozenset(
    {
        ".svg",
        ".svgz",
        ".xml",
        ".xsl",
        ".xslt",
        ".rss",
        ".atom",
        ".rdf",
        ".xbl",
        ".xul",
        ".mml",
        ".vml",
        ".wml",
        ".jsp",
        ".php",
        ".asp",
        ".aspx",
    }
)


@dataclass(frozen=True)
class SiteFile:
    """Readable bytes of a published file: the file itself, or a layer or member inside it.

    ``suffix`` says what the bytes are named as (a decompressed .gz: that of the name inside; an
    archive member: the member's); ``rendered`` is false for what no browser renders as a page
    (archive members, image metadata); ``layered`` for anything but the file's own bytes.
    """

    name: str
    data: bytes
    suffix: str
    kind: Kind = Kind.TEXT
    rendered: bool = True
    layered: bool = False

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    @property
    def markup(self) -> bool:
        """Markup a browser renders: by its name, or by its content (first non-blank character '<')."""
        return self.suffix in MARKUP_SUFFIXES or self.data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _named_as_page(name: str) -> list[Finding]:
    """A browser renders a file by its name, whatever its first bytes say: such a file must be text."""
    if PurePosixPath(name).suffix.lower() not in MARKUP_SUFFIXES:
        return []
    return [Finding(name, "file", UNREADABLE, "named like a page a browser renders, but its bytes are not text")]


@dataclass(frozen=True)
class Verdict:
    """A file a gate run read and found clean: its SHA-256 then, and for a theme-rendered page its chrome counts."""

    digest: str
    rendered: bool  # whether it was a page the engine rendered (checked as such), see rendered_page
    chrome: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True)
class Text:
    """A piece of published text: where it is, and which page (URL) it belongs to."""

    file: str
    place: str
    text: str
    page: str | None = None


def pdf_page(name: str, number: int) -> str:
    """The name the gate gives a published PDF's page text, as read for the text rules."""
    return f"{name} (page {number} text)"


# The names of a file's readings that hold all of it: its raw bytes (any binary), a PDF's objects' strings.
RAW_BYTES, PDF_STRINGS = " (raw bytes)", " (PDF objects' strings)"


def whole_reading_of(name: str) -> str | None:
    """The file a reading of the whole file (raw bytes, objects' strings) was taken from; None for another text."""
    return next((name.removesuffix(suffix) for suffix in (RAW_BYTES, PDF_STRINGS) if name.endswith(suffix)), None)


def page_url(name: str) -> str:
    """The URL of the page a site file belongs to: releases/x/index.html -> releases/x/."""
    return name.removesuffix("index.html") if name.endswith("index.html") else name


class SiteFiles:
    """The files of a built site, read once."""

    def __init__(
        self,
        root: Path,
        theme_dirs: Sequence[Path] = (),
        pages: frozenset[str] | None = None,
        limits: Limits | None = None,
        shipped: Mapping[str, bytes] | None = None,
        settled: frozenset[str] = frozenset(),
        streamed: frozenset[str] = frozenset(),
        known_clean: Mapping[str, Verdict] | None = None,
    ) -> None:
        self.root = root
        entries = sorted(root.rglob("*"))
        # A link is never read through, and is itself a finding: an uploader may follow it out of the site.
        self.links = [path for path in entries if path.is_symlink()]
        self.paths = [path for path in entries if path.is_file() and not path.is_symlink()]
        self.theme_dirs = tuple(theme_dirs)
        # Scripts are allowed by their SHA-256 alone (generator/gate/scripts.py), wherever they are.
        self.allowed_scripts = allowed_hashes(self.theme_dirs, shipped or {})
        self.pages = pages
        self.limits = limits or Limits()
        # Site path -> bytes of program files a pinned tool writes the same for every site (Pagefind's).
        self.shipped = shipped or {}
        # Data files an earlier gate run found clean, unchanged since with everything they were checked
        # against (see generator/gate/__init__.py): not read again, and their release's checks are skipped.
        self.settled = settled
        # The published datasets' CSVs and Parquet copies: read a chunk at a time by their own reader
        # (generator/gate/datasets.py), never whole here.
        self.streamed = streamed | settled
        # Files an earlier gate run read and found clean, by name, with their digest then: one whose bytes
        # are unchanged is not read again (generator/gate/__init__.py says what else must be unchanged).
        self.known_clean = known_clean or {}
        self.clean_again: set[str] = set()
        self.judged: set[str] = set()  # files this run read or found unchanged since a clean run
        self.pdf_findings: list[Finding] = []  # what each PDF read hides or does, see _pdf
        # Chrome counts per theme-rendered page (markup.py), taken over from a verdict for a page not read.
        self.chrome: dict[str, Counter[str]] = {}

    def verdicts(self) -> dict[str, Verdict]:
        """After a run with no findings: every file it read (or found unchanged) as a clean verdict."""
        return {
            name: Verdict(
                digest,
                self.rendered_page(name),
                tuple(sorted(self.chrome[name].items())) if name in self.chrome else None,
            )
            for name, digest in self.digests.items()
            if name in self.judged
        }

    def rendered_page(self, name: str) -> bool:
        """True for an HTML page the site engine rendered (see Manifest.pages), not a file that appeared."""
        return self.pages is None or name in self.pages

    def name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @cached_property
    def _opened(self) -> tuple[list[SiteFile], list[Finding], dict[str, str]]:
        found: list[SiteFile] = []
        unreadable: list[Finding] = []
        digests: dict[str, str] = {}
        for path in self.paths:
            name = self.name(path)
            if name in self.streamed:
                digests[name] = file_digest(path).sha256  # read a block at a time, like its rules read it
                continue
            data = path.read_bytes()
            digests[name] = hashlib.sha256(data).hexdigest()
            if self._from_theme(name, data):
                continue  # never given a verdict of its own: the theme's folders may change
            self.judged.add(name)
            verdict = self.known_clean.get(name)
            if verdict is not None and (verdict.digest, verdict.rendered) == (digests[name], self.rendered_page(name)):
                self.clean_again.add(name)
                if verdict.chrome is not None:
                    self.chrome[name] = Counter(dict(verdict.chrome))
                continue
            kind = identify(data)
            if kind == Kind.PDF:
                found += self._pdf(name, data, unreadable)
            else:
                parts, problems = open_file(name, data, self.limits)
                found += [
                    SiteFile(part.name, part.data, inner_suffix(part.name), part.kind, part.rendered, part.layered)
                    for part in parts
                    if part.kind == Kind.TEXT
                ]
                unreadable += [Finding(problem.name, "file", UNREADABLE, problem.detail) for problem in problems]
            if kind is not Kind.TEXT:
                unreadable += _named_as_page(name)
            if kind not in (Kind.TEXT, *COMPRESSED):
                # Readers account for the structure they know; text hidden beside it (a private image chunk,
                # a font's body, the gap between zip members) is still read, as the raw bytes show it. A
                # compression layer is read whole (its streams, the bytes after them, its gzip headers):
                # its raw bytes are noise, where random bytes would look like an address now and then.
                raw = decoded_view(data) if kind == Kind.PDF else data
                found.append(SiteFile(f"{name}{RAW_BYTES}", raw, ".bin", Kind.BINARY, rendered=False, layered=True))
        unreadable += [
            Finding(self.name(link), "file", "site-link", "a symbolic link in the site") for link in self.links
        ]
        # File names are published too (in URLs and listings): they are read like any text.
        names = "\n".join(unquote(self.name(path)) for path in self.paths)
        found.append(SiteFile("(file names)", names.encode("utf-8"), ".txt", Kind.TEXT, rendered=False, layered=True))
        return found, unreadable, digests

    def _pdf(self, name: str, data: bytes, unreadable: list[Finding]) -> list[SiteFile]:
        """A PDF read as a viewer reads it: its text per page and the strings in its objects, for the text rules;
        what it hides or does (generator.documents.inspect) goes to ``pdf_findings``."""
        try:
            inspection = inspect_pdf(data)
        except PdfUnreadable as error:
            unreadable.append(Finding(name, "file", UNREADABLE, f"the PDF cannot be read: {error}"))
            return []
        for finding in inspection.findings:
            place = f"page {finding.page}" if finding.page is not None else "file"
            self.pdf_findings.append(Finding(name, place, FAKE_REDACTION, finding.detail))
        texts = [
            SiteFile(pdf_page(name, number), text.encode("utf-8"), ".txt", Kind.TEXT, False, True)
            for number, text in enumerate(inspection.texts, start=1)
        ]
        strings = "\n".join(inspection.strings).encode("utf-8")
        return [*texts, SiteFile(f"{name}{PDF_STRINGS}", strings, ".txt", Kind.TEXT, False, True)]

    def pdf_page_text(self, name: str, number: int) -> str | None:
        """The text of a published PDF's page as this run read it, or (a PDF found clean before and not read
        again) as read now; None when the site has no such readable PDF or page."""
        page = self._by_name.get(pdf_page(name, number))
        if page is not None:
            return page.text
        texts = self._clean_pdf_texts(name)
        return texts[number - 1] if 0 < number <= len(texts) else None

    @cached_property
    def _by_name(self) -> dict[str, SiteFile]:
        return {file.name: file for file in self.files}

    @cache  # noqa: B019 - one gate run; a PDF not read again is read once for its approvals
    def _clean_pdf_texts(self, name: str) -> tuple[str, ...]:
        path = self.root / name
        if name not in self.clean_again or not path.is_file() or path.is_symlink():
            return ()
        try:
            return tuple(inspect_pdf(path.read_bytes()).texts)
        except PdfUnreadable:
            return ()

    @property
    def files(self) -> list[SiteFile]:
        """Every readable text in the site: files, decompressed layers, archive members, image metadata."""
        return self._opened[0]

    @property
    def digests(self) -> dict[str, str]:
        """Site path -> SHA-256 of each file, taken when it was read (each file is read once)."""
        return self._opened[2]

    @property
    def unreadable(self) -> list[Finding]:
        """Files (or parts) the gate could not read, or that exceed a bound: each one a finding."""
        return self._opened[1]

    def _from_theme(self, name: str, data: bytes) -> bool:
        """True when the theme (or the pinned search tool) ships this very file, byte for byte, at the same path;
        for a script, when its SHA-256 is one of those allowed."""
        if is_script(name):
            return hashlib.sha256(data).hexdigest() in self.allowed_scripts
        if self.shipped.get(name) == data:
            return True
        return any((folder / name).is_file() and (folder / name).read_bytes() == data for folder in self.theme_dirs)

    def html_pages(self) -> list[SiteFile]:
        return [f for f in self.files if f.suffix in HTML_SUFFIXES]

    @cache  # noqa: B019 - one gate run; each page is parsed once for all rules
    def reading(self, file: SiteFile) -> Reading:
        """A markup file read as a browser reads it."""
        return read(file.text)

    def article_texts(self) -> Iterator[Text]:
        """Each HTML page's whole visible text (with its title), its JSON-LD's strings, then each attribute value
        carrying text or a URL."""
        for page in self.html_pages():
            reading = self.reading(page)
            url = page_url(page.name)
            yield Text(page.name, "page text", reading.visible, url)
            if reading.data:
                yield Text(page.name, "JSON-LD", reading.data, url)
            for tag, attribute, value in reading.attributes:
                yield Text(page.name, f"attribute {attribute_label(attribute)} of {element_label(tag)}", value, url)

    def search_entries(self) -> Iterator[Text]:
        """Each search entry's title and text (lunr: HTML fragments; Pagefind: plain text and facets);
        a malformed index is a finding instead (see search_index_problems), its text read whole."""
        for file in self.files:
            if file.name.startswith(SEARCH_INDEX):
                docs = _search_docs(file.text)
                if docs is None:
                    yield Text(file.name, "file text", self.readable(file))
                    continue
                for number, doc in enumerate(docs, start=1):
                    location = str(doc.get("location", ""))
                    page = location.split("#")[0]
                    # Named by number and page only: the anchor after '#' comes from a heading's text.
                    place = f"search entry {number} (page '{page}')"
                    yield Text(file.name, place, f"{doc.get('title', '')}\n{doc.get('text', '')}\n{location}", page)
            elif is_pagefind_record(file):
                record = _pagefind_record(file.text)
                if record is None:
                    yield Text(file.name, "file text", self.readable(file))
                    continue
                page = str(record.get("url", "")).lstrip("/")
                yield Text(file.name, f"search record (page '{page}')", "\n".join(json_strings(file.text)), page)

    def search_locations(self) -> Iterator[tuple[str, str, str]]:
        """(file, place, location) of every search entry: the search page turns each into a link."""
        for file in self.files:
            if file.name.startswith(SEARCH_INDEX):
                for number, doc in enumerate(_search_docs(file.text) or [], start=1):
                    yield file.name, f"search entry {number}", str(doc.get("location", ""))
            elif is_pagefind_record(file) and (record := _pagefind_record(file.text)) is not None:
                url = str(record.get("url", ""))
                yield file.name, "search record", url
                anchors = record.get("anchors")
                for anchor in anchors if isinstance(anchors, list) else []:
                    anchor_id = anchor.get("id", "") if isinstance(anchor, dict) else ""
                    yield file.name, "search record's anchor", f"{url}#{anchor_id}"

    @property
    def search_index_problems(self) -> list[Finding]:
        """A search index that is not what its tool writes (its text is still read, see search_entries)."""
        problems = [
            Finding(file.name, "file", UNREADABLE, "the search index is not the JSON the theme writes")
            for file in self.files
            if file.name.startswith(SEARCH_INDEX) and _search_docs(file.text) is None
        ]
        for file in self.files:
            if not is_pagefind_record(file):
                continue
            record = _pagefind_record(file.text)
            if record is None:
                problems.append(Finding(file.name, "file", UNREADABLE, "not a search record as Pagefind writes it"))
                continue
            for field, allowed in _PAGEFIND_FIELDS.items():
                value = record.get(field, {})
                keys = set(value) if isinstance(value, dict) else {"(not a mapping)"}
                problems += [
                    Finding(file.name, "search record", UNREADABLE, f"a search {field} key no template writes")
                    for _ in sorted(keys - allowed)
                ]
        return problems

    def readable(self, file: SiteFile) -> str:
        """A file's text as a reader would see it: entities resolved, JSON strings decoded, CSV cells unquoted;
        for markup, the visible text, the attribute values and the scripts, styles and comments together."""
        if file.suffix == ".json":
            return "\n".join(json_strings(file.text))
        if file.suffix == ".csv":
            return "\n".join(cell for row in parse_csv(file.text) for cell in row)
        if file.markup:
            # The source too (entities resolved): nothing a parser drops, such as a processing
            # instruction's text, escapes the proof.
            return f"{self.reading(file).everything()}\n{html.unescape(file.text)}"
        return file.text


def _search_docs(text: str) -> list[dict[str, object]] | None:
    """The index's entries, or None when it is not a JSON object with a list of objects under "docs"."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    docs = data.get("docs", []) if isinstance(data, dict) else None
    if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
        return None
    return docs


def is_pagefind_record(file: SiteFile) -> bool:
    """A Pagefind page record: a fragment file's decompressed JSON (not its raw bytes)."""
    return file.name.startswith(PAGEFIND_FRAGMENTS) and file.suffix == ".pf_fragment"


def _pagefind_record(text: str) -> dict[str, object] | None:
    """A Pagefind record: a JSON object whose url is a string; None for anything else."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("url"), str) else None


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))
