"""schema.org JSON-LD on release, dataset and opinion pages, and the gate's rule that allows exactly ours."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser
from sitebuild import gate_after_edit

from generator import urls
from generator.config import RoomConfig
from generator.gate.json_text import json_strings
from generator.gate.linked_data import linked_data_problems
from generator.gate.markup import markup_problems
from generator.render.linked_data import script_text
from generator.room import load_room

DATASET_REQUIRED = {
    "name",
    "description",
    "identifier",
    "url",
    "license",
    "creator",
    "publisher",
    "datePublished",
    "isAccessibleForFree",
    "distribution",
}


def blocks(page: Path) -> list[dict]:
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    return [json.loads(node.text(deep=True)) for node in tree.css('script[type="application/ld+json"]')]


@pytest.fixture(scope="module")
def sample():
    return load_room(RoomConfig.at(REPO))


def test_a_release_page_describes_the_release_and_every_file_it_offers(sample_site, sample):
    for release in sample.published:
        (data,) = blocks(sample_site / urls.release(release.id) / "index.html")
        assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
        assert set(data) >= DATASET_REQUIRED and data["name"] == release.spec.title
        assert data["datePublished"] == release.spec.release_date.isoformat()
        for download in data["distribution"]:
            path = sample_site / download["contentUrl"].lstrip("/")
            assert download["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
            assert download["contentSize"] == f"{path.stat().st_size} B"
        names = {download["name"] for download in data["distribution"]}
        assert f"{release.id}.zip" in names
        assert {f"{d.spec.name}.csv" for d in release.datasets} <= names


def test_a_dataset_page_describes_the_dataset_with_its_columns(sample_site, sample):
    release = next(r for r in sample.published if r.datasets)
    dataset = release.datasets[0]
    (data,) = blocks(sample_site / urls.explore(release.id, dataset.spec.name) / "index.html")
    assert set(data) >= DATASET_REQUIRED and data["name"] == dataset.spec.title
    assert data["variableMeasured"] == [field.title for field in dataset.spec.schema_.fields]
    assert [d["encodingFormat"] for d in data["distribution"]] == ["text/csv", "application/vnd.apache.parquet"]


def test_an_opinion_page_describes_its_summary_and_the_opinion_in_each_language(sample_site, sample):
    opinion = sample.opinions[0]
    (english,) = blocks(sample_site / urls.opinion(opinion.slug) / "index.html")
    (spanish,) = blocks(sample_site / "es" / urls.opinion(opinion.slug) / "index.html")
    assert english["@type"] == "CreativeWork" and english["about"]["name"] == opinion.spec.case_name
    assert english["about"]["author"]["name"] == opinion.spec.court
    assert (english["inLanguage"], spanish["inLanguage"]) == ("en", "es")
    assert spanish["url"] == "/es/" + urls.opinion(opinion.slug)


def test_the_pages_pass_the_gate_rule_and_no_other_page_has_a_block(sample_site):
    described = 0
    for page in sample_site.rglob("index.html"):
        found = blocks(page)
        described += len(found)
        assert len(found) <= 1, page
    assert described > 10


@given(st.text())
def test_no_text_can_end_the_block_or_break_the_json(text):
    data = {"@context": "https://schema.org", "@type": "Dataset", "name": text, "description": text + "</script>"}
    written = script_text(data)
    assert "<" not in written and ">" not in written and "&" not in written
    assert json.loads(written) == data
    assert linked_data_problems(written) == []


def _ours(**extra: object) -> dict:
    return {"@context": "https://schema.org", "@type": "Dataset", "name": "x", "url": "/releases/x/", **extra}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"@context": "https://schema.org", "@type": "Dataset", "name": "</script><script>1</script>"}', "'<'"),
        ("{not json", "not JSON"),
        (json.dumps(_ours() | {"@context": "https://evil.example/"}), "not a schema.org description"),
        (json.dumps(_ours() | {"@type": "Event"}), "not a schema.org description"),
        (json.dumps(_ours(potentialAction={"@type": "Organization", "name": "x"})), "property we never write"),
        (json.dumps(_ours(url="javascript:alert(1)")), "not a web (http, https) or site-relative link"),
        (json.dumps(_ours(url="//evil.example/")), "not a web (http, https) or site-relative link"),
        (json.dumps(_ours(license="ftp://example.org/")), "not a web (http, https) or site-relative link"),
        (json.dumps(_ours(publisher={"@type": "Person", "name": "x"})), "type we never write"),
        (
            json.dumps(_ours(publisher={"@context": "https://schema.org", "@type": "Organization"})),
            "naming a vocabulary",
        ),
        (json.dumps(_ours(keywords=[["nested"]])), "list inside a list"),
        (json.dumps(["https://schema.org"]), "not a schema.org description"),
        (json.dumps(_ours() | {"@type": ["Dataset"]}), "not a schema.org description"),
        (json.dumps(_ours(publisher={"@type": {"x": 1}})), "type we never write"),
        # A property twice: readers disagree on which one holds, and one of them is never read.
        ('{"@context": "https://schema.org", "@type": "Dataset", "name": "SSN 123-45-6789", "name": "x"}', "twice"),
    ],
)
def test_the_gate_refuses_json_ld_we_never_write(text, problem):
    assert any(problem in found for found in linked_data_problems(text))


def _page(*scripts: str) -> str:
    return f"<html><body><article><p>x</p>{''.join(scripts)}</article></body></html>"


def test_the_markup_rule_allows_one_block_of_ours_in_the_article_and_nothing_else_of_the_kind():
    ours = f'<script type="application/ld+json">{script_text(_ours())}</script>'
    assert markup_problems(_page(ours)) == []
    assert "a second JSON-LD block in the generated content" in markup_problems(_page(ours, ours))
    for variant in (
        '<script type="application/json">{}</script>',
        f'<script type="application/ld+json" id="x">{script_text(_ours())}</script>',
        f'<script type="Application/LD+JSON ">{script_text(_ours())}</script>',
        f"<script>{script_text(_ours())}</script>",
    ):
        assert "element <script> is not allowed" in markup_problems(_page(variant)), variant
    # Outside a page's generated content (a stray file checked whole) not even ours is allowed.
    assert "element <script> is not allowed" in markup_problems(_page(ours), whole_fragment=True)


def test_the_gate_reads_the_json_ld_decoded_and_finds_an_identifier_planted_in_it(site_room, tmp_path):
    def plant(text: str) -> str:
        # The hyphens written as JSON escapes: found only by a reader that decodes the JSON, as a search engine does.
        return text.replace('"description":"', '"description":"SSN 123\\u002d45\\u002d6789 ', 1)

    page = f"{urls.release('test-release')}index.html"
    outcome = gate_after_edit(site_room.root, tmp_path / "site", page, plant)
    assert outcome.returncode == 1
    assert "releases/test-release/index.html: JSON-LD: [personal-identifier] ssn" in outcome.stderr
    assert "123-45-6789" not in outcome.stderr


def test_json_is_read_with_every_value_of_a_key_given_twice():
    assert set(json_strings('{"a": "SSN 123-45-6789", "a": "x"}')) == {"a", "SSN 123-45-6789", "x"}


def test_one_json_ld_block_per_page_over_all_its_articles():
    ours = f'<script type="application/ld+json">{script_text(_ours())}</script>'
    page = f"<html><body><article>{ours}</article><article>{ours}</article></body></html>"
    assert "a second JSON-LD block in the generated content" in markup_problems(page)


@pytest.mark.parametrize(
    "href", ["https://evil.example/feed.xml", "//evil.example/feed.xml", "&#1;//evil.example/feed.xml"]
)
def test_a_feed_link_in_the_head_goes_to_a_feed_of_this_site_only(href):
    head = f'<link rel="alternate" type="application/atom+xml" href="{href}">'
    problems = markup_problems(f"<html><head>{head}</head><body><article></article></body></html>")
    assert "a feed link outside the generated content to anything but a feed of this site" in problems
    ours = '<link rel="alternate" type="application/atom+xml" href="../../requests/x/feed.xml">'
    assert markup_problems(f"<html><head>{ours}</head><body><article></article></body></html>") == []
