"""Property tests: hostile text from any field renders as itself, never as markup."""

from __future__ import annotations

import copy
import functools
import tempfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_site import page_to_html, site_markdown, to_html, visible_text
from mkdocs.utils.meta import get_data
from pydantic import BaseModel

from generator import urls
from generator.bases import MARKER_LIKE
from generator.config import RoomConfig
from generator.errors import ContentErrors
from generator.escape import _MARKDOWN_SPECIAL, front_matter_title, markdown_inline, title_text
from generator.gate.markup import markup_problems
from generator.models import (
    DOCUMENTED_MODELS,
    OpinionSpec,
    ReleaseSpec,
    RequestSpec,
    SiteSettings,
    TextProblem,
    checked_text,
)
from generator.render import pages
from generator.render.downloads import csv_bytes
from generator.render.pages import Site, render_site
from generator.room import ReadingRoom, load_room
from generator.schema_errors import unwrap_annotation
from tests.pdf_corpus import PLAIN

FRAGMENTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "&lt;",
    "&amp;",
    "&#x3C;",
    "{: onclick=x }",
    "[x](javascript:alert(1))",
    "<https://evil.example>",
    "![i](x)",
    "`",
    "**",
    "__",
    "| a | b |",
    "# ",
    "1. ",
    "- ",
    "> ",
    "!!! note",
    "\\",
    "<!-- -->",
    "]]>",
    "'\"",
    "=1+2",
    "@x",
]
CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))


def _accepted_text(text: str) -> bool:
    """Whether a text field takes this text (one with nothing visible, such as a lone soft hyphen, is refused)."""
    try:
        checked_text(text)
    except TextProblem:
        return False
    return True


hostile = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, max_size=8)), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda s: _accepted_text(s) and not MARKER_LIKE.search(s))
)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_escaper_covers_every_character_python_markdown_escapes():
    specials = set(site_markdown().ESCAPED_CHARS) - {">"}  # ">" becomes &gt; before backslashing
    assert {c for c in specials if not _MARKDOWN_SPECIAL.fullmatch(c)} == set()


@settings(deadline=None)
@given(hostile)
def test_markdown_inline_text_renders_as_itself(text):
    for context in ("# {}", "{}", "- {}", "!!! note\n    {}"):
        html = to_html(context.format(markdown_inline(text)))
        assert markup_problems(html, whole_fragment=True) == []
        assert flat(text) in visible_text(html)


# Any code point at all, surrogates included, with YAML's troublemakers often.
ANY_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(
            [
                "\x00",
                "\x07",
                "\x1b",
                "\x7f",
                "\x85",
                "\x9f",
                "\u2028",
                "\u2029",
                "\ud800",
                "\udfff",
                "\ufeff",
                "\ufffe",
                "\uffff",
                "\U0010ffff",
                "\n",
                "\r",
                "\t",
                "\\",
                '"',
                "'",
                "#",
                ": ",
                "---",
                "<",
                ">",
                "&",
                "`",
                "[x](y)",
                "{{",
                "%",
            ]
        ),
    )
).map("".join)


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_front_matter_title_is_valid_yaml_for_any_string(text):
    title = title_text(text)
    page = f"---\ntitle: {front_matter_title(text)}\n---\n\n# Body\n"
    page.encode("utf-8")  # writable: no lone surrogate remains
    assert yaml.safe_load(page.split("---\n")[1]) == {"title": title}
    body, meta = get_data(page)
    assert meta == {"title": title}
    assert body.strip() == "# Body"
    assert not set(title) & set("<>&\"'`\n\r\x85\u2028\u2029")
    assert title == " ".join(title.split())


def test_front_matter_title_keeps_visible_text():
    assert title_text("a\u2028b\x85c\x07d\ud800e\uffff f\x7f") == "a b cde f"
    assert title_text("Q&A <draft>") == "Q\uff06A \u2039draft\u203a"


