"""The sample room's Atom feeds: every release in the site's feed, each agency's and each request's, linked from
page heads, and read back by the gate."""

from __future__ import annotations

import feedparser
import pytest
from conftest import REPO
from sitebuild import gate_after_edit

from generator import urls
from generator.config import RoomConfig
from generator.render.feeds import agency_slugs
from generator.room import load_room


@pytest.fixture(scope="module")
def sample():
    return load_room(RoomConfig.at(REPO))


def parsed(site, path):
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_site_feed_lists_every_release_newest_first(sample_site, sample):
    feed = parsed(sample_site, urls.FEED)
    titles = [entry.title for entry in feed.entries]
    assert titles == [release.spec.title for release in sample.published]
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry, release in zip(feed.entries, sample.published, strict=True):
        assert entry.summary_detail.type == "text/plain"
        # A link relative to the feed's own place (no site address in the sample build) that reaches the page.
        assert (sample_site / urls.release(release.id) / "index.html").is_file()
        assert entry.link.endswith(urls.release(release.id))


def test_each_agency_feed_lists_its_releases_only(sample_site, sample):
    for agency, slug in agency_slugs(sample).items():
        feed = parsed(sample_site, urls.agency_feed(slug))
        expected = [r.spec.title for r in sample.published if r.spec.agency == agency]
        assert [entry.title for entry in feed.entries] == expected and expected


def test_each_request_feed_lists_its_releases_and_events(sample_site, sample):
    for request in sample.requests:
        feed = parsed(sample_site, urls.request_feed(request.id))
        titles = {entry.title for entry in feed.entries}
        assert {release.spec.title for release in sample.releases_under(request)} <= titles
        assert len(feed.entries) == len(sample.releases_under(request)) + len(request.spec.timeline)


def test_every_page_links_the_site_feed_and_a_request_page_its_own(sample_site, sample):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home and 'href="feed.xml"' in home
    request = sample.requests[0]
    page = (sample_site / "es" / urls.request(request.id) / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../requests/' + request.id + '/feed.xml"' in page


@pytest.mark.parametrize(
    ("plant", "findings"),
    [
        # The hyphens as character references: found only by a reader that resolves them, as a feed reader does.
        (
            '<summary type="text">SSN 123&#45;45&#45;6789 ',
            [
                "feed.xml: file: [altered-download] differs from the file the build produced",
                "feed.xml: file text: [personal-identifier] ssn",
            ],
        ),
        ('<summary type="html">', ["feed.xml: feed: [active-content]"]),
    ],
    ids=["identifier", "markup"],
)
def test_the_gate_finds_what_is_planted_in_a_feed(site_room, tmp_path, plant, findings):
    outcome = gate_after_edit(
        site_room.root, tmp_path / "site", urls.FEED, lambda text: text.replace('<summary type="text">', plant, 1)
    )
    assert outcome.returncode == 1
    assert all(finding in outcome.stderr for finding in findings)
    assert "123-45-6789" not in outcome.stderr
