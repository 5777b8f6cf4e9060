"""Reading a built site for the gate: every file, gzip decompressed, pages split into parts.

Every file is read except those the site engine's theme ships unchanged (the adapter names
the theme folders; a file is skipped only if it is byte-identical to the theme's own copy)
and binary media, which cannot carry text a reader would see.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from generator.render.downloads import restore
from generator.tables import Table

SEARCH_INDEX = "search/search_index.json"
BINARY_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".eot",
                             ".otf"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True)
class SiteFile:
    """One published file; ``suffix`` is that of the file inside, for a decompressed .gz."""

    name: str
    data: bytes
    suffix: str

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Text:
    """A piece of published text: where it is, and which page (URL) it belongs to."""

    file: str
    place: str
    text: str
    page: str | None = None


class _ArticleText(HTMLParser):
    """Visible text and attribute values inside Material's <article>, the generated part of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += 1
            self.parts += [value for _, value in attrs if value]

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def page_url(name: str) -> str:
    """The URL of the page a site file belongs to: releases/x/index.html -> releases/x/."""
    return name.removesuffix("index.html") if name.endswith("index.html") else name


class SiteFiles:
    """The files of a built site, read once."""

    def __init__(self, root: Path, theme_dirs: Sequence[Path] = (), docs_dir: Path | None = None) -> None:
        self.root = root
        self.paths = sorted(p for p in root.rglob("*") if p.is_file())
        self.theme_dirs = tuple(theme_dirs)
        self.docs_dir = docs_dir

    def copied(self, name: str) -> bool:
        """True for a file copied as it is from the docs folder (not rendered by the theme)."""
        return self.docs_dir is not None and (self.docs_dir / name).is_file()

    def name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @cached_property
    def files(self) -> list[SiteFile]:
        """Every file that can carry content, with .gz files decompressed."""
        found = []
        for path in self.paths:
            name, data = self.name(path), path.read_bytes()
            if self._from_theme(name, data):
                continue
            suffix = PurePosixPath(name).suffix.lower()
            if suffix == ".gz":
                try:
                    data = gzip.decompress(data)
                except (OSError, EOFError):
                    pass  # searched as it is
                else:
                    name, suffix = f"{name} (decompressed)", PurePosixPath(name[:-3]).suffix.lower()
            if suffix not in BINARY_SUFFIXES:
                found.append(SiteFile(name, data, suffix))
        return found

    @cache  # noqa: B019 - SiteFiles lives for one gate run; each download is parsed once for all rules
    def published_table(self, name: str) -> Table | None:
        """A published CSV read back with neutralised cells restored, or None if the file is missing."""
        path = self.root / name
        if not path.is_file():
            return None
        rows = parse_csv(path.read_text(encoding="utf-8"))
        return Table(tuple(rows[0]) if rows else (), tuple(tuple(map(restore, row)) for row in rows[1:]))

    def _from_theme(self, name: str, data: bytes) -> bool:
        """True when the theme ships this very file, byte for byte, at the same path."""
        return any((folder / name).is_file() and (folder / name).read_bytes() == data for folder in self.theme_dirs)

    def html_pages(self) -> list[SiteFile]:
        return [f for f in self.files if f.suffix in HTML_SUFFIXES]

    def article_texts(self) -> Iterator[Text]:
        for page in self.html_pages():
            parser = _ArticleText()
            parser.feed(page.text)
            text = " ".join(parser.parts) if parser.parts and not self.copied(page.name) else html.unescape(page.text)
            yield Text(page.name, "page text", text, page_url(page.name))

    def search_entries(self) -> Iterator[Text]:
        """Each search index entry's title and text (HTML fragments)."""
        for file in self.files:
            if file.name.startswith(SEARCH_INDEX):
                for doc in json.loads(file.text).get("docs", []):
                    location = str(doc.get("location", ""))
                    yield Text(file.name, f"search entry '{location}'",
                               f"{doc.get('title', '')}\n{doc.get('text', '')}", location.split("#")[0])

    def readable(self, file: SiteFile) -> str:
        """A file's text as a reader would see it: entities resolved, JSON strings decoded, CSV cells unquoted."""
        if file.suffix == ".json":
            return "\n".join(json_strings(file.text))
        if file.suffix == ".csv":
            return "\n".join(cell for row in parse_csv(file.text) for cell in row)
        if file.suffix in HTML_SUFFIXES or file.suffix in (".xml", ".svg"):
            return html.unescape(file.text)
        return file.text


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def json_strings(text: str) -> list[str]:
    """Every string in a JSON document, entities resolved; the text itself if it is not JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return [text]
    strings: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(html.unescape(item))
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return strings