def write_room(root: Path, title: str, column_title: str, cell: str, summary: str, case_name: str) -> None:
    release = root / "releases" / "hostile-release"
    release.mkdir(parents=True)
    (root / "content" / "opinions").mkdir(parents=True)
    spec = {
        "id": "hostile-release",
        "title": title,
        "agency": case_name,
        "release_date": "2020-01-01",
        "summary": summary,
        "approval": {"status": "approved", "approved_by": title, "approved_on": "2020-01-02"},
        "datasets": [
            {
                "name": "data",
                "file": "data.csv",
                "title": title,
                "description": cell,
                "schema": {
                    "fields": [{"name": "value", "type": "string", "title": column_title, "description": column_title}]
                },
            }
        ],
    }
    (release / "release.yml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    (release / "data.csv").write_bytes(csv_bytes([["value"], [cell]]))
    front = {
        "case_name": case_name,
        "court": case_name,
        "case_number": title,
        "date": None,
        "judge": case_name,
        "outcome": cell,
        "bases": [],
        "related_releases": ["hostile-release"],
        "source": column_title,
    }
    (root / "content/opinions/hostile-opinion.md").write_text(
        f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n\nBody.\n", encoding="utf-8"
    )


def build_pages(**fields: str) -> dict[str, str]:
    """Load a one-release room with these field values and render every page to HTML as the site does."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_room(root, **fields)
        room = load_room(RoomConfig.at(root))
        return {f.path: page_to_html(f.content.decode("utf-8")) for f in render_site(room) if f.is_page}


def generated_content_problems(html: str) -> list[str]:
    """What the gate's allowlist finds in a page's generated content, where our one JSON-LD block and the
    statistics page's charts are allowed (the id-clobbering check, which needs the theme's page around the
    content, is left out)."""
    problems = markup_problems(f"<html><body><article>{html}</article></body></html>")
    return [problem for problem in problems if problem != "an id that the theme's own page parts use"]


def assert_no_markup(pages: dict[str, str]) -> None:
    for path, html in pages.items():
        assert generated_content_problems(html) == [], path


def test_page_titles_carry_no_html_special_characters():
    pages = {}
    with tempfile.TemporaryDirectory() as folder:
        write_room(
            Path(folder),
            title="</title><script>x</script>",
            column_title="c",
            cell="x",
            summary="s",
            case_name='A & B\'s "case"',
        )
        for file in render_site(load_room(RoomConfig.at(Path(folder)))):
            if file.is_page:
                pages[file.path] = get_data(file.content.decode("utf-8"))[1]["title"]
    assert pages["releases/hostile-release/index.md"] == "\u2039/title\u203a\u2039script\u203ax\u2039/script\u203a"
    assert pages["opinions/hostile-opinion.md"] == "A \uff06 B\u2019s \u201dcase\u201d"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, column_title=hostile, cell=hostile, case_name=hostile)
def test_hostile_data_and_front_matter_never_become_markup(title, column_title, cell, case_name):
    pages = build_pages(title=title, column_title=column_title, cell=cell, summary="A summary.", case_name=case_name)
    assert_no_markup(pages)
    release = visible_text(pages["releases/hostile-release/index.md"])
    opinion = visible_text(pages["opinions/hostile-opinion.md"])
    assert flat(title) in release and flat(column_title) in release and flat(cell) in release
    assert flat(case_name) in opinion and flat(case_name) in release


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=hostile)
def test_hostile_summary_is_refused_or_harmless(summary):
    try:
        pages = build_pages(title="T", column_title="C", cell="x", summary=summary, case_name="Case")
    except ContentErrors as exc:
        # Raw HTML, images and unsafe links in Markdown are refused with the place named.
        assert all(error.where.startswith("line ") and error.where.endswith(", summary") for error in exc.errors), (
            exc.report()
        )
        return
    assert_no_markup(pages)


# Every string field of the content formats, set one at a time to a hostile string, must either be refused
# at load (constrained fields: slugs, column names, codes, links) or render as text on every page.
HOSTILE = "<img src=x onerror=alert(1)>\"'&[l](javascript:alert(1))*e*"
BASE_RELEASE = {
    "id": "hostile-release",
    "title": "Title",
    "agency": "Agency",
    "component": "Component",
    "request_id": "hostile-request",
    "release_date": "2020-01-01",
    "synthetic": True,
    "summary": "A summary.",
    "translations": {"es": {"title": "Un título", "summary": "Un resumen."}},
    "approval": {"status": "approved", "approved_by": "Editor", "approved_on": "2020-01-02"},
    "datasets": [
        {
            "name": "data",
            "file": "data.csv",
            "title": "Data",
            "description": "Rows.",
            "schema": {
                "fields": [
                    {"name": "value", "type": "string", "title": "Value", "description": "A value."},
                    {
                        "name": "kind",
                        "type": "string",
                        "title": "Kind",
                        "description": "A kind.",
                        # The hostile text is a declared value too, so a condition naming it reaches the page.
                        "constraints": {"enum": ["secret", "open", "spare", HOSTILE]},
                    },
                ]
            },
            "withholding": [
                {
                    "column": "value",
                    "basis": "b6",
                    "where": {"column": "kind", "in": ["secret", "spare"]},
                    "authority": "hostile-opinion",
                    "justification": "Names of private people.",
                }
            ],
        }
    ],
    "documents": [
        {
            "id": "sealed-exhibit",
            "title": "Exhibit",
            "exhibit": "Ex. 1",
            "component": "Office",
            "description": "A sealed exhibit.",
            "disposition": "sealed",
            "pages": 2,
            "bates_start": "AB-0001",
            "bates_end": "AB-0002",
            "redactions": [{"basis": ["court-seal"], "justification": "Sealed by the court's order."}],
        },
        {
            "id": "memo",
            "file": "memo.pdf",
            "title": "Memo",
            "disposition": "released-in-part",
            "pages": 1,
            "redactions": [{"pages": "1", "basis": ["b6"], "justification": "A private person's name."}],
        },
    ],
    "document_approvals": [{"document": "memo", "page": 1, "kind": "email", "reason": "A long enough reason."}],
    "approvals": [{"dataset": "data", "row": 2, "column": "value", "kind": "email", "reason": "A long enough reason."}],
}
WITHDRAWN_APPROVAL = {
    "status": "withdrawn",
    "approved_by": "Editor",
    "approved_on": "2020-01-02",
    "withdrawn_on": "2021-01-01",
    "withdrawn_reason": "Re-reviewed.",
}
BASE_OPINION = {
    "case_name": "A v. B",
    "court": "Court",
    "case_number": "1:20-cv-1",
    "date": None,
    "date_note": "Not given.",
    "judge": "Judge",
    "outcome": "Granted.",
    "bases": ["b6"],
    "related_releases": ["hostile-release"],
    "source": "Source",
    "source_url": "https://example.org/opinion.pdf",
    "courtlistener_url": "https://www.courtlistener.com/opinion/1/a-v-b/",
    "docket_url": "https://example.org/docket",
    "translations": {"es": {"outcome": "Concedido.", "summary": "Resumen."}},
}
BASE_SETTINGS = {
    "organisation": "An organisation",
    "organisation_url": "https://example.org/",
    "contact_url": "https://example.org/contact",
    "corrections": "Write to us.",
    "requesting": "Ask the agency.",
    "appeals": "Appeal to the agency.",
    "portals": [{"agency": "An agency", "url": "https://example.org/foia"}],
    "about": "What this room is.",
    "license": {"title": "A licence", "url": "https://example.org/licence", "spdx": "CC0-1.0"},
}
BASE_REQUEST = {
    "id": "hostile-request",
    "title": "Records of a thing",
    "requester": "A requester",
    "agencies": ["An agency"],
    "tracking_numbers": ["2020-ABC-1"],
    "submitted": None,
    "submitted_note": "Not given.",
    "status": "open",
    "summary": "A summary.",
    "timeline": [
        {"date": "2020-01-01", "kind": "submitted", "description": "Submitted."},
        {"date": "2020-02-01", "kind": "interim-release", "description": "Released.", "release": "hostile-release"},
    ],
    "components": [{"agency": "An agency", "component": "An office", "pages": 3, "note": "A note."}],
    "court_case": "A v. B",
    "opinions": ["hostile-opinion"],
}
UNLINKED_REQUEST = {**BASE_REQUEST, "timeline": BASE_REQUEST["timeline"][:1]}
DATA_CSV = [["value", "kind"], ["[REDACTED (b)(6)]", "secret"], ["plain", "open"]]


def string_paths(model, data, prefix=()):
    """Paths of every string value in data that the model declares as text (str or list[str])."""
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data or data[key] is None:
            continue
        annotation = unwrap_annotation(info.annotation)
        value = data[key]
        if annotation is str:
            yield (*prefix, key)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from string_paths(annotation, value, (*prefix, key))
        elif getattr(annotation, "__origin__", None) is list:
            (item,) = annotation.__args__
            item = unwrap_annotation(item)
            for index, element in enumerate(value):
                if item is str:
                    yield (*prefix, key, index)
                elif isinstance(item, type) and issubclass(item, BaseModel):
                    yield from string_paths(item, element, (*prefix, key, index))
        elif getattr(annotation, "__origin__", None) is dict:  # translations: language code -> model
            item = unwrap_annotation(annotation.__args__[1])
            for code, element in value.items():
                yield from string_paths(item, element, (*prefix, key, code))


def declared_text_fields():
    """(model, field) for every field whose type is text or a list of text."""
    for model in DOCUMENTED_MODELS.values():
        for name, info in model.model_fields.items():
            annotation = _unwrap_field(info.annotation)
            if annotation is str:
                yield model.__name__, info.alias or name


def _unwrap_field(annotation):
    annotation = unwrap_annotation(annotation)
    if getattr(annotation, "__origin__", None) is list:
        annotation = unwrap_annotation(annotation.__args__[0])
    return annotation


def with_value(data, path, value):
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def loaded_room(
    release: dict, opinion: dict, request: dict = BASE_REQUEST, settings: dict = BASE_SETTINGS
) -> ReadingRoom:
    """A room of one release (its dataset and PDF), one opinion, one request and its settings, loaded (or
    ContentErrors raised); its pages render from memory, so its folder is not kept."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "site.yml").write_text(yaml.safe_dump(settings, allow_unicode=True))
        (root / "releases/hostile-release").mkdir(parents=True)
        (root / "content/opinions").mkdir(parents=True)
        (root / "requests").mkdir()
        (root / "requests/hostile-request.yml").write_text(yaml.safe_dump(request, allow_unicode=True))
        (root / "releases/hostile-release/release.yml").write_text(yaml.safe_dump(release, allow_unicode=True))
        (root / "releases/hostile-release/data.csv").write_bytes(csv_bytes(DATA_CSV))
        (root / "releases/hostile-release/memo.pdf").write_bytes(PLAIN)
        (root / "content/opinions/hostile-opinion.md").write_text(
            f"---\n{yaml.safe_dump(opinion, allow_unicode=True)}---\n\nBody.\n", encoding="utf-8"
        )
        return load_room(RoomConfig.at(root))


