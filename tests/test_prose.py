"""Maintainer Markdown: what is refused, what is shown as text, and how tables keep their alignment."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import mkdocs_build

from generator.errors import ErrorLog
from generator.prose import parse_prose


def errors_of(markdown: str, relative_links: bool = False) -> list[str]:
    log = ErrorLog(Path())
    parse_prose(markdown, Path("summary.md"), "summary", log, relative_links=relative_links)
    return [error.what for error in log.errors]


@pytest.mark.parametrize(
    "markdown",
    [
        "<b>bold</b>",
        "<!-- hidden -->",
        "<?php echo 1 ?>",
        "<![CDATA[x]]>",
        "<!DOCTYPE html>",
        "<my-widget>",
        "<svg:script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<REDACTED>\n<iframe src=x></iframe>",
    ],
)
def test_real_html_is_refused(markdown):
    assert errors_of(f"Text {markdown} text.\n") or errors_of(f"{markdown}\n")


@pytest.mark.parametrize(
    "markdown", ["See <REDACTED> and <b7c>.", "Cells read </b7c> or <court seal>.", "<REDACTED>", "a <= b and c > d"]
)
def test_text_that_only_looks_like_a_tag_is_shown_as_text_in_a_summary(markdown):
    assert errors_of(markdown + "\n") == []
    html = parse_prose(markdown + "\n", Path("s"), "summary", ErrorLog(Path())).render(lambda link: "x")
    assert "<REDACTED>" not in html and "<b7c>" not in html


def test_hand_written_pages_refuse_every_tag_like_text():
    # The site engine would pass it through as markup, so it is not shown as text there.
    assert errors_of("See <REDACTED>.\n", relative_links=True) == ["raw HTML is not allowed in Markdown"]


def test_table_alignment_is_a_class_not_a_style():
    prose = parse_prose("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", Path("s"), "summary", ErrorLog(Path()))
    html = prose.render(lambda link: "x")
    assert "style=" not in html
    for side in ("left", "center", "right"):
        assert f'<td class="rr-align-{side}">' in html


def test_an_aligned_table_and_tag_like_text_pass_the_gate(site_room, tmp_path):
    site_room.edit(
        "releases/test-release/release.yml",
        "A test release citing",
        "| Basis | Cells |\n  |:--|--:|\n  | <b7c> | 3 |\n\n  Cells read <REDACTED>. A test release citing",
    )
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/releases/test-release/index.html").read_text()
    assert '<td class="rr-align-right">3</td>' in page
    assert "Cells read &lt;REDACTED&gt;." in page
