"""A chart's SVG file, which a browser opens as an XML document: only what generator/render/charts.py draws.

A browser reads an ``.svg`` file with its XML parser, so the file is read here with an XML parser too
(expat, through ``xml.etree``), namespaces resolved: ``<h:script xmlns:h="…/xhtml">`` is a script, and
an ``<svg>`` in another namespace is not an image. A document type declaration is refused before any
parsing (its entities could expand), as are processing instructions (``<?xml-stylesheet?>`` runs XSLT),
comments and CDATA sections. What remains must be the elements and attributes matplotlib's SVG writer
produces for a chart, each attribute value in the form it writes, every link a ``#id`` of this file and
every style free of anything that fetches (``url()`` other than ``url(#id)``, ``@import``) or runs
(``expression()``, ``javascript:``), with no CSS escapes. A problem names elements and attributes, never
a value.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from generator.gate.html5 import XML_DECLARATION, attribute_label, element_label

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# The only namespace declarations: (prefix, namespace), "" for the default namespace.
NAMESPACES = frozenset({("", SVG), ("xlink", XLINK)})
XML = "http://www.w3.org/XML/1998/namespace"
HREF = f"{{{XLINK}}}href"
# Each element (in the SVG namespace) with the elements it may be in; the root <svg> is in none.
PARENTS: dict[str, frozenset[str]] = {
    "svg": frozenset(),
    "defs": frozenset({"svg", "g"}),
    "style": frozenset({"defs"}),
    "g": frozenset({"svg", "g"}),
    "path": frozenset({"g", "defs"}),
    "use": frozenset({"g"}),
    "text": frozenset({"g"}),
    "clipPath": frozenset({"defs"}),
    "rect": frozenset({"clipPath"}),
}
_NUMBER = r"-?\d+(?:\.\d+)?"
_ID = r"[A-Za-z_][A-Za-z0-9_.-]*"
# Each attribute an element may have, with the form of its value.
ATTRIBUTES: dict[str, dict[str, re.Pattern[str]]] = {
    "svg": {
        "width": re.compile(rf"{_NUMBER}pt"),
        "height": re.compile(rf"{_NUMBER}pt"),
        "viewBox": re.compile(rf"{_NUMBER} {_NUMBER} {_NUMBER} {_NUMBER}"),
        "version": re.compile(r"1\.1"),
    },
    "defs": {},
    "style": {"type": re.compile(r"text/css")},
    "g": {"id": re.compile(_ID)},
    "path": {
        "id": re.compile(_ID),
        "d": re.compile(r"[MmLlHhVvCcSsQqTtAaZz0-9.,\s+-]*"),
        "clip-path": re.compile(rf"url\(#{_ID}\)"),
        "style": re.compile(r".*", re.DOTALL),  # read as style declarations
    },
    "use": {
        HREF: re.compile(rf"#{_ID}"),
        "x": re.compile(_NUMBER),
        "y": re.compile(_NUMBER),
        "style": re.compile(r".*", re.DOTALL),
    },
    "text": {
        "x": re.compile(_NUMBER),
        "y": re.compile(_NUMBER),
        "transform": re.compile(rf"(?:\s*(?:rotate|translate|scale)\(\s*{_NUMBER}(?:[\s,]+{_NUMBER})*\s*\))+\s*"),
        "style": re.compile(r".*", re.DOTALL),
    },
    "clipPath": {"id": re.compile(_ID)},
    "rect": {name: re.compile(_NUMBER) for name in ("x", "y", "width", "height")},
}
# The style properties matplotlib writes for a chart, and the characters of their values.
PROPERTIES = frozenset(
    {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "font-family", "font-size", "text-anchor"}
)
# Attribute names a problem may print besides those html5.attribute_label knows: a chart's, and XML's own.
_NAMED_ATTRIBUTES = frozenset(
    {"clip-path", "xlink:href", "xml:base", "xml:lang", "xml:space", "xml:id"}
    | {name.lower() for names in ATTRIBUTES.values() for name in names if not name.startswith("{")}
)
_VALUE = re.compile(r"[A-Za-z0-9#.,%' -]*")
_DECLARATION = re.compile(r"\s*([A-Za-z-]+)\s*:(.*)", re.DOTALL)
_RULE = re.compile(r"[*A-Za-z0-9_#.,\s-]+\{([^{}]*)\}")  # spaces only in the selector: one reading of a run
_SHEET = re.compile(rf"(?:{_RULE.pattern})*\s*")
_INTERNAL_URL = re.compile(rf"url\(#{_ID}\)", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!\s*doctype", re.IGNORECASE)
_ENCODING = re.compile(r"\bencoding\s*=\s*[\"']([^\"']*)[\"']")


def svg_problems(text: str) -> list[str]:
    """What a chart's SVG file must not hold, in order found (each problem once)."""
    declaration = XML_DECLARATION.match(text)
    rest = text[declaration.end() :] if declaration else text
    problems = []
    encoding = _ENCODING.search(declaration.group()) if declaration else None
    if encoding and encoding.group(1).lower() != "utf-8":
        problems.append("the XML declaration names an encoding other than UTF-8")
    if "<?" in rest:
        problems.append("a processing instruction other than the XML declaration is not allowed")
    if "<!" in rest:
        problems.append("a document type declaration, comment or CDATA section is not allowed")
    if _DOCTYPE.search(rest):
        return problems  # never parsed: a DTD's entities could expand, or fetch
    problems += _document_problems(text.removeprefix("\ufeff"))
    return list(dict.fromkeys(problems))


