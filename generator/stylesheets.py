"""Stylesheets that cannot run code or fetch from elsewhere (pure: the input boundary reuses it).

Read with tinycss2, which implements CSS Syntax Level 3 as browsers do (escapes resolved,
comments dropped), so ``u\\72l(`` or ``java\\73 cript:`` are seen for what they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import tinycss2  # type: ignore[import-untyped, unused-ignore]
from tinycss2.ast import AtRule, Declaration, FunctionBlock, Node, ParseError, QualifiedRule, StringToken, URLToken  # type: ignore[import-untyped, unused-ignore]

# Properties and functions that run code (old IE and Firefox) or bind behaviour.
ACTIVE_PROPERTIES = frozenset({"behavior", "-ms-behavior", "-moz-binding", "binding", "-o-link", "-o-link-source"})
ACTIVE_FUNCTIONS = frozenset({"expression", "javascript"})
# Functions whose string argument is a URL.
URL_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SCRIPT = re.compile(r"javascript\s*:", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


def site_relative(url: str) -> bool:
    """A URL on this site: no scheme and not //host (as a browser's URL parser reads it)."""
    cleaned = _IGNORED_IN_URL.sub("", url)
    return not _SCHEME.match(cleaned) and not cleaned.replace("\\", "/").startswith("//")


def stylesheet_problems(text: str) -> list[str]:
    """What a stylesheet must not hold, in order found."""
    problems = []
    if _SCRIPT.search(text):
        problems.append("'javascript:' in the stylesheet")
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if isinstance(rule, AtRule) and rule.lower_at_keyword == "import":
            urls = [*_urls(rule.prelude)] + [t.value for t in rule.prelude if isinstance(t, StringToken)]
            if not urls or not all(site_relative(u) for u in urls):
                problems.append("@import of a stylesheet from another site")
    for token in _tokens(rules):
        problems += _token_problems(token)
    return problems


def _token_problems(token: Node) -> list[str]:
    if isinstance(token, ParseError):
        return [f"CSS syntax error ({token.kind})"]
    if isinstance(token, Declaration) and token.lower_name in ACTIVE_PROPERTIES:
        return [f"property '{token.lower_name}' is not allowed"]
    if isinstance(token, FunctionBlock) and token.lower_name in ACTIVE_FUNCTIONS:
        return [f"function '{token.lower_name}(' is not allowed"]
    problems = []
    if isinstance(token, StringToken | URLToken) and _SCRIPT.search(_IGNORED_IN_URL.sub("", token.value)):
        problems.append("'javascript:' in the stylesheet")
    for url in _urls([token]):
        if not site_relative(url):
            problems.append("url() to another site or with a scheme")
    return problems


def _urls(tokens: Iterable[Node]) -> Iterator[str]:
    """URLs given directly: url(x), and the first string argument of url-like functions."""
    for token in tokens:
        if isinstance(token, URLToken):
            yield token.value
        elif isinstance(token, FunctionBlock) and token.lower_name in URL_FUNCTIONS:
            yield from (arg.value for arg in token.arguments if isinstance(arg, StringToken))


def _tokens(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every component value, at any depth: rule preludes and contents, blocks and function arguments."""
    stack = list(nodes)[::-1]
    while stack:
        node = stack.pop()
        yield node
        inner: list[Node] = []
        if isinstance(node, QualifiedRule | AtRule):
            contents = tinycss2.parse_blocks_contents(node.content or [], skip_comments=True, skip_whitespace=True)
            inner = [*node.prelude, *contents]
        elif isinstance(node, Declaration):
            inner = list(node.value)
        elif isinstance(node, FunctionBlock):
            inner = list(node.arguments)
        elif hasattr(node, "content") and isinstance(node.content, list):
            inner = list(node.content)
        stack += inner[::-1]
