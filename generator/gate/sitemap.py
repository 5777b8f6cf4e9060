"""The sitemap a search engine reads: only the sitemap protocol's own elements, and only web links.

Browsers render an XML file with the XML parser, which honours document type declarations
(entities), processing instructions (``<?xml-stylesheet?>`` runs XSLT) and any namespace
(an XHTML ``<script>``). A sitemap needs none of these, so anything but ``urlset``, ``url``,
``loc``, ``lastmod``, ``changefreq`` and ``priority`` in the sitemap namespace is a problem.
"""

from __future__ import annotations

import re

from generator.gate.html5 import XML_DECLARATION, attribute_items, attribute_label, element_label, events, parse

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Each element and the parent it must have.
PARENTS = {"urlset": "body", "url": "urlset", "loc": "url", "lastmod": "url", "changefreq": "url", "priority": "url"}
NAMES = frozenset({"sitemap.xml", "sitemap.xml.gz (decompressed)"})
_WEB_LINK = re.compile(r"^https?://[^\s<>\"'\\]+$", re.IGNORECASE)


def is_sitemap(name: str) -> bool:
    return name in NAMES


def sitemap_problems(text: str) -> list[str]:
    """What a sitemap must not hold, in order found."""
    declaration = XML_DECLARATION.match(text)
    rest = text[declaration.end() :] if declaration else text
    problems = []
    if "<?" in rest:
        problems.append("a processing instruction other than the XML declaration is not allowed")
    if "<!" in rest:
        problems.append("a document type declaration, comment or CDATA section is not allowed")
    urlsets = 0
    for node, entering in events(parse(rest)):
        if not entering or node.is_document_node:
            continue
        if node.is_text_node:
            parent = (node.parent.tag or "") if node.parent is not None else ""
            if parent not in ("loc", "lastmod", "changefreq", "priority") and (node.text_content or "").strip():
                problems.append(f"text outside the sitemap's elements (in {element_label(parent)})")
            elif parent == "loc" and not _WEB_LINK.match((node.text_content or "").strip()):
                problems.append("a <loc> that is not an http(s) link")
            continue
        if not node.is_element_node:
            if node.tag != "-doctype":
                problems.append("a comment node is not allowed")
            continue
        tag = (node.tag or "").lower()
        if tag in ("html", "head", "body"):
            continue  # created by the parser around any content
        parent = (node.parent.tag or "") if node.parent is not None else ""
        if PARENTS.get(tag) != parent:
            problems.append(f"element {element_label(tag)} is not allowed here")
        urlsets += tag == "urlset"
        for name, value in attribute_items(node):
            if not (tag == "urlset" and name == "xmlns" and value == NAMESPACE):
                problems.append(f"attribute {attribute_label(name)} on {element_label(tag)} is not allowed")
        if tag == "urlset" and node.attributes.get("xmlns") != NAMESPACE:
            problems.append("the <urlset> is not in the sitemap namespace")
    if urlsets != 1:
        problems.append(f"{urlsets} <urlset> elements instead of one")
    return problems
