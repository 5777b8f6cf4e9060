"""Rule 3: no executable or active content that no template of ours wrote.

Markup is parsed as a browser parses it (WHATWG, see html5.py). Inside Material's <article>
(everything our templates and the content render into) only a small allowlist of elements,
attributes and link forms may appear, and no comment node at all (HTML comments, CDATA
sections, bogus comments and processing instructions all become comments). Outside it, the
theme's chrome is the same on every page, so a page whose chrome has more active elements
(scripts, frames, forms, event handlers, script URLs in URL-valued attributes) than the
leanest page has had something injected, for example through a title. Every other markup
file a browser would render (stray .html, .svg, .xhtml, .shtml, .xml, ...) and the search
index's titles and texts are checked whole against the allowlist; sitemap.xml gets its own
strict check (sitemap.py), and so do the Atom feeds (feeds.py) and SVG images (svg.py); stylesheets
are checked by stylesheet.py; a script not allowed by its hash (scripts.py) is a finding. Files the
gate could not read (sitefiles.py) are reported here too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from generator.gate.feeds import feed_problems, is_feed
from generator.gate.findings import Finding, describe
from generator.gate.html5 import (
    XML_DECLARATION,
    attribute_items,
    attribute_label,
    element_label,
    events,
    is_url_attribute,
    parse,
)
from generator.gate.linked_data import is_linked_data, linked_data_problems
from generator.gate.scripts import is_script
from generator.gate.sitefiles import SEARCH_INDEX, SiteFile, SiteFiles, parse_csv
from generator.gate.sitemap import is_sitemap, sitemap_problems
from generator.gate.svg import svg_problems
from generator.gate.theme_scripts import is_executable, theme_script_patterns, written_by_theme
from generator.render.downloads import is_formula_like
from generator.search.facets import ATTRIBUTE_VALUES
from generator.stylesheets import stylesheet_problems

RULE = "active-content"
ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "span",
        "strong",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# The document's own elements, which the parser creates even when a file does not write them.
DOCUMENT_TAGS = frozenset({"html", "head", "body"})
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "href", "title", "download", "rel", "hidden", "aria-label"})
# Allowed only with the values our templates write: search facets (generator.search.facets), and what makes
# a table that scrolls sideways reachable by keyboard (a named region in the tab order), a header's scope, and
# the breadcrumbs' navigation landmark.
FACET_ATTRIBUTES = {
    **ATTRIBUTE_VALUES,
    "tabindex": frozenset({"0"}),
    "role": frozenset({"region", "navigation"}),
    "scope": frozenset({"col", "row"}),
}
# Links may be https, in-page anchors, or site-relative paths (no scheme, not //host).
SAFE_HREF = re.compile(r"^(?:https://|#|(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/\\]{2})[^\s\\]*$)")
ACTIVE_TAGS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "portal", "fencedframe"}
)
# Elements outside the article that load, style or show something and that the theme writes the same
# number of on every page (links and form controls vary with the page's place in the navigation; what they
# load is checked directly: nothing from another site). A page with more than the leanest page has had
# something put into its chrome.
CHROME_TAGS = frozenset({"script", "form", "img", "style", "noscript", "video", "audio", "picture", "template"})
# What a theme never writes outside the article: each one is a finding wherever it is, not counted against
# a baseline (an injection into every page, e.g. through a navigation title, has no leaner page to differ from).
NEVER_IN_CHROME = ACTIVE_TAGS - CHROME_TAGS | {"noembed", "noframes"}
# Links a theme may point off the site: visible links, and a page's canonical and alternate addresses.
_OFF_SITE_LINKS = frozenset({("a", "href"), ("link", "href")})
_OFF_SITE_RELS = frozenset({"canonical", "alternate"})
_OFF_SITE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")
_SCHEME_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]{0,19}$")
UNSAFE_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
# What a URL parser removes before reading the scheme: leading/trailing C0 controls and spaces, and
# tabs and newlines anywhere.
_URL_STRIPPED = re.compile(r"[\t\n\r]")
_META_REFRESH_URL = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?(.*)$", re.IGNORECASE | re.DOTALL)
_DOCTYPE = re.compile(r"<!doctype(?!\s+html\s*>)", re.IGNORECASE)


def _link_problem(value: str) -> str | None:
    # Browsers ignore control characters, tabs and newlines inside a URL's scheme, so any at all is refused.
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "link with a control character"
    if SAFE_HREF.match(value.strip(" ")):
        return None
    scheme = value.split(":", 1)[0] if ":" in value else ""
    if not scheme:
        return "link with scheme 'none (//host)'"
    # Only a real scheme name is named; anything else is described by kind and length (it could be a value).
    return f"link with scheme '{scheme}'" if _SCHEME_NAME.match(scheme) else f"link with a scheme ({describe(scheme)})"


def unsafe_url(value: str) -> bool:
    """A javascript:, vbscript: or data: URL, read as a browser's URL parser reads it."""
    return bool(UNSAFE_SCHEME.match(_URL_STRIPPED.sub("", value).strip("".join(map(chr, range(0x21))))))


