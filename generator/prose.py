"""Markdown that maintainers write (release summaries, opinion bodies), via markdown-it-py.

It is parsed before use: raw HTML and images are refused, links must be https or one of
the reading room's own schemes (``release:<id>``, ``opinion:<slug>``, ``basis:<code>``),
which are resolved to site-relative URLs when rendered. A plain-text abstract is taken
from the first paragraph for index tables and feeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.errors import ErrorLog
from generator.models import NOT_TEXT

INTERNAL_SCHEMES = ("release", "opinion", "basis")
ABSTRACT_LENGTH = 280

# Detection parses with HTML on, so raw HTML is seen and refused; rendering never allows it.
_DETECT = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_RENDER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class Link:
    """A link to something in the reading room, e.g. scheme 'release' and target 'lions-terrorism-cases'."""

    scheme: str
    target: str
    line: int = 0


@dataclass(frozen=True)
class Prose:
    """Validated maintainer Markdown with its internal links and plain-text abstract."""

    source: str
    links: tuple[Link, ...]
    abstract: str

    def render(self, resolve: Callable[[Link], str]) -> str:
        """HTML for the page, with internal links turned into URLs by ``resolve``."""
        tokens = _RENDER.parse(self.source)
        for token in _walk(tokens):
            if token.type == "link_open":
                link = _internal(str(token.attrGet("href") or ""))
                if link is not None:
                    token.attrSet("href", resolve(link))
        return str(_RENDER.renderer.render(tokens, _RENDER.options, {}))


def parse_prose(source: str, path: Path, where: str, log: ErrorLog, first_line: int = 1) -> Prose:
    """Parse and check maintainer Markdown; log each problem with its line (counted from first_line)."""
    for bad in NOT_TEXT.finditer(source):
        log.add(
            path,
            f"line {source.count(chr(10), 0, bad.start()) + first_line}, {where}",
            f"the text contains a control or non-text character (U+{ord(bad.group()):04X})",
            "remove it",
        )
        break
    tokens = _DETECT.parse(source)
    links: list[Link] = []
    for token, line in _walk_with_lines(tokens):
        place = f"line {line + first_line - 1}, {where}"
        if token.type in ("html_block", "html_inline"):
            log.add(
                path,
                place,
                "raw HTML is not allowed in Markdown",
                "write it as Markdown; to show a literal '<' write '\\<'",
            )
        elif token.type == "image":
            log.add(path, place, "images are not allowed in Markdown", "link to the file instead")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            link = _internal(href, line + first_line - 1)
            if link is not None:
                links.append(link)
            elif not href.startswith("https://"):
                log.add(
                    path,
                    place,
                    "a link is neither https:// nor release:, opinion: or basis:",
                    "link outside the site with https://, inside it with e.g. release:<id>",
                )
    return Prose(source, tuple(links), _abstract(tokens))


def _internal(href: str, line: int = 0) -> Link | None:
    scheme, sep, target = href.partition(":")
    if sep and scheme in INTERNAL_SCHEMES:
        return Link(scheme, target, line)
    return None


def _walk(tokens: list[Token]) -> list[Token]:
    return [token for token, _ in _walk_with_lines(tokens)]


def _walk_with_lines(tokens: list[Token], line: int = 1) -> list[tuple[Token, int]]:
    """Every token, children included, with the source line it starts on."""
    found: list[tuple[Token, int]] = []
    for token in tokens:
        here = token.map[0] + 1 if token.map else line
        found.append((token, here))
        if token.children:
            found += _walk_with_lines(token.children, here)
    return found


def _abstract(tokens: list[Token]) -> str:
    """Plain text of the first paragraph, shortened at a word boundary."""
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and index + 1 < len(tokens):
            inline = tokens[index + 1].children or []
            text = "".join(
                child.content if child.type in ("text", "code_inline") else " "
                for child in inline
                if child.type in ("text", "code_inline", "softbreak")
            )
            text = " ".join(text.split())
            if len(text) > ABSTRACT_LENGTH:
                text = text[:ABSTRACT_LENGTH].rsplit(" ", 1)[0] + "…"
            return text
    return ""
