"""An Atom feed a browser or a feed reader opens: only the elements the feed writer writes, and only web links.

A browser opens ``feed.xml`` with its XML parser, which honours document type declarations
(entities), processing instructions (``<?xml-stylesheet?>`` runs XSLT) and any namespace (an XHTML
``<script>`` runs); a feed reader renders ``type="html"`` and ``type="xhtml"`` text and ``<content>``
as markup. The feed writer (generator/render/feeds.py) needs none of these, so the file is read
with an XML parser (the HTML parser would not do: it makes ``<link>`` a void element and
``<title>`` raw text, and knows no namespaces), and anything it does not write is a problem:

- ``<feed>`` (the root, once; ``xml:lang``) holding ``<id>``, ``<title>``, ``<subtitle>``,
  ``<updated>``, ``<link>`` and ``<entry>``;
- ``<entry>`` holding ``<id>``, ``<title>``, ``<updated>``, ``<author>`` (with ``<name>``),
  ``<link>``, ``<summary type="text">`` and ``<category term="...">``;
- ``<link>``: ``href`` (an http(s) URL or a relative path), ``rel`` (``alternate`` or ``self``),
  ``type`` (``text/html`` or ``application/atom+xml``) and ``hreflang``;
- every element in the Atom namespace, declared as the default namespace and no other; text only
  in ``<id>`` (a ``tag:`` URI or an http(s) URL), ``<title>``, ``<subtitle>``, ``<updated>`` (an
  RFC 3339 date-time), ``<name>`` and ``<summary>``.

A document type declaration is refused before the file is parsed, so no entity is ever expanded.
Problems name elements and attributes only if they are Atom's or known HTML names, never a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from generator.gate.html5 import XML_DECLARATION, attribute_label, element_label

NAMESPACE = "http://www.w3.org/2005/Atom"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
NAME = "feed.xml"
DECOMPRESSED = ".gz (decompressed)"
# Each element and the parents it may have (None: the root).
PARENTS: dict[str, frozenset[str | None]] = {
    "feed": frozenset({None}),
    "id": frozenset({"feed", "entry"}),
    "title": frozenset({"feed", "entry"}),
    "subtitle": frozenset({"feed"}),
    "updated": frozenset({"feed", "entry"}),
    "link": frozenset({"feed", "entry"}),
    "entry": frozenset({"feed"}),
    "author": frozenset({"entry"}),
    "name": frozenset({"author"}),
    "summary": frozenset({"entry"}),
    "category": frozenset({"entry"}),
}
# The elements that hold text.
LEAVES = frozenset({"id", "title", "subtitle", "updated", "name", "summary"})
LANG = f"{{{XML_NAMESPACE}}}lang"
# Each element's attributes: the allowed values (a set), or the rule they must match.
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# Browsers drop tabs and newlines inside a URL and read "\" as "/" in a web URL: none is allowed.
_URL_CHARACTER = r"[^\s\x00-\x1f\x7f-\x9f<>\"'\\]"
_WEB_URL = re.compile(rf"https?://{_URL_CHARACTER}+", re.IGNORECASE)
_RELATIVE_URL = re.compile(rf"(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!//){_URL_CHARACTER}+")
_IDENTIFIER = re.compile(rf"(?:tag:|https?://){_URL_CHARACTER}+", re.IGNORECASE)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
_DOCUMENT_TYPE = re.compile(r"<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)
ATTRIBUTES: dict[str, dict[str, frozenset[str] | re.Pattern[str]]] = {
    "feed": {LANG: _LANGUAGE},
    "link": {
        "href": re.compile(f"{_WEB_URL.pattern}|{_RELATIVE_URL.pattern}", re.IGNORECASE),
        "rel": frozenset({"alternate", "self"}),
        "type": frozenset({"text/html", "application/atom+xml"}),
        "hreflang": _LANGUAGE,
    },
    "summary": {"type": frozenset({"text"})},
    "category": {"term": re.compile(r".*", re.DOTALL)},
}
REQUIRED = {"link": "href", "summary": "type", "category": "term"}
# Names a problem may print (Atom's own, RFC 4287); others are labelled as in the HTML rules.
ATOM_ELEMENTS = frozenset(PARENTS) | frozenset(
    {"content", "contributor", "email", "generator", "icon", "logo", "published", "rights", "source", "uri"}
)
ATOM_ATTRIBUTES = frozenset({"href", "rel", "type", "hreflang", "title", "length", "term", "scheme", "label", "src"})
PROCESSING_INSTRUCTION = "a processing instruction other than the XML declaration is not allowed"
MARKUP_DECLARATION = "a document type declaration, comment or CDATA section is not allowed"


def is_feed(name: str) -> bool:
    """A file named feed.xml anywhere in the site (or feed.xml.gz, as the gate names its decompressed bytes)."""
    return PurePosixPath(name.removesuffix(DECOMPRESSED)).name == NAME


def _local(tag: str) -> tuple[str | None, str]:
    """(namespace, local name) of an ElementTree name ``{namespace}local``."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def _element(tag: str) -> str:
    namespace, local = _local(tag)
    label = f"<{local}>" if local in ATOM_ELEMENTS else element_label(local)
    return label if namespace == NAMESPACE else f"{label} outside the Atom namespace"


