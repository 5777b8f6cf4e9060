"""Rule 3: no executable or active content in the generated part of any page.

The generated part is Material's <article> (everything our templates and the content
render into); the theme's own chrome around it is not ours to check. The search index's
titles and texts, which the theme shows as HTML, are checked the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.gate.findings import Finding
from generator.gate.sitefiles import SiteFiles

RULE = "active-content"
ALLOWED_TAGS = frozenset({
    "a", "article", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "s", "span", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
})
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "href", "title", "download", "rel"})
# Links may be https, in-page anchors, or site-relative paths (no scheme at all).
SAFE_HREF = re.compile(r"^(?:https://|#|(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^\s\\]*$)")


class _Checker(HTMLParser):
    def __init__(self, whole_fragment: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 1 if whole_fragment else 0
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" and not self.depth:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag not in ("br", "hr"):
            self.depth += 1
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}> is not allowed")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                self.problems.append(f"attribute '{name}' on <{tag}> is not allowed")
            elif name == "href" and not SAFE_HREF.match((value or "").strip()):
                scheme = (value or "").split(":", 1)[0][:20] if ":" in (value or "") else "unknown"
                self.problems.append(f"link with scheme '{scheme}' on <{tag}> is not allowed")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.depth and tag not in ("br", "hr"):
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "hr"):
            self.depth -= 1

    def handle_comment(self, data: str) -> None:
        if self.depth:
            self.problems.append("an HTML comment is not allowed")


def markup_problems(html: str, whole_fragment: bool = False) -> list[str]:
    """What is not allowed in a page's <article> (or in a whole fragment), in order found."""
    checker = _Checker(whole_fragment)
    checker.feed(html)
    checker.close()
    return checker.problems


def check_markup(files: SiteFiles) -> list[Finding]:
    findings = []
    for name, html in files.html_pages():
        findings += [Finding(name, "generated content", RULE, problem) for problem in markup_problems(html)]
    for entry in files.search_entries():
        findings += [Finding(entry.file, entry.place, RULE, problem)
                     for problem in markup_problems(entry.text, whole_fragment=True)]
    return findings
