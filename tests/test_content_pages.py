"""Hand-written pages follow the release summaries' Markdown rules before the site engine renders them."""

from __future__ import annotations

import pytest
from sitebuild import mkdocs_build

PAGE = "content/guide.md"


def page_errors(room, text):
    room.write(PAGE, text)
    return [e for e in room.errors() if e.startswith(PAGE)]


@pytest.mark.parametrize(
    ("markdown", "line", "what"),
    [
        ("# Guide\n\n<script>alert(1)</script>\n", 3, "raw HTML is not allowed in Markdown"),
        ("# Guide\n\nText <img src=x onerror=alert(1)> here.\n", 3, "raw HTML is not allowed in Markdown"),
        ("# Guide\n\n[x](javascript:alert(1))\n", 3, "a link is neither https:// nor a relative path inside the site"),
        ("# Guide\n\n[x][r]\n\n[r]: javascript:alert(1)\n", 3, "a link is neither https://"),
        ("# Guide\n\n[x](java&#x73;cript:alert(1))\n", 3, "a link is neither https://"),
        ("# Guide\n\n[x](data:text/html,hi)\n", 3, "a link is neither https://"),
        ("# Guide\n\n[mirror](//evil.example/phish)\n", 3, "a link is neither https://"),
        ("# Guide\n\n[old](http://example.org)\n", 3, "a link is neither https://"),
        ("# Guide\n\n[LIONS](release:lions)\n", 3, "a link is neither https://"),
        ("# Guide\n\n![chart](assets/chart.png)\n", 3, "images are not allowed in Markdown"),
        ("---\ntitle: Guide\n---\n# Guide\n\n\n<iframe src=x></iframe>\n", 7, "raw HTML is not allowed in Markdown"),
        # What the engine's renderer cannot afford: it recurses per level and rescans a block per opener.
        ("# Guide\n\n" + "- " * 4000 + "x\n", 3, "the text is nested more than 16 levels deep"),
        ("# Guide\n\n" + "> 1. " * 9 + "x\n", 3, "the text is nested more than 16 levels deep"),
        ("# Guide\n\n" + "\n".join("    " * i + "- a" for i in range(20)), 19, "the text is nested more than 16"),
        ("# Guide\n\nA\n\n" + "[" * 20_000 + "\n", 5, "one paragraph holds more than 1000 '[' or '<'"),
        ("# Guide\n\n" + "<http://a " * 1001 + "\n", 3, "one paragraph holds more than 1000 '[' or '<'"),
    ],
)
def test_a_page_breaking_the_rules_is_refused_at_its_line(room, markdown, line, what):
    errors = page_errors(room, markdown)
    assert errors and errors[0].startswith(f"{PAGE}: line {line}, page: {what}"), errors


@pytest.mark.parametrize(
    "markdown",
    [
        "# Guide\n\nSee [the releases](releases/) and [an opinion](opinions/brennan-center-v-doj/).\n",
        "# Guide\n\n[Up](../index.md#top), [here](#section) and [the court](https://www.uscourts.gov/).\n",
        "---\ntitle: A guide\ndescription: How to read a release.\nhide: [toc]\n---\n# Guide\n",
        "---\ntitle: Closed with dots\n...\n# Guide\n",
        "# Guide\n\n---\n\nA rule, then text: not front matter.\n",
        "# Guide\n\n" + "\n".join("  " * i + "- a" for i in range(16)) + "\n",  # 16 levels: the limit
        "# Guide\n\n```\n" + " " * 200 + "indented code in a fence\n```\n",
        "# Guide\n\n" + "[a](#a) " * 500 + "\n\n" + "[b](#b) " * 500 + "\n",  # many links, several paragraphs
    ],
)
def test_pages_within_the_rules_load(room, markdown):
    room.write(PAGE, markdown)
    assert room.load().releases


@pytest.mark.parametrize(
    ("front", "what"),
    [
        ("title: [unclosed\n", "line 3, front matter: "),
        ("template: evil.html\n", "line 2, front matter: top level: an unknown key"),
        ("hide: [everything]\n", "line 2, front matter: hide[0]: "),
    ],
)
def test_front_matter_is_strict(room, front, what):
    errors = page_errors(room, f"---\n{front}---\n# Guide\n")
    assert errors and errors[0].startswith(f"{PAGE}: {what}"), errors


def test_opinion_summaries_keep_their_own_link_rules(room):
    room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "[the releases](../releases/)")
    errors = room.errors()
    assert [e for e in errors if ", body: " in e and "nor release:, opinion: or basis:" in e]
    assert not [e for e in errors if ", page: " in e]


def test_a_hostile_page_stops_the_build_before_the_engine_renders_it(site_room, tmp_path):
    site_room.write("content/about.md", "# About\n\n[FAQ](javascript:alert(1))\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "content/about.md: line 3, page: a link is neither https://" in result.stderr
    assert "[active-content]" not in result.stderr  # refused at the boundary, not left to the gate
    assert not (tmp_path / "site").exists()


def test_a_page_the_engine_cannot_render_stops_the_build_with_an_error_not_a_crash(site_room, tmp_path):
    site_room.write("content/about.md", "# About\n\n" + "- " * 4000 + "x\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "content/about.md: line 3, page: the text is nested more than 16 levels deep" in result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", ["opinions/extra.markdown", "opinions/sub/nested.md", "Upper.MD"])
def test_pages_the_opinion_loader_does_not_read_are_checked_as_pages(room, name):
    room.write(f"content/{name}", "# Page\n\n<script>alert(1)</script>\n")
    assert any(e.startswith(f"content/{name}: line 3, page: raw HTML") for e in room.errors())


def test_a_heading_title_cannot_become_markup_in_the_theme(site_room, tmp_path):
    site_room.write("content/guide.md", "# Q&A \\<img src=x onerror=alert(1)\\>\n\nText.\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/guide/index.html").read_text()
    head, article = page.split("</head>")[0], page.split("<article")[1].split("</article>")[0]
    assert "<img" not in head and "<img" not in page.replace(article, "")
    assert "<title>Q\uff06A " in head and "\u2039img src=x onerror=alert(1)\u203a - " in head


@pytest.mark.parametrize(
    ("page", "where"),
    [
        ('---\ntitle: "About<img src=https://evil.example/t.gif><style>b{}</style>"\n---\n# About\n', "title"),
        ('---\ndescription: \'x"><link rel="stylesheet" href="https://evil.example/x.css">\'\n---\n# About\n', "head"),
        ("---\rtitle: About<img src=https://evil.example/cr.gif>\r---\r# About\r", "title"),
    ],
)
def test_page_metadata_never_becomes_markup_in_the_theme(site_room, tmp_path, page, where):
    site_room.write("content/about.md", page)
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/about/index.html").read_text()
    for tag in ("<img", '<link rel="stylesheet" href="https://evil', "<style>b"):
        assert tag not in html


def test_metadata_mkdocs_reads_under_an_unchecked_key_stops_the_build(site_room, tmp_path):
    site_room.write("content/about.md", "template: evil.html\nsearch: x\n\n# About\n")  # MultiMarkdown metadata
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "about.md: the page's metadata has an unknown key" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_engine_never_prints_a_link_target_in_the_log(site_room, tmp_path):
    site_room.write("content/about.md", "# About\n\n[a](ZZSECRET42a/) [b](#ZZSECRET42b) [c](ZZSECRET42c.md)\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert "ZZSECRET42" not in result.stdout + result.stderr
    assert "link (not shown)" in result.stderr