def _attribute(name: str) -> str:
    namespace, local = _local(name)
    if namespace == XML_NAMESPACE:
        return f"'xml:{local}'" if local in ("lang", "base", "space", "id") else "'an xml: attribute'"
    label = f"'{local}'" if local in ATOM_ATTRIBUTES else attribute_label(local)
    return label if namespace is None else f"{label} in a namespace"


def _is_blank(text: str | None) -> bool:
    return not (text or "").strip(" \t\r\n")


def _element_problems(element: Element, parent: str | None) -> list[str]:
    """What an element itself may not be: its name, place, attributes and text (not its children's)."""
    namespace, tag = _local(element.tag)
    label = _element(element.tag)
    if namespace != NAMESPACE or tag not in PARENTS:
        return [f"element {label} is not allowed"]
    problems = []
    if parent not in PARENTS[tag]:
        problems.append(f"element {label} is not allowed here")
    allowed = ATTRIBUTES.get(tag, {})
    for name, value in element.attrib.items():
        rule = allowed.get(name)
        if rule is None:
            problems.append(f"attribute {_attribute(name)} on {label} is not allowed")
        elif not (value in rule if isinstance(rule, frozenset) else rule.fullmatch(value)):
            what = "an http(s) URL or a relative path" if name == "href" else "an allowed value"
            problems.append(f"attribute {_attribute(name)} on {label} is not {what}")
    if tag in REQUIRED and REQUIRED[tag] not in element.attrib:
        problems.append(f"{label} without its '{REQUIRED[tag]}' attribute")
    text = element.text or ""
    if tag not in LEAVES and not _is_blank(text):
        problems.append(f"text directly in {label}")
    elif tag == "id" and not _IDENTIFIER.fullmatch(text.strip(" \t\r\n")):
        problems.append("an <id> that is not a tag: URI or an http(s) URL")
    elif tag == "updated" and not _DATE_TIME.fullmatch(text.strip(" \t\r\n")):
        problems.append("an <updated> that is not an RFC 3339 date-time")
    if not all(_is_blank(child.tail) for child in element) and tag not in LEAVES:
        problems.append(f"text directly in {label}")
    return problems


def _events(parser: XMLPullParser[Element], text: str) -> Iterator[tuple[Any, ...]]:
    """The parser's events for the whole text; a ParseError where the text stops being well-formed XML."""
    parser.feed(text)
    yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


def feed_problems(text: str) -> list[str]:
    """What a published Atom feed must not hold, in order found (each problem once)."""
    declaration = XML_DECLARATION.match(text)
    rest = text[declaration.end() :] if declaration else text.removeprefix("\ufeff")
    problems: dict[str, None] = {}
    if "<?" in rest:
        problems[PROCESSING_INSTRUCTION] = None
    if "<!" in rest:
        problems[MARKUP_DECLARATION] = None
    if _DOCUMENT_TYPE.search(rest):
        return list(problems)  # never parsed: an entity declared there could be expanded
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end", "start-ns", "comment", "pi"))
    parents: list[str | None] = [None]
    roots = 0
    try:
        for event, item in _events(parser, rest):
            if event == "start-ns":
                if item != ("", NAMESPACE):
                    problems["a namespace declaration other than Atom's as the default is not allowed"] = None
            elif event == "pi":
                problems[PROCESSING_INSTRUCTION] = None
            elif event == "comment":
                problems[MARKUP_DECLARATION] = None
            elif event == "start" and isinstance(item, Element):
                roots += parents[-1] is None
                namespace, tag = _local(item.tag)
                parents.append(tag if namespace == NAMESPACE else "")
            elif event == "end" and isinstance(item, Element):
                parents.pop()
                for problem in _element_problems(item, parents[-1]):
                    problems[problem] = None
    except ParseError as error:
        line, column = error.position
        problems[f"not well-formed XML (line {line}, column {column})"] = None
    if roots != 1:
        problems[f"{roots} root elements instead of one <feed>"] = None
    return list(problems)
