"""Markup read as a browser reads it: the WHATWG parsing algorithm (Lexbor, through selectolax).

CDATA sections, bogus comments and processing instructions in HTML content become comment
nodes, ``<svg><script>`` is a script, raw-text elements (``<textarea>``, ``<title>``) hold text,
and a ``<template>``'s content (a separate fragment in the DOM) is walked as the template's
children, so nothing a browser could instantiate is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from generator.gate.findings import describe
from generator.gate.json_text import json_strings

# Elements a browser lays out as blocks (a line break before and after), and table cells (a tab).
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "optgroup",
        "option",
        "p",
        "plaintext",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "title",
        "tr",
        "ul",
        "xmp",
    }
)
CELLS = frozenset({"td", "th"})
# Contents a browser never shows as text.
HIDDEN = frozenset({"script", "style", "template"})
PREFORMATTED = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
# Attributes whose value is a URL (or a list of URLs): what a browser may fetch or navigate to.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "srcset",
        "imagesrcset",
        "background",
        "cite",
        "longdesc",
        "usemap",
        "manifest",
        "codebase",
        "ping",
        "archive",
        "classid",
        "profile",
        "dynsrc",
        "lowsrc",
        "icon",
        "itemid",
        "itemtype",
    }
)
# SVG animation elements can set an attribute (such as href) to one of these values.
ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor"})
ANIMATION_VALUES = frozenset({"to", "from", "values", "by"})
# Attributes that carry text a reader sees or a tool reads.
TEXT_ATTRIBUTES = frozenset(
    {
        "title",
        "alt",
        "aria-label",
        "aria-description",
        "aria-placeholder",
        "aria-roledescription",
        "aria-valuetext",
        "content",
        "value",
        "placeholder",
        "label",
        "summary",
        "abbr",
        "download",
        "name",
        "xlink:title",
        "srcdoc",
    }
)
# Element and attribute names a finding may print; any other name (content could put a value
# there, as in <maria-lopez>) is described by kind and length only.
KNOWN_ELEMENTS = frozenset(
    """a abbr acronym address animate animatemotion animatetransform annotation annotation-xml applet area article
    aside audio b base basefont bdi bdo bgsound big blink blockquote body br button canvas caption center circle cite
    clippath code col colgroup data datalist dd defs del desc details dfn dialog dir div dl dt ellipse em embed
    fencedframe feimage fieldset figcaption figure filter font footer foreignobject form frame frameset g h1 h2 h3 h4
    h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend li line
    lineargradient link listing main map mark marker marquee mask math menu menuitem meta meter mglyph mi
    malignmark mn mo ms mtext multicol nav nextid nobr noembed noframes noscript object ol optgroup option output
    p param path pattern picture plaintext polygon polyline portal pre progress q radialgradient rb rect rp rt rtc
    ruby s samp script search section select selectedcontent semantics set slot small source spacer span stop
    strike strong style sub summary sup svg switch symbol table tbody td template text textarea textpath tfoot th
    thead time title tr track tspan tt u ul use var video wbr xmp loc lastmod changefreq priority url urlset""".split()  # noqa: SIM905
)
KNOWN_ATTRIBUTES = frozenset(
    """accept accept-charset accesskey action align allow alt archive async attributename autocomplete autofocus
    autoplay background bgcolor border by charset checked cite class classid code codebase color cols colspan
    content contenteditable controls coords crossorigin d data datetime decoding default defer dir dirname disabled
    download draggable dynsrc encoding enctype face fill for form formaction formmethod formtarget from headers
    height hidden high href hreflang http-equiv icon id integrity is itemid itemprop itemscope itemtype lang
    language list loading longdesc loop low lowsrc manifest max maxlength media method min multiple muted name
    nonce novalidate open optimum pattern ping placeholder points popover poster preload profile r readonly
    referrerpolicy rel required rev reversed role rows rowspan sandbox scope selected shape size sizes slot span
    src srcdoc srclang srcset start step stroke style summary tabindex target title to transform translate type
    usemap value values viewbox width wrap x xlink:href xlink:title xml:lang xml:space xmlns xmlns:xlink y""".split()  # noqa: SIM905
)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINES = re.compile(r" *\n[ \n]*")
# An XML declaration at the very start of a file (a byte-order mark and blanks allowed before it).
XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml(?:\s+[a-zA-Z]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*\s*\?>")


def parse(text: str) -> LexborNode:
    """The document node of ``text`` parsed as a browser parses an HTML document."""
    root = LexborHTMLParser(text).root
    document = root.parent if root is not None else None
    if document is None:  # pragma: no cover - Lexbor always builds <html>
        raise ValueError("the HTML parser built no document")
    return document


def _last_child(node: LexborNode) -> LexborNode | None:
    """A node's last child; for a <template>, the last child of its content fragment."""
    if node.is_element_node and node.tag == "template":
        fragments = node.template_fragments()
        return fragments[0].last_child if fragments else None
    return node.last_child


