"""Markdown that maintainers write (release summaries, opinion bodies), via markdown-it-py.

It is parsed before use: raw HTML and images are refused, links must be https or one of
the reading room's own schemes (``release:<id>``, ``opinion:<slug>``, ``basis:<code>``),
which are resolved to site-relative URLs when rendered. A plain-text abstract is taken
from the first paragraph for index tables and feeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.errors import ErrorLog
from generator.models import NOT_TEXT, TranslationLanguage
from generator.yamlfile import YamlDocument

INTERNAL_SCHEMES = ("release", "opinion", "basis")
# A path inside the site: no scheme, not //host, no backslash, space or control character.
SITE_RELATIVE = re.compile(r"(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\]{2})[^\s\\\x00-\x1f\x7f]*")
ABSTRACT_LENGTH = 280

# Raw HTML using an element name browsers know is refused; other text that merely looks like a tag
# (`<REDACTED>`, `<b7c>`) is shown as text.
_ELEMENT_LIST = resources.files("generator").joinpath("data/html-elements.txt").read_text("utf-8")
HTML_ELEMENTS = frozenset(line for line in _ELEMENT_LIST.split("\n") if line and not line.startswith("#"))
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")


def is_markup(raw: str) -> bool:
    """True for raw HTML a browser would act on: a known or custom element, a comment, a declaration or a
    processing instruction; False for text that only looks like a tag, e.g. `<REDACTED>`."""
    if re.search(r"<[!?]", raw):
        return True
    names = (name.lower() for name in _TAG_NAME.findall(raw))
    return any(name in HTML_ELEMENTS or "-" in name or ":" in name for name in names)


# Table alignment becomes a class: the gate allows no `style` attribute in generated content.
ALIGN_CLASSES = {f"text-align:{side}": f"rr-align-{side}" for side in ("left", "center", "right")}

# Detection parses with HTML on, so raw HTML is seen and refused; rendering never allows it.


class _EveryLink(MarkdownIt):
    """markdown-it drops links it considers unsafe (javascript:, data:…) to plain text, but Python-Markdown,
    which renders hand-written pages, makes them live links: detection must see every link."""

    def validateLink(self, url: str) -> bool:
        return True


_DETECT = _EveryLink("commonmark", {"html": True}).enable(["table", "strikethrough"])

# Python-Markdown, which renders hand-written pages, recurses once per level of nesting and rescans a
# block from each "[" or "<" in it: a few hundred levels crash the build and thousands of openers in one
# block take minutes. Real prose stays far below both bounds, which hold for summaries too.
MAX_DEPTH = 16
MAX_OPENERS = 1000
# A line's container prefix: indentation, list markers and quote markers, in any mix.
_CONTAINERS = re.compile(r"(?:[ \t]|(?:[-*+]|[0-9]{1,9}[.)]|>)(?=[ \t]|$))*")
_MARKER = re.compile(r"[-*+>]|[0-9]{1,9}[.)]")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
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
        return _html(self._tokens(resolve))

    def sections(self, resolve: Callable[[Link], str]) -> list[Section]:
        """The text split at its top-level headings: each heading's level and plain text (for the page's own
        heading, which puts it in the table of contents with a stable anchor) and the HTML that follows it.
        The first section has no heading when the text does not start with one."""
        sections: list[Section] = []
        heading: tuple[int, str] | None = None
        body: list[Token] = []
        tokens = self._tokens(resolve)
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.level == 0:
                if heading is not None or body:
                    sections.append(Section(*(heading or (0, "")), _html(body)))
                heading, body = (int(token.tag[1:]), _plain(tokens[index + 1])), []
            elif not (token.level == 0 and token.type == "heading_close") and not _in_heading(tokens, index):
                body.append(token)
        if heading is not None or body:
            sections.append(Section(*(heading or (0, "")), _html(body)))
        return sections

    def _tokens(self, resolve: Callable[[Link], str]) -> list[Token]:
        tokens = _RENDER.parse(self.source)
        for token in _walk(tokens):
            if token.type in ("th_open", "td_open") and (align := token.attrs.pop("style", None)) is not None:
                token.attrSet("class", ALIGN_CLASSES[str(align)])
            if token.type == "th_open":
                token.attrSet("scope", "col")  # a Markdown table's headers are its columns'
            if token.type == "link_open":
                link = _internal(str(token.attrGet("href") or ""))
                if link is not None:
                    token.attrSet("href", resolve(link))
        return tokens


@dataclass(frozen=True)
class Section:
    """A part of a text under one heading: its level (0: before any heading), its plain text and its HTML."""

    level: int
    heading: str
    html: str


def _html(tokens: list[Token]) -> str:
    return str(_RENDER.renderer.render(tokens, _RENDER.options, {}))


def _in_heading(tokens: list[Token], index: int) -> bool:
    """True for a top-level heading's inline content (the token right after its heading_open)."""
    return index > 0 and tokens[index - 1].type == "heading_open" and tokens[index - 1].level == 0


