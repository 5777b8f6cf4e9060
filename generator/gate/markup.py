"""Rule 3: no executable or active content that no template of ours wrote.

Inside Material's <article> (everything our templates and the content render into) only a
small allowlist of elements, attributes and link forms may appear. Outside it, the theme's
chrome is the same on every page, so a page whose chrome has more active elements (scripts,
frames, forms, event handlers, script URLs) than the leanest page has had something injected,
for example through a title. HTML files without an <article> (static files copied from the
docs folder) and the search index's titles and texts are checked whole against the allowlist.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from generator.gate.findings import Finding
from generator.gate.sitefiles import SiteFiles

RULE = "active-content"
ALLOWED_TAGS = frozenset({
    "a", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "s", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "href", "title", "download", "rel"})
# Links may be https, in-page anchors, or site-relative paths (no scheme, not //host).
SAFE_HREF = re.compile(r"^(?:https://|#|(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/\\]{2})[^\s\\]*$)")
ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base"})
UNSAFE_URL = re.compile(r"^[\x00-\x20]*(?:javascript|vbscript|data):", re.IGNORECASE)
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed", "param"})


def _link_problem(value: str) -> str | None:
    # Browsers ignore control characters, tabs and newlines inside a URL's scheme, so any at all is refused.
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "link with a control character"
    if SAFE_HREF.match(value.strip(" ")):
        return None
    scheme = value.split(":", 1)[0][:20] if ":" in value else "none (//host)"
    return f"link with scheme '{scheme}'"


class _Checker(HTMLParser):
    """Allowlist problems inside the article (or everywhere), and active elements outside it.

    Open elements are tracked on a stack, so stray end tags cannot end the article early.
    """

    def __init__(self, everywhere: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.everywhere = everywhere
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.chrome: Counter[str] = Counter()
        self.has_article = False

    @property
    def checking(self) -> bool:
        return self.everywhere or "article" in self.stack

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" and not self.checking:
            self.has_article = True
            self.stack.append(tag)
            return
        if self.checking:
            self._allowlist(tag, attrs)
        else:
            self._count_active(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def _allowlist(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}> is not allowed")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                self.problems.append(f"attribute '{name}' on <{tag}> is not allowed")
            elif name == "href" and (problem := _link_problem(value or "")):
                self.problems.append(f"{problem} on <{tag}> is not allowed")

    def _count_active(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.chrome[f"element <{tag}>"] += 1
        if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self.chrome["meta refresh"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.chrome[f"attribute '{name}'"] += 1
            elif UNSAFE_URL.match("".join((value or "").split())):
                self.chrome[f"URL scheme in '{name}'"] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_comment(self, data: str) -> None:
        if self.checking:
            self.problems.append("an HTML comment is not allowed")


def markup_problems(html: str, whole_fragment: bool = False) -> list[str]:
    """What is not allowed in a page's <article> (or in a whole fragment), in order found."""
    return _check(html, whole_fragment).problems


def _check(html: str, everywhere: bool) -> _Checker:
    checker = _Checker(everywhere)
    checker.feed(html)
    checker.close()
    return checker


def check_markup(files: SiteFiles) -> list[Finding]:
    findings = []
    chrome: dict[str, Counter[str]] = {}
    for page in files.html_pages():
        checker = _check(page.text, everywhere=False)
        if not checker.has_article or files.copied(page.name):
            # Not a page the theme rendered: it sets no baseline and is checked whole.
            checker = _check(page.text, everywhere=True)
        else:
            chrome[page.name] = checker.chrome
        findings += [Finding(page.name, "generated content", RULE, problem) for problem in checker.problems]
    findings += _extra_chrome(chrome)
    for entry in files.search_entries():
        findings += [Finding(entry.file, entry.place, RULE, problem)
                     for problem in markup_problems(entry.text, whole_fragment=True)]
    return findings


def _extra_chrome(chrome: dict[str, Counter[str]]) -> list[Finding]:
    """Active elements outside <article> beyond what the theme puts on its leanest page."""
    if not chrome:
        return []
    keys = set().union(*chrome.values())
    baseline = {key: min(counts[key] for counts in chrome.values()) for key in keys}
    return [Finding(name, "page outside the generated content", RULE,
                    f"{counts[key] - baseline[key]} more {key} than the theme writes on every page")
            for name, counts in chrome.items() for key in sorted(counts) if counts[key] > baseline[key]]
