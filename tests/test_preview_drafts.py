"""Drafts and embargoed releases, privately: `mkdocs serve` previews them under a banner when asked; a build never."""

from __future__ import annotations

import pytest
from conftest import UNPUBLISHED
from sitebuild import mkdocs_build

from generator.config import RoomConfig
from generator.gate.sitefiles import SiteFiles
from generator.gate.unpublished import check_unpublished
from generator.pipeline import build
from generator.publishing import PREVIEW_VARIABLE

RELEASE = "releases/test-release/release.yml"
PAGE = "releases/test-release/index.md"


def pages(room, **settings):
    _room, outputs = build(RoomConfig.at(room.root, **settings))
    return {output.path: output.content for output in outputs}


@pytest.mark.parametrize("state", sorted(UNPUBLISHED))
def test_a_preview_shows_an_unpublished_release_under_its_banner(room, state):
    banner = f"{state.upper()}: not published."
    room.edit(RELEASE, "status: approved", UNPUBLISHED[state])
    room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "the release")
    assert PAGE not in pages(room)
    previewed = pages(room, preview_unpublished=True)[PAGE]
    assert f'<div class="rr-unpublished"><p><strong>{banner}</strong>' in str(previewed)


def test_a_published_release_has_no_banner_in_a_preview(room):
    assert "rr-unpublished" not in str(pages(room, preview_unpublished=True)[PAGE])


def test_mkdocs_build_never_previews_even_when_asked(site_room, tmp_path):
    site_room.edit(RELEASE, "status: approved", "status: draft")
    site_room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "the release")
    result = mkdocs_build(site_room.root, tmp_path / "site", env={PREVIEW_VARIABLE: "1"})
    assert result.returncode == 0, result.stderr
    assert f"{PREVIEW_VARIABLE} is ignored by mkdocs build" in result.stderr
    assert not (tmp_path / "site/releases/test-release").exists()


def test_the_gate_fails_a_site_that_carries_a_banner(tmp_path):
    site = tmp_path / "site"
    (site / "releases/x").mkdir(parents=True)
    (site / "releases/x/index.html").write_text(
        '<html><body><article><div class="md-typeset rr-unpublished"><p>DRAFT</p></div></article></body></html>'
    )
    (site / "about.html").write_text("<html><body><article><p>Our class is rr-unpublished.</p></article></body></html>")
    findings = check_unpublished(SiteFiles(site))
    assert [(f.file, f.rule) for f in findings] == [("releases/x/index.html", "unpublished-release")]