def _plain(inline: Token) -> str:
    """A heading's text without its markup: text and code spans, in order, as one line."""
    parts = [child.content for child in inline.children or [] if child.type in ("text", "code_inline")]
    return " ".join("".join(parts).split())


def parse_prose(
    source: str, path: Path, where: str, log: ErrorLog, first_line: int = 1, relative_links: bool = False
) -> Prose:
    """Parse and check maintainer Markdown; log each problem with its line (counted from first_line).

    ``relative_links`` is for hand-written pages, which the site engine renders itself: they link
    inside the site with relative paths, and the reading room's own link schemes are not resolved there.
    """
    for bad in NOT_TEXT.finditer(source):
        log.add(
            path,
            f"line {source.count(chr(10), 0, bad.start()) + first_line}, {where}",
            f"the text contains a control or non-text character (U+{ord(bad.group()):04X})",
            code="RR601",
        )
        break
    tokens = _DETECT.parse(source)
    for line, problem, code in _structure_problems(source, tokens):
        log.add(path, f"line {line + first_line}, {where}", problem, code=code)
    links: list[Link] = []
    for token, line in _walk_with_lines(tokens):
        place = f"line {line + first_line - 1}, {where}"
        if token.type in ("html_block", "html_inline") and (relative_links or is_markup(token.content)):
            # Summaries render anything else as text; hand-written pages are rendered by an engine that
            # would pass it through, so there every tag-like text is refused.
            log.add(
                path,
                place,
                "raw HTML is not allowed in Markdown",
                code="RR604",
            )
        elif token.type == "image":
            log.add(path, place, "images are not allowed in Markdown", code="RR605")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            link = _internal(href, line + first_line - 1)
            if relative_links:
                if not (href.startswith("https://") or SITE_RELATIVE.fullmatch(href)):
                    log.add(
                        path,
                        place,
                        "a link is neither https:// nor a relative path inside the site",
                        code="RR606",
                    )
            elif link is not None:
                links.append(link)
            elif not href.startswith("https://"):
                log.add(
                    path,
                    place,
                    "a link is neither https:// nor release:, opinion: or basis:",
                    code="RR607",
                )
    return Prose(source, tuple(links), _abstract(tokens))


def _structure_problems(source: str, tokens: list[Token]) -> list[tuple[int, str, str]]:
    """(0-based line, problem, error code) for nesting deeper than MAX_DEPTH or a block with too many openers."""
    fenced = {line for token in tokens if token.type == "fence" and token.map for line in range(*token.map)}
    problems = []
    for number, line in enumerate(source.split("\n")):
        prefix = _CONTAINERS.match(line)
        if number in fenced or prefix is None:
            continue
        markers = _MARKER.findall(prefix.group())
        spaces = len(prefix.group().expandtabs(4)) - sum(map(len, markers))
        if len(markers) + spaces // 4 > MAX_DEPTH:
            problems.append(
                (
                    number,
                    f"the text is nested more than {MAX_DEPTH} levels deep (lists, quotes or indentation)",
                    "RR602",
                )
            )
            break
    breaks = list(_BLOCK_BREAK.finditer(source))
    for begin, end in zip([0] + [b.end() for b in breaks], [b.start() for b in breaks] + [len(source)], strict=True):
        if source.count("[", begin, end) + source.count("<", begin, end) > MAX_OPENERS:
            problems.append(
                (
                    source.count("\n", 0, begin),
                    f"one paragraph holds more than {MAX_OPENERS} '[' or '<' characters",
                    "RR603",
                )
            )
            break
    return problems


def _internal(href: str, line: int = 0) -> Link | None:
    scheme, sep, target = href.partition(":")
    if sep and scheme in INTERNAL_SCHEMES:
        return Link(scheme, target, line)
    return None


def _walk(tokens: list[Token]) -> list[Token]:
    return [token for token, _ in _walk_with_lines(tokens)]


def _walk_with_lines(tokens: list[Token], line: int = 1) -> list[tuple[Token, int]]:
    """Every token, children included, with the source line it starts on.

    Inline tokens carry no line of their own: one inside a paragraph is on the paragraph's first line plus
    the line breaks before it, so a link on a paragraph's third line is reported there.
    """
    found: list[tuple[Token, int]] = []
    for token in tokens:
        here = token.map[0] + 1 if token.map else line
        found.append((token, here))
        if token.type in ("softbreak", "hardbreak"):
            line += 1
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


class Translation(Protocol):
    """A text's translation into one language, of which the summary is Markdown (None when not given)."""

    @property
    def summary(self) -> str | None: ...


def translated_prose(
    translations: Mapping[TranslationLanguage, Translation], path: Path, log: ErrorLog, document: YamlDocument | None
) -> dict[str, Prose]:
    """Each translation's summary, parsed and checked like the text it translates, by language code."""
    found: dict[str, Prose] = {}
    for code, translation in sorted(translations.items()):
        if translation.summary is not None:
            first_line = document.text_start(("translations", code, "summary"))[0] if document else 1
            found[code] = parse_prose(translation.summary, path, f"translations.{code}.summary", log, first_line)
    return found
