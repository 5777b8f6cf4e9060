"""Reading a built site for the gate: every file, gzip decompressed, pages split into parts."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

SEARCH_INDEX = "search/search_index.json"
# Static files the theme ships; nothing from the content reaches them.
THEME_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")
TEXT_SUFFIXES = (".html", ".json", ".csv", ".xml", ".txt", ".md", ".css", ".js", ".svg")


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

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths = sorted(p for p in root.rglob("*") if p.is_file())

    def name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def contents(self) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of every file, with .gz files decompressed under their inner name."""
        for path in self.paths:
            name, data = self.name(path), path.read_bytes()
            if name.endswith(".gz"):
                try:
                    data = gzip.decompress(data)
                except (OSError, EOFError):
                    yield f"{name} (not valid gzip)", data
                    continue
                name = name.removesuffix(".gz") + " (decompressed)"
            yield name, data

    @cached_property
    def texts(self) -> list[tuple[str, str]]:
        """(name, text) of every text file outside the theme's own assets."""
        found = []
        for name, data in self.contents():
            if name.startswith(THEME_ASSETS) or not name.split(" ")[0].endswith(TEXT_SUFFIXES):
                continue
            found.append((name, data.decode("utf-8", errors="replace")))
        return found

    def html_pages(self) -> list[tuple[str, str]]:
        return [(name, text) for name, text in self.texts if name.endswith(".html")]

    def article_texts(self) -> Iterator[Text]:
        for name, html in self.html_pages():
            parser = _ArticleText()
            parser.feed(html)
            yield Text(name, "page text", " ".join(parser.parts), page_url(name))

    def search_entries(self) -> Iterator[Text]:
        """Each search index entry's title and text (HTML fragments)."""
        for name, text in self.texts:
            if name.startswith(SEARCH_INDEX):
                for doc in json.loads(text).get("docs", []):
                    location = str(doc.get("location", ""))
                    page = location.split("#")[0]
                    yield Text(name, f"search entry '{location}'", f"{doc.get('title', '')}\n{doc.get('text', '')}",
                               page)