def render_pages(
    release: dict, opinion: dict, request: dict = BASE_REQUEST, settings: dict = BASE_SETTINGS
) -> dict[str, str] | ContentErrors:
    try:
        room = loaded_room(release, opinion, request, settings)
    except ContentErrors as exc:
        return exc
    return {f.path: page_to_html(f.content.decode("utf-8")) for f in render_site(room) if f.is_page}


@functools.cache
def hostile_room() -> ReadingRoom:
    """The base room, loaded once."""
    return loaded_room(BASE_RELEASE, BASE_OPINION)


class _Preformatted(HTMLParser):
    """The text of each page's text (<pre class="rr-page-text">) of a document page, as a browser shows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.found = 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and ("class", "rr-page-text") in attrs:
            self.depth += 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


# What a PDF page's text may hold: lines, blank lines, indentation and whatever closes or opens a block.
PAGE_TEXT = st.lists(
    st.one_of(
        hostile, st.sampled_from(["\n", "\n\n", "    ", "\t", "```", "~~~", "</pre>", "</details>", "<!--", "-->"])
    ),
    min_size=1,
    max_size=10,
).map("".join)


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_TEXT)
def test_a_pdf_page_text_shows_as_itself_and_never_as_markup(text):
    room = hostile_room()
    (release,) = room.published
    memo = next(d for d in release.documents if d.id == "memo")
    page = Site(room).page(
        "document.md.j2",
        urls.document(release.id, "memo"),
        "Memo",
        release=release,
        document=replace(memo, texts=(text,)),
    )
    html = page_to_html(page.content.decode("utf-8"))
    assert markup_problems(html, whole_fragment=True) == []
    parser = _Preformatted()
    parser.feed(html)
    # A page with no text at all is a scan: the page says so instead of showing an empty page's text.
    assert [flat(shown) for shown in parser.found] == ([flat(text)] if text.strip() else [])


def hostile_cases():
    withdrawn = {**BASE_RELEASE, "approval": WITHDRAWN_APPROVAL}
    for name, release in (("release", BASE_RELEASE), ("withdrawn", withdrawn)):
        for path in string_paths(ReleaseSpec, release):
            # A release under another request_id is not one of this request's releases: its timeline may not name it.
            request = UNLINKED_REQUEST if path == ("request_id",) else BASE_REQUEST
            case = f"{name}:{'.'.join(map(str, path))}"
            yield case, with_value(release, path, HOSTILE), BASE_OPINION, request, BASE_SETTINGS
    for path in string_paths(OpinionSpec, BASE_OPINION):
        opinion = with_value(BASE_OPINION, path, HOSTILE)
        yield f"opinion:{'.'.join(map(str, path))}", BASE_RELEASE, opinion, BASE_REQUEST, BASE_SETTINGS
    for path in string_paths(RequestSpec, BASE_REQUEST):
        request = with_value(BASE_REQUEST, path, HOSTILE)
        yield f"request:{'.'.join(map(str, path))}", BASE_RELEASE, BASE_OPINION, request, BASE_SETTINGS
    for path in string_paths(SiteSettings, BASE_SETTINGS):
        settings = with_value(BASE_SETTINGS, path, HOSTILE)
        yield f"settings:{'.'.join(map(str, path))}", BASE_RELEASE, BASE_OPINION, BASE_REQUEST, settings


def test_every_text_field_is_covered_by_the_hostile_cases():
    covered = set()
    for model, data in (
        (ReleaseSpec, BASE_RELEASE),
        (ReleaseSpec, {**BASE_RELEASE, "approval": WITHDRAWN_APPROVAL}),
        (OpinionSpec, BASE_OPINION),
        (RequestSpec, BASE_REQUEST),
        (SiteSettings, BASE_SETTINGS),
    ):
        covered |= {path[-1] if isinstance(path[-1], str) else path[-2] for path in string_paths(model, data)}
    assert {field for _, field in declared_text_fields()} - covered == set()


def test_every_text_field_renders_hostile_text_as_text(monkeypatch):
    # One document per list page: a release's documents pages are rendered too (a real one needs 101+).
    monkeypatch.setattr(pages, "RELEASE_DOCUMENTS", 1)
    monkeypatch.setattr(pages, "DOCUMENTS_PER_PAGE", 1)
    accepted = set()  # the cases whose hostile text shows on a page, as text
    for case, release, opinion, request, site_settings in hostile_cases():
        result = render_pages(release, opinion, request, site_settings)
        if isinstance(result, ContentErrors):
            assert result.errors, case
            continue
        for path, html in result.items():
            assert generated_content_problems(html) == [], (case, path)
        if any(HOSTILE in visible_text(html) for html in result.values()):
            accepted.add(case)
    # The free-text fields each reach a page as visible text (the rest are codes, slugs or links, refused at
    # load, or not shown on the page of that state).
    assert {
        "release:title",
        "release:agency",
        "release:component",
        "release:request_id",
        "release:approval.approved_by",
        "release:approvals.0.reason",
        "release:datasets.0.title",
        "release:datasets.0.description",
        "release:datasets.0.schema.fields.0.title",
        "release:datasets.0.schema.fields.1.description",
        "release:datasets.0.withholding.0.where.in.1",
        "withdrawn:approval.withdrawn_reason",
        "opinion:case_name",
        "opinion:court",
        "opinion:case_number",
        "opinion:date_note",
        "opinion:judge",
        "opinion:outcome",
        "opinion:source",
        "opinion:translations.es.outcome",
        "release:translations.es.title",
        "release:document_approvals.0.reason",
        "request:title",
        "request:requester",
        "request:agencies.0",
        "request:tracking_numbers.0",
        "request:submitted_note",
        "request:timeline.0.description",
        "request:components.0.agency",
        "request:components.0.component",
        "request:components.0.note",
        "request:court_case",
        "settings:organisation",
        "settings:corrections",
        "settings:requesting",
        "settings:appeals",
        "settings:portals.0.agency",
    } <= accepted, accepted
