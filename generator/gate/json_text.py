"""JSON read as its consumers read it: every string decoded (a \\u escape hides nothing)."""

from __future__ import annotations

import html
import json


def json_strings(text: str) -> list[str]:
    """Every string in a JSON document, entities resolved; the text itself if it is not JSON."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
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