def unsafe_url_attribute(tag: str, name: str, value: str) -> bool:
    """A script URL in an attribute a browser reads as a URL (a list of URLs for srcset, ping, ...)."""
    if tag == "meta" and name == "content":
        match = _META_REFRESH_URL.match(value)
        return bool(match) and unsafe_url(match.group(1) if match else "")
    if not is_url_attribute(tag, name):
        return False
    if name in ("srcset", "imagesrcset"):
        candidates = [part.strip().split(" ")[0] for part in value.split(",")]
    elif name in ("ping", "archive"):
        candidates = value.split()
    elif name == "values":
        candidates = value.split(";")
    else:
        candidates = [value]
    return any(unsafe_url(candidate) for candidate in candidates)


@dataclass
class PageCheck:
    """What one markup document holds: allowlist problems, and active things counted outside <article>."""

    problems: list[str] = field(default_factory=list)
    chrome: Counter[str] = field(default_factory=Counter)
    has_article: bool = False
    article_ids: set[str] = field(default_factory=set)
    chrome_ids: set[str] = field(default_factory=set)
    # The text of each inline script a browser would run outside <article>: each must be the theme's own.
    scripts: list[str] = field(default_factory=list)


# The one embedded element: a document's PDF, shown by the browser's own viewer (a PDF on this site, which
# the gate reads for hidden text, scripts and actions), with a link and the text as its fallback content.
PDF_VIEWER_ATTRIBUTES = frozenset({"class", "type", "data", "title"})
_PDF_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/\\])[^\s\\?#]*\.pdf$")


# The feeds a page's head links to (generator/mkdocs_theme/main.html): this site's own, by a relative path, or
# from the site's root (the 404 page's links are, as it is served at any address), never another host.
_FEED_LINK = re.compile(r"^(?:/(?:[A-Za-z0-9._~-]+/)*|(?:\.\./)*)(?:[a-z0-9-]+/)*feed\.xml$")
# A chart on a statistics page: an SVG image of this site (a browser runs no script in an <img>'s SVG, and the
# file itself is checked by svg.py), with its text alternative.
_CHART_SRC = re.compile(r"^(?:\.\./)*(?:[a-z0-9-]+/)*[a-z0-9-]+\.svg$")  # plain path characters only


def _chart_problems(attributes: list[tuple[str, str]]) -> list[str]:
    names = [name for name, _ in attributes]
    if sorted(names) != ["alt", "src"] or not _CHART_SRC.match(dict(attributes)["src"]):
        return ["element <img> is not allowed (but for a chart of this site, an SVG file, with its text alternative)"]
    return []


def _pdf_viewer_problem(attributes: list[tuple[str, str]]) -> str | None:
    """Why an <object> is not the PDF viewer our document template writes, or None when it is."""
    values = dict(attributes)
    viewer = not set(values) - PDF_VIEWER_ATTRIBUTES and len(values) == len(attributes)
    if viewer and values.get("type") == "application/pdf" and _PDF_LINK.match(values.get("data", "")):
        return None
    return f"element {element_label('object')} is not allowed (but for a PDF viewer: type application/pdf, a .pdf link)"


def _allowlist(node: LexborNode, problems: list[str], document_tags: bool) -> int:
    """Every element, attribute, link and comment under ``node`` (itself excluded) against the allowlist; in a
    page's generated content (not a whole document), one schema.org description of ours (linked_data.py)."""
    described = 0  # our JSON-LD blocks: the page counts them over all its articles
    for current, entering in events(node):
        if not entering or current is node or current.is_text_node:
            continue
        if current.is_comment_node or not (current.is_element_node or current.tag == "-doctype"):
            problems.append("a comment node (HTML comment, CDATA section or processing instruction) is not allowed")
            continue
        if current.tag == "-doctype":
            continue  # checked on the text, see _whole
        tag = (current.tag or "").lower()
        if tag == "script" and not document_tags and is_linked_data(attribute_items(current)):
            problems += linked_data_problems(current.text(deep=True))
            described += 1
            continue
        if tag == "img" and not document_tags:
            problems += _chart_problems(attribute_items(current))
            continue
        if tag == "object":
            if problem := _pdf_viewer_problem(attribute_items(current)):
                problems.append(problem)
            continue
        if tag not in ALLOWED_TAGS and not (document_tags and tag in DOCUMENT_TAGS):
            problems.append(f"element {element_label(tag)} is not allowed")
        for name, value in attribute_items(current):
            if name in FACET_ATTRIBUTES:
                if value not in FACET_ATTRIBUTES[name]:
                    label = f"attribute {attribute_label(name)} on {element_label(tag)}"
                    problems.append(f"{label} with a value no template writes")
            elif name not in ALLOWED_ATTRIBUTES:
                problems.append(f"attribute {attribute_label(name)} on {element_label(tag)} is not allowed")
            elif name == "href" and (problem := _link_problem(value)):
                problems.append(f"{problem} on {element_label(tag)} is not allowed")
    return described


def _count_active(node: LexborNode, check: PageCheck) -> None:
    tag = (node.tag or "").lower()
    attributes = attribute_items(node)
    if tag in CHROME_TAGS:
        check.chrome[f"element <{tag}>"] += 1
    if tag in NEVER_IN_CHROME:
        check.problems.append(f"element {element_label(tag)} outside the generated content")
    if tag == "style":
        check.problems += [f"inline style outside the generated content: {p}" for p in stylesheet_problems(node.text())]
    script_type = next((v for n, v in attributes if n == "type"), "")
    if tag == "script" and not any(n == "src" for n, _ in attributes) and is_executable(script_type):
        check.scripts.append(node.text(deep=True))
    rel = {word.lower() for n, v in attributes if n == "rel" for word in v.split()}
    feed = tag == "link" and any(n == "type" and v.strip().lower() == "application/atom+xml" for n, v in attributes)
    if feed and not all(_FEED_LINK.match(v) for n, v in attributes if n == "href"):
        check.problems.append("a feed link outside the generated content to anything but a feed of this site")
    for name, value in attributes:
        linked = (tag, name) in _OFF_SITE_LINKS and (tag == "a" or (rel <= _OFF_SITE_RELS and rel))
        if is_url_attribute(tag, name) and not linked and _OFF_SITE.match(value) and not unsafe_url(value):
            check.problems.append(
                f"{element_label(tag)} outside the generated content loads something from another site"
            )
    if tag == "meta" and _other_charset(attributes):
        # The gate reads every page as UTF-8; a browser told otherwise would read other characters.
        check.problems.append("a character encoding other than UTF-8 declared outside the generated content")
    refresh = tag == "meta" and any(n == "http-equiv" and v.strip().lower() == "refresh" for n, v in attributes)
    if refresh:
        check.problems.append("a meta refresh outside the generated content")
    for name, value in attributes:
        if name.startswith("on"):
            check.problems.append(
                f"event handler {attribute_label(name)} on {element_label(tag)} outside the generated content"
            )
        elif (refresh or name != "content") and unsafe_url_attribute(tag, name, value):
            check.problems.append(
                f"a script URL in {attribute_label(name)} of {element_label(tag)} outside the generated content"
            )


_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([^\s;\"']*)", re.IGNORECASE)


def _other_charset(attributes: list[tuple[str, str]]) -> bool:
    """A <meta> declaring an encoding (charset, or http-equiv content-type) other than UTF-8."""
    declared = [v for n, v in attributes if n == "charset"]
    if any(n == "http-equiv" and v.strip().lower() == "content-type" for n, v in attributes):
        declared += [m.group(1) for n, v in attributes if n == "content" for m in [_CHARSET.search(v)] if m]
    return any(value.strip().lower() not in ("utf-8", "utf8") for value in declared)


def check_page(html: str) -> PageCheck:
    """A theme-rendered page: the allowlist inside each outermost <article>, active things counted outside."""
    check = PageCheck()
    inside: LexborNode | None = None
    described = 0
    for node, entering in events(parse(html)):
        if inside is not None:
            if not entering and node.mem_id == inside.mem_id:
                inside = None
            continue
        if not entering or not node.is_element_node:
            continue
        if node.tag == "article":
            check.has_article = True
            inside = node
            described += _allowlist(node, check.problems, document_tags=False)
            check.article_ids |= {v for n, e in events(node) if e and n.is_element_node for v in _ids(n)}
        else:
            _count_active(node, check)
            check.chrome_ids |= set(_ids(node))
    if described > 1:
        check.problems.append("a second JSON-LD block in the generated content")
    # Theme scripts find their parts by id: an id from the content that the chrome uses, or in the theme
    # scripts' own namespace, would be found in the content's place (DOM clobbering).
    clobbering = check.article_ids & check.chrome_ids | {i for i in check.article_ids if i.startswith("__")}
    check.problems += ["an id that the theme's own page parts use" for _ in sorted(clobbering)]
    return check


def _ids(node: LexborNode) -> list[str]:
    return [value for name, value in attribute_items(node) if name in ("id", "name")]


def _whole(html: str) -> list[str]:
    """A whole document (or fragment) against the allowlist; a leading XML declaration is allowed."""
    declaration = XML_DECLARATION.match(html)
    if declaration:
        html = " " * declaration.end() + html[declaration.end() :]
    problems = ["a document type declaration other than <!DOCTYPE html> is not allowed"] * len(_DOCTYPE.findall(html))
    _allowlist(parse(html), problems, document_tags=True)
    return problems


def markup_problems(html: str, whole_fragment: bool = False) -> list[str]:
    """What is not allowed in a page's <article> (or in a whole fragment), in order found."""
    return _whole(html) if whole_fragment else check_page(html).problems


def check_markup(files: SiteFiles) -> list[Finding]:
    findings: list[Finding] = []
    # Pages a clean earlier run read (not read again) count towards the leanest page with their counts then.
    chrome = files.chrome
    theme_scripts = theme_script_patterns(files.theme_dirs)
    for file in files.files:
        if not file.rendered:
            continue  # inside an archive: read as text by the other rules, never rendered by a browser
        if file.markup:
            findings += _check_markup_file(files, file, chrome, theme_scripts)
        elif is_script(file.name):
            findings.append(Finding(file.name, "file", RULE, "a script that is not one of those allowed by hash"))
        elif file.suffix == ".csv":
            findings += _formula_findings(file)
        elif file.suffix == ".css":
            findings += [Finding(file.name, "stylesheet", RULE, problem) for problem in stylesheet_problems(file.text)]
    findings += _extra_chrome(chrome)
    for name, place, location in files.search_locations():
        if problem := _link_problem(location):
            findings.append(Finding(name, place, RULE, f"{problem} as the entry's location"))
    # The theme shows lunr's entries as HTML; Pagefind's records are text that the search page shows as text.
    for entry in (entry for entry in files.search_entries() if entry.file.startswith(SEARCH_INDEX)):
        findings += [
            Finding(entry.file, entry.place, RULE, problem)
            for problem in markup_problems(entry.text, whole_fragment=True)
        ]
    findings += files.unreadable + files.search_index_problems
    return findings


def _formula_findings(file: SiteFile) -> list[Finding]:
    """A cell of a published CSV that a spreadsheet would run as a formula (every CSV the build writes has such
    cells prefixed with an apostrophe; the datasets' are read by their own rules, a chunk at a time)."""
    return [
        Finding(file.name, f"row {number}, column {column}", RULE, "a cell a spreadsheet would run as a formula")
        for number, row in enumerate(parse_csv(file.text), start=1)
        for column, cell in enumerate(row, start=1)
        if is_formula_like(cell)
    ]


def _check_markup_file(
    files: SiteFiles, file: SiteFile, chrome: dict[str, Counter[str]], theme_scripts: Sequence[re.Pattern[str]]
) -> list[Finding]:
    if is_sitemap(file.name):
        return [Finding(file.name, "sitemap", RULE, problem) for problem in sitemap_problems(file.text)]
    if is_feed(file.name):
        return [Finding(file.name, "feed", RULE, problem) for problem in feed_problems(file.text)]
    if file.suffix == ".svg":
        return [Finding(file.name, "svg image", RULE, problem) for problem in svg_problems(file.text)]
    if file.suffix == ".html" and not file.layered and files.rendered_page(file.name):
        page = check_page(file.text)
        if page.has_article:
            chrome[file.name] = page.chrome
            foreign = [script for script in page.scripts if not written_by_theme(script, theme_scripts)]
            return [Finding(file.name, "generated content", RULE, problem) for problem in page.problems] + [
                Finding(
                    file.name, "page outside the generated content", RULE, "an inline script no theme template writes"
                )
                for _ in foreign
            ]
    # Not a page the theme rendered: it sets no baseline and is checked whole.
    return [Finding(file.name, "generated content", RULE, problem) for problem in _whole(file.text)]


def _extra_chrome(chrome: dict[str, Counter[str]]) -> list[Finding]:
    """Active elements outside <article> beyond what the theme puts on its leanest page."""
    if not chrome:
        return []
    keys = set().union(*chrome.values())
    baseline = {key: min(counts[key] for counts in chrome.values()) for key in keys}
    return [
        Finding(
            name,
            "page outside the generated content",
            RULE,
            f"{counts[key] - baseline[key]} more {key} than the theme writes on every page",
        )
        for name, counts in chrome.items()
        for key in sorted(counts)
        if counts[key] > baseline[key]
    ]
