"""The inline scripts a theme's templates can write: anything else in a page's chrome was injected.

Counting scripts against the leanest page cannot see a script put on *every* page (through a
navigation title, say). So each inline script outside <article> must be one the theme's own
templates write: the template's script text, where each template expression (``{{ … }}``) may
stand for a value but never for code. An expression between quotes (``"{{ base_url }}"``) may
be any text that cannot end the string; a bare one (``{{ x | tojson }}``) only a JSON string,
number, true, false or null. A template script holding a statement (``{% … %}``) matches
nothing, so a theme override that needs one must load its script from a file instead.

The templates are read from the theme folders the engine adapter names (Manifest.theme_dirs),
once per gate run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

# Executable script types (the HTML standard's JavaScript MIME types, a module, or none); any other
# type, such as application/json, is a data block a browser never runs.
EXECUTABLE_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"}
    | {f"text/javascript1.{minor}" for minor in range(6)}
    | {"text/jscript", "text/livescript", "application/x-javascript", "application/x-ecmascript"}
    | {"text/x-javascript", "text/x-ecmascript"}
)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_EXPRESSION = re.compile(r"\{\{(-?).*?(-?)\}\}", re.DOTALL)
_STATEMENT = re.compile(r"\{%|\{#")
_QUOTED_VALUE = r"[^\"'`\\<>\r\n]*"
_JSON_SCALAR = r"(?:\"(?:[^\"\\<>\r\n]|\\[^<>\r\n])*\"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null)"


def is_executable(script_type: str) -> bool:
    """True for a script type a browser runs (no type at all included)."""
    return script_type.strip().lower() in EXECUTABLE_TYPES


def pattern(body: str) -> re.Pattern[str] | None:
    """What a template's script body may render as; None if it holds a statement."""
    if _STATEMENT.search(body):
        return None
    parts: list[str] = []
    literals = _EXPRESSION.split(body)
    # split() gives literal, strip-left flag, strip-right flag, literal, ...
    texts, lefts, rights = literals[0::3], literals[1::3], literals[2::3]
    for index, text in enumerate(texts):
        if index and rights[index - 1]:
            text = text.lstrip()
        if index < len(lefts) and lefts[index]:
            text = text.rstrip()
        parts.append(re.escape(text))
        if index < len(lefts):
            following = texts[index + 1].lstrip() if rights[index] else texts[index + 1]
            quoted = text[-1:] in ('"', "'") and following[:1] == text[-1:]
            parts.append(_QUOTED_VALUE if quoted else _JSON_SCALAR)
    return re.compile("".join(parts), re.DOTALL)


@cache
def _folder_patterns(folder: Path) -> tuple[re.Pattern[str], ...]:
    found: list[re.Pattern[str]] = []
    for template in sorted(folder.rglob("*.html")):
        if template.is_symlink() or not template.is_file():
            continue
        for body in _SCRIPT.findall(template.read_text(encoding="utf-8", errors="replace")):
            if body.strip() and (compiled := pattern(body)) is not None:
                found.append(compiled)
    return tuple(found)


def theme_script_patterns(theme_dirs: Sequence[Path]) -> tuple[re.Pattern[str], ...]:
    """Every inline script the templates in these folders can write, as patterns to match whole."""
    return tuple(compiled for folder in theme_dirs for compiled in _folder_patterns(folder))


def written_by_theme(script: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    """True when an inline script's text is exactly one the theme's templates write."""
    return any(compiled.fullmatch(script) for compiled in patterns)