def _document_problems(text: str) -> list[str]:
    problems: list[str] = []
    path: list[str] = []  # the open elements' local names, outermost first
    ids: set[str] = set()
    links: set[str] = set()
    roots = 0
    for event, item in _events(text):
        if event == "error":
            problems.append(f"the file is not well-formed XML ({item})")
        elif event == "start-ns":
            if item not in NAMESPACES:
                problems.append("a namespace declaration other than SVG's (default) and XLink's (xlink:)")
        elif event == "comment":  # also found in the text (above); the same words, so reported once
            problems.append("a document type declaration, comment or CDATA section is not allowed")
        elif event == "pi":
            problems.append("a processing instruction other than the XML declaration is not allowed")
        elif event == "start" and isinstance(item, ET.Element):
            namespace, name = _split(item.tag)
            if not path:
                roots += 1
                if (namespace, name) != (SVG, "svg"):
                    problems.append("the root element is not <svg> in the SVG namespace")
            elif name == "svg":
                roots += 1
            problems += _element_problems(item, namespace, name, path[-1] if path else None)
            ids.update(value for key, value in item.attrib.items() if key == "id")
            links.update(value[1:] for key, value in item.attrib.items() if key == HREF and value.startswith("#"))
            path.append(name)
        elif event == "end" and isinstance(item, ET.Element):
            name = path.pop()
            if name == "style":
                problems += _style_problems(item.text or "", sheet=True)
            elif name != "text" and (item.text or "").strip():
                problems.append(f"text outside a <text> element (in {element_label(name.lower())})")
            if path and path[-1] != "text" and (item.tail or "").strip():
                problems.append(f"text outside a <text> element (in {element_label(path[-1].lower())})")
    if roots != 1:
        problems.append(f"{roots} <svg> elements instead of one")
    if links - ids:
        problems.append("a link to an element this file does not have")
    return problems


def _events(text: str) -> Iterator[tuple[str, object]]:
    """The parser's events in document order, then ("error", where) if the text is not well-formed XML."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start-ns", "start", "end", "comment", "pi"))
    try:
        parser.feed(text)
        yield from ((event[0], event[-1]) for event in parser.read_events())
        parser.close()
        yield from ((event[0], event[-1]) for event in parser.read_events())
    except ET.ParseError as error:
        line, column = error.position
        yield "error", f"line {line}, column {column}"


def _split(name: str) -> tuple[str, str]:
    """(namespace, local name) of an element's or attribute's name as ElementTree writes it."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _element_problems(element: ET.Element, namespace: str, name: str, parent: str | None) -> list[str]:
    label = element_label(name.lower())
    if namespace != SVG:
        return [f"element {label} outside the SVG namespace is not allowed"]
    if name not in PARENTS:
        return [f"element {label} is not allowed"]
    problems = []
    if parent is not None and parent not in PARENTS[name]:
        problems.append(f"element {label} is not allowed here")
    allowed = ATTRIBUTES[name]
    for key, value in element.attrib.items():
        shown = _attribute_name(key)
        local = _split(key)[1]
        if local.lower() == "href" or key == HREF:
            if key not in allowed or not allowed[key].fullmatch(value):
                problems.append(f"a link on {label} that is not to an element of this file ({_attribute_label(shown)})")
        elif key not in allowed:
            kind = "event-handler attribute" if local.lower().startswith("on") else "attribute"
            problems.append(f"{kind} {_attribute_label(shown)} on {label} is not allowed")
        elif key == "style":
            problems += _style_problems(value, sheet=False)
        elif not allowed[key].fullmatch(value):
            problems.append(f"the value of attribute {_attribute_label(shown)} on {label} is not allowed")
    return problems


def _attribute_name(key: str) -> str:
    """An attribute's name as written with the usual prefix: ``xlink:href``, ``xml:base``, ``onload``."""
    namespace, local = _split(key)
    return {XLINK: "xlink:", XML: "xml:"}.get(namespace, "") + local.lower()


def _attribute_label(name: str) -> str:
    """How a problem names an attribute: as written if a chart or SVG knows it, else by kind and length."""
    return f"'{name}'" if name in _NAMED_ATTRIBUTES else attribute_label(name)


def _style_problems(css: str, *, sheet: bool) -> list[str]:
    """Problems of a <style> element's text (``sheet``) or a style attribute's declarations."""
    lowered = css.lower()
    problems = []
    if "\\" in css:
        problems.append("a style with a CSS escape (backslash) is not allowed")
    if "@" in css:
        problems.append("a style with an at-rule (such as @import) is not allowed")
    if "expression(" in lowered:
        problems.append("a style with expression() is not allowed")
    if "javascript:" in lowered:
        problems.append("a style with a javascript: URL is not allowed")
    if lowered.count("url(") != len(_INTERNAL_URL.findall(css)):
        problems.append("a style with url() to anything but an element of this file is not allowed")
    if problems:
        return problems
    if sheet:
        if not _SHEET.fullmatch(css):
            return ["a <style> element that is not plain rules of declarations"]
        blocks = [rule.group(1) for rule in _RULE.finditer(css)]
    else:
        blocks = [css]
    for block in blocks:
        for declaration in filter(str.strip, block.split(";")):
            match = _DECLARATION.fullmatch(declaration)
            if not match or match.group(1).lower() not in PROPERTIES:
                problems.append("a style property that is not allowed")
            elif not _VALUE.fullmatch(_INTERNAL_URL.sub("", match.group(2)).strip()):
                problems.append("a style value that is not allowed")
    return problems
