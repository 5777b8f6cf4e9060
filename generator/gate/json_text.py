"""JSON read as its consumers read it: every string decoded (a \\u escape hides nothing)."""

from __future__ import annotations

import html
import json
from typing import Any


def json_strings(text: str) -> list[str]:
    """Every string in a JSON document, entities resolved, every key and value of every object (a key given
    twice included: a reader that keeps the first would see the one a reader that keeps the last drops); the
    text itself if it is not JSON."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except (ValueError, RecursionError):
        return [text]
    strings: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(html.unescape(item))
        elif isinstance(item, list):
            stack += item
    return strings


def _pairs(pairs: list[tuple[str, Any]]) -> list[Any]:
    """An object as the list of its keys and values, so that no duplicate is lost."""
    return [part for pair in pairs for part in pair]


def duplicate_keys(text: str) -> bool:
    """True for JSON with an object that gives a key twice (readers disagree on which one holds)."""
    found = False

    def check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        found |= len({key for key, _ in pairs}) != len(pairs)
        return dict(pairs)

    try:
        json.loads(text, object_pairs_hook=check)
    except (ValueError, RecursionError):
        return False
    return found