def events(node: LexborNode) -> Iterator[tuple[LexborNode, bool]]:
    """(node, True) on entering each node in document order and (node, False) on leaving it.

    Iterative, so a deeply nested document cannot exhaust Python's recursion limit; children are pushed from
    the last one back, so they come off the stack in document order.
    """
    stack: list[tuple[LexborNode, bool]] = [(node, True)]
    pop, push = stack.pop, stack.append
    while stack:
        current, entering = pop()
        yield current, entering
        if entering:
            push((current, False))
            child = _last_child(current)
            while child is not None:
                push((child, True))
                child = child.prev


def element_label(tag: str) -> str:
    """How a finding names an element: ``<p>``, or by kind and length for a name only content could give."""
    return f"<{tag}>" if tag in KNOWN_ELEMENTS else f"<an unknown element, {describe(tag)}>"


def attribute_label(name: str) -> str:
    """How a finding names an attribute: ``'onclick'``, or by kind and length for an unknown name."""
    known = name in KNOWN_ATTRIBUTES or re.fullmatch(r"on[a-z]{2,30}|aria-[a-z]{2,30}|data-[a-z]{2,30}", name)
    return f"'{name}'" if known else f"'an unknown attribute, {describe(name)}'"


def is_url_attribute(tag: str, name: str) -> bool:
    return name in URL_ATTRIBUTES or (tag in ANIMATIONS and name in ANIMATION_VALUES)


def attribute_items(node: LexborNode) -> list[tuple[str, str]]:
    """An element's attributes, names lowercased; a boolean attribute has the empty value."""
    return [(name.lower(), value or "") for name, value in node.attributes.items()]


def carries_text(tag: str, name: str) -> bool:
    """Attributes whose values a reader sees or a tool reads (not SVG geometry such as d or viewBox)."""
    return is_url_attribute(tag, name) or name in TEXT_ATTRIBUTES or name.startswith(("data-", "aria-"))


@dataclass(frozen=True)
class Reading:
    """What a browser shows of a document, and what else it carries.

    ``visible``: the text as rendered (inline elements joined without separators, blocks and
    line breaks on new lines, table cells tab-separated, whitespace collapsed); ``attributes``:
    (element, attribute, value) for attributes carrying text or URLs (URLs percent-decoded);
    ``hidden``: the contents of scripts, styles, templates and comments; ``other_values``: the values
    of every other attribute (class, style, SVG geometry, ...); ``data``: the strings of JSON data blocks
    (JSON-LD), decoded as the programs that read them decode them.
    """

    visible: str
    attributes: tuple[tuple[str, str, str], ...]
    hidden: str
    other_values: tuple[str, ...] = ()
    data: str = ""

    def everything(self) -> str:
        """Everything a document carries as text: visible text, every attribute value, hidden contents."""
        values = (value for _, _, value in self.attributes)
        return "\n".join([self.visible, *values, *self.other_values, self.hidden, self.data])


def _json_block(node: LexborNode | None) -> bool:
    """A script element holding JSON data (JSON-LD, an import map, ...), by its type."""
    if node is None or (node.tag or "").lower() != "script":
        return False
    return any(name == "type" and "json" in value.lower() for name, value in attribute_items(node))


def read(text: str) -> Reading:
    visible: list[str] = []
    hidden: list[str] = []
    data: list[str] = []
    attributes: dict[tuple[str, str, str], None] = {}
    other_values: dict[str, None] = {}
    hiding = 0
    preformatted = 0
    for node, entering in events(parse(text)):
        if node.is_text_node:
            if entering:
                content = node.text_content or ""
                if hiding:
                    hidden.append(content)
                    if _json_block(node.parent):
                        data += json_strings(content)  # as a search engine reads JSON-LD: escapes decoded
                else:
                    visible.append(content if preformatted else _SPACE.sub(" ", content))
            continue
        if node.is_comment_node:
            if entering:
                hidden.append(node.comment_content or "")
            continue
        if not node.is_element_node:
            continue
        tag = (node.tag or "").lower()
        if entering:
            for name, value in attribute_items(node):
                if value and carries_text(tag, name):
                    attributes[(tag, name, unquote(value) if is_url_attribute(tag, name) else value)] = None
                elif value:
                    other_values[value] = None
        hiding += (1 if entering else -1) * (tag in HIDDEN)
        preformatted += (1 if entering else -1) * (tag in PREFORMATTED)
        if tag in BLOCKS or tag == "br":
            visible.append("\n")
        elif tag in CELLS and not entering:
            visible.append("\t")
        elif tag == "tr" and not entering:
            visible.append("\n")
    text = _BLANK_LINES.sub("\n", "".join(visible)).strip(" \n")
    return Reading(text, tuple(attributes), "\n".join(hidden), tuple(other_values), "\n".join(data))
