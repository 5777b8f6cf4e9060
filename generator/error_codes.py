"""Every kind of content error, with a stable code a maintainer can search for, declared in one place.

The codes live in generator/data/error-codes.yml: each says in one line what is wrong and, where
the fix is the same wherever it happens, what to do (an error's own fix, when it has one, is more
specific). A code never changes meaning and is never reused. The README's table of codes is
generated from the same list (generator/reference.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from generator.yamlfile import parse_yaml


@dataclass(frozen=True)
class ErrorCode:
    """One kind of content error: its code, what is wrong, and what to do about it."""

    code: str
    title: str
    fix: str


def _load() -> dict[str, ErrorCode]:
    text = resources.files("generator").joinpath("data/error-codes.yml").read_text(encoding="utf-8")
    entries = parse_yaml(text)
    if not isinstance(entries, dict):
        raise TypeError("generator/data/error-codes.yml must map each code to its title and fix")
    return {code: ErrorCode(code, entry["title"], entry["fix"]) for code, entry in entries.items()}


CODES: dict[str, ErrorCode] = _load()
