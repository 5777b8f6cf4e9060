"""The only script element allowed in a page's generated content: our schema.org description (JSON-LD).

A browser never runs a ``<script type="application/ld+json">``; search engines read it as data. It is
allowed in an <article> only as generator/render/linked_data.py writes it: that one attribute, at most
one block per page, text with no ``<`` (so nothing can end the element early or open another), and JSON
whose every object is of a schema.org type we write, with only the properties we write, and whose links
are web links (http or https: `mkdocs serve` serves over http) or site-relative. Anything else, including
any other data block, stays a finding of the markup rule. Its strings are read decoded by the other rules
like the rest of the page (identifiers, markers, withheld values).
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.gate.json_text import duplicate_keys

TYPE = "application/ld+json"
CONTEXT = "https://schema.org"
# Each type we write and the properties it may have.
PROPERTIES: dict[str, frozenset[str]] = {
    "Dataset": frozenset(
        {
            "@context",
            "@type",
            "name",
            "description",
            "identifier",
            "url",
            "keywords",
            "creator",
            "publisher",
            "datePublished",
            "version",
            "isAccessibleForFree",
            "inLanguage",
            "license",
            "isPartOf",
            "variableMeasured",
            "distribution",
        }
    ),
    "DataDownload": frozenset({"@type", "name", "contentUrl", "encodingFormat", "contentSize", "sha256"}),
    "Organization": frozenset({"@type", "name", "url"}),
    "CreativeWork": frozenset(
        {
            "@context",
            "@type",
            "name",
            "description",
            "url",
            "publisher",
            "inLanguage",
            "about",
            "author",
            "datePublished",
            "identifier",
            "sameAs",
        }
    ),
}
# Only the outermost object names the vocabulary; the objects inside it are typed parts of it.
TOP_TYPES = frozenset({"Dataset", "CreativeWork"})
LINKS = frozenset({"url", "contentUrl", "license", "isPartOf", "sameAs"})
_LINK = re.compile(r"^(?:https?://[^\s<>\"\\]+|/(?![/\\])[^\s<>\"\\]*)$")
MAX_DEPTH = 4


def is_linked_data(attributes: list[tuple[str, str]]) -> bool:
    """A script element written as ours: exactly one attribute, ``type="application/ld+json"``."""
    return attributes == [("type", TYPE)]


def linked_data_problems(text: str) -> list[str]:
    """What in a JSON-LD block's text we never write (never quoting it)."""
    if "<" in text:
        return ["a '<' in a JSON-LD block (ours escape it, so nothing can end or open an element)"]
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return ["a JSON-LD block that is not JSON"]
    if duplicate_keys(text):
        return ["a JSON-LD object that gives a property twice"]
    kind = data.get("@type") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("@context") != CONTEXT
        or not isinstance(kind, str)
        or kind not in TOP_TYPES
    ):
        return ["a JSON-LD block that is not a schema.org description of a kind we write"]
    problems: list[str] = []
    _check_object(data, problems, 0)
    return problems


def _check_object(data: dict[str, Any], problems: list[str], depth: int) -> None:
    kind = data.get("@type")
    allowed = PROPERTIES.get(kind) if isinstance(kind, str) else None  # a list or an object is no type of ours
    if allowed is None or depth > MAX_DEPTH:
        problems.append("a JSON-LD object of a type we never write")
        return
    if depth and "@context" in data:
        problems.append("a JSON-LD object inside another naming a vocabulary")
    for key, value in data.items():
        if key not in allowed:
            problems.append(f"a JSON-LD property we never write on a {kind}")
            continue
        for item in value if isinstance(value, list) else [value]:
            _check_value(key, item, problems, depth)


def _check_value(key: str, value: object, problems: list[str], depth: int) -> None:
    if isinstance(value, dict):
        _check_object(value, problems, depth + 1)
    elif isinstance(value, list):
        problems.append("a JSON-LD list inside a list")
    elif key in LINKS and not (isinstance(value, str) and _LINK.match(value)):
        problems.append(f"a JSON-LD {key} that is not a web (http, https) or site-relative link")
