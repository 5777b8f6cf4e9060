"""Property tests: hostile text from any field renders as itself, never as markup."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_site import page_to_html, site_markdown, to_html, visible_text
from mkdocs.utils.meta import get_data

from generator.bases import MARKER_LIKE
from generator.config import RoomConfig
from generator.errors import ContentErrors
from generator.escape import _MARKDOWN_SPECIAL, front_matter_title, markdown_inline, title_text
from generator.gate.markup import markup_problems
from generator.render.downloads import csv_bytes
from generator.render.pages import render_site
from generator.room import load_room

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
hostile = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, max_size=8)), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda s: s.strip() and not MARKER_LIKE.search(s))
)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_escaper_covers_every_character_python_markdown_escapes():
    specials = set(site_markdown().ESCAPED_CHARS) - {">"}  # ">" becomes &gt; before backslashing
    assert {c for c in specials if not _MARKDOWN_SPECIAL.fullmatch(c)} == set()


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


def assert_no_markup(pages: dict[str, str]) -> None:
    for path, html in pages.items():
        assert markup_problems(html, whole_fragment=True) == [], path


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
        assert all(error.where.startswith("summary, line") for error in exc.errors), exc.report()
        return
    assert_no_markup(pages)
