"""Requests: requests/<id>.yml loaded and cross-checked with the releases made under them, and their pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Room
from tests.sitebuild import mkdocs_build

REQUEST = """id: test-request
title: Records about tests
requester: A requester
agencies: [Test Agency]
tracking_numbers: [TA-2020-0001]
submitted: 2020-01-10
status: closed
summary: Asked for [the release](release:test-release).
timeline:
  - {date: 2020-01-10, kind: submitted, description: The request was sent.}
  - {date: 2020-02-01, kind: acknowledged, description: The agency acknowledged it.}
  - {date: 2020-06-01, kind: final-release, description: The agency released the records., release: test-release}
  - {date: 2020-07-01, kind: closed, description: The agency closed the request.}
components:
  - {agency: Test Agency, component: Office A, pages: 46}
  - {agency: Test Agency, component: Office B, pages: 2947, approximate: true}
  - {agency: Test Agency, component: Office C, pages: null, note: No count given.}
opinions: [test-opinion]
"""


def with_request(room: Room, request: str = REQUEST, name: str = "test-request.yml") -> Room:
    room.write(f"requests/{name}", request)
    room.edit("releases/test-release/release.yml", "request_id: TEST-2020-001", "request_id: test-request")
    return room


def test_a_request_loads_with_the_releases_made_under_it(room: Room) -> None:
    loaded = with_request(room).load()
    (request,) = loaded.requests
    assert loaded.request("test-request") is request
    assert [r.id for r in loaded.releases_under(request)] == ["test-release"]
    # Closed: its age runs from submission to its closing, never to the build's clock.
    assert request.ended is not None and request.ended.isoformat() == "2020-07-01" and request.age == 173
    assert request.pages_found() == (2993, True)


def test_an_open_request_is_aged_to_its_last_event_on_record(room: Room) -> None:
    still_open = REQUEST.replace("status: closed", "status: open").replace(
        "  - {date: 2020-07-01, kind: closed,", "  - {date: 2020-06-02, kind: other,"
    )
    (request,) = with_request(room, still_open).load().requests
    assert request.ended is None and request.as_of.isoformat() == "2020-06-02" and request.age == 144


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("id: test-request", "id: other-request"), "RR802"),
        (("opinions: [test-opinion]", "opinions: [no-such-opinion]"), "RR805"),
        (("release: test-release}", "release: no-such-release}"), "RR804"),
        (("date: 2020-02-01", "date: 2019-02-01"), "the timeline's events are not in date order"),
        (("submitted: 2020-01-10", "submitted: null"), "needs a submitted_note"),
        (("status: closed", "status: pending"), "RR204"),
        (("kind: acknowledged", "kind: acknowledgement"), "RR204"),
        (("(release:test-release)", "(release:no-such-release)"), "RR704"),
    ],
)
def test_each_mistake_in_a_request_has_its_code(room: Room, change: tuple[str, str], expected: str) -> None:
    errors = with_request(room, REQUEST.replace(*change)).errors()
    assert any(expected in e and "requests/test-request.yml" in e for e in errors), errors


@pytest.mark.parametrize("name", ["Test Request.yml", "notes.txt", "test-request.yaml"])
def test_requests_holds_only_request_files(room: Room, name: str) -> None:
    errors = with_request(room, name=name).errors()
    assert any("RR801" in e for e in errors), errors


def test_a_release_that_names_an_id_like_request_needs_its_file(room: Room) -> None:
    room.edit("releases/test-release/release.yml", "request_id: TEST-2020-001", "request_id: no-such-request")
    errors = room.errors()
    assert any("RR803" in e and "request_id" in e for e in errors), errors


def test_a_timeline_may_name_only_a_release_made_under_the_request(room: Room) -> None:
    room.write("requests/test-request.yml", REQUEST)  # the release still names TEST-2020-001
    errors = room.errors()
    assert any("RR804" in e and "the release names another request_id" in e for e in errors), errors


def test_a_request_folder_that_is_a_link_is_refused(room: Room, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "test-request.yml").write_text(REQUEST)
    room.path("requests").symlink_to(outside)
    assert any("RR101" in e for e in room.errors())


def test_request_pages_show_timeline_offices_and_releases(site_room: Room, tmp_path: Path) -> None:
    with_request(site_room)
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/requests/test-request/index.html").read_text()
    for shown in ("TA-2020-0001", "The agency acknowledged it.", "about 2,947", "not stated", "about 2,993"):
        assert shown in page, shown
    assert "173 days, submitted to 2020-07-01" in page
    assert 'href="../../releases/test-release/"' in page and 'href="../../opinions/test-opinion/"' in page
    listing = (tmp_path / "site/requests/index.html").read_text()
    assert 'href="test-request/"' in listing and "closed" in listing and "173 days" in listing
    release = (tmp_path / "site/releases/test-release/index.html").read_text()
    assert 'href="../../requests/test-request/"' in release and "Records about tests" in release
