"""Loading a valid reading room: releases, datasets, opinions and their links."""

from __future__ import annotations

import datetime as dt

from generator.models import Status


def test_minimal_room_loads_with_counts(room):
    loaded = room.load()
    (release,) = loaded.published
    assert release.id == "test-release"
    (dataset,) = release.datasets
    assert dataset.row_count == 3 and len(dataset.head.rows) == 3
    assert dataset.withheld.by_basis == {"b6": 1}
    assert dataset.withheld.by_column == {("full_name", "b6"): 1}
    assert [o.slug for o in loaded.opinions] == ["test-opinion"]


def test_release_and_opinion_link_both_ways(room):
    loaded = room.load()
    (release,) = loaded.published
    (opinion,) = loaded.opinions
    assert loaded.opinions_for(release) == [opinion]
    assert loaded.releases_for(opinion) == [release]
    (citation,) = loaded.citations("test-opinion")
    assert (citation.column, citation.basis) == ("full_name", "b6")


def test_summary_abstract_is_plain_text(room):
    (release,) = room.load().published
    assert release.summary.abstract == "A test release citing the test opinion and Exemption 6."


def test_draft_is_validated_but_not_published(room):
    room.edit("releases/test-release/release.yml", "status: approved", "status: draft")
    room.edit("content/opinions/test-opinion.md", "linking [the release](release:test-release).", "no link.")
    loaded = room.load()
    assert loaded.published == ()
    assert loaded.releases[0].spec.approval.status is Status.draft
    assert loaded.notices() == ["Release 'test-release' is draft and is not published."]


def test_draft_with_errors_still_fails(room):
    room.edit("releases/test-release/release.yml", "status: approved", "status: draft")
    room.edit("releases/test-release/release.yml", "basis: b6", "basis: b99")
    assert any("the basis is not a code from the bases catalogue" in error for error in room.errors())


def test_byte_order_mark_is_accepted(room):
    path = room.release / "people.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    (release,) = room.load().published
    assert release.datasets[0].header[0] == "person_id"


def test_published_releases_are_newest_first(room):
    second = room.path("releases/second-release")
    second.mkdir()
    text = (room.release / "release.yml").read_text().replace("test-release", "second-release")
    (second / "release.yml").write_text(text.replace("2020-01-02", "2021-05-05"))
    (second / "people.csv").write_bytes((room.release / "people.csv").read_bytes())
    assert [r.id for r in room.load().published] == ["second-release", "test-release"]


def test_embargoed_release_is_left_out_until_its_date(room):
    room.edit(
        "releases/test-release/release.yml",
        "  approved_on: 2020-01-03\n",
        "  approved_on: 2020-01-03\n  embargo_until: 2030-01-01\n",
    )
    room.edit("content/opinions/test-opinion.md", "linking [the release](release:test-release).", "no link.")
    before = room.load(today=dt.date(2029, 12, 31))
    assert before.published == ()
    assert before.notices() == [
        "Release 'test-release' is embargoed until 2030-01-01 and is not published (build date 2029-12-31)."
    ]
    assert [r.id for r in room.load(today=dt.date(2030, 1, 1)).published] == ["test-release"]


def test_withdrawn_release_needs_date_and_reason(room):
    room.edit("releases/test-release/release.yml", "status: approved", "status: withdrawn")
    errors = room.errors()
    assert any("approval: withdrawn_on and withdrawn_reason are required" in e for e in errors)


def test_withdrawn_release_keeps_a_notice_page(room):
    room.edit(
        "releases/test-release/release.yml",
        "status: approved",
        "status: withdrawn\n  withdrawn_on: 2021-02-03\n  withdrawn_reason: The agency re-reviewed it.",
    )
    loaded = room.load()
    assert loaded.published == () and [r.id for r in loaded.withdrawn] == ["test-release"]
    assert loaded.notices() == ["Release 'test-release' is withdrawn: only its withdrawal notice is published."]


def test_two_releases_with_the_same_id(room):
    copy = room.path("releases/copy-release")
    copy.mkdir()
    (copy / "release.yml").write_bytes((room.release / "release.yml").read_bytes())
    (copy / "people.csv").write_bytes((room.release / "people.csv").read_bytes())
    errors = room.errors()
    assert any("the same release id is used by 2 release folders (copy-release, test-release)" in e for e in errors)


def test_a_release_with_thousands_of_fields_loads(room):
    count = 5_000  # 20,000 columns are timed by bench/bounded_preview.py (never asserted here)
    fields = "".join(
        f"        - {{name: col_{i}, type: string, title: Column {i}, description: Column {i}.}}\n"
        for i in range(count)
    )
    room.edit("releases/test-release/release.yml", "        - {name: person_id", fields + "        - {name: person_id")
    lines = (room.release / "people.csv").read_text().splitlines()
    header = ",".join(f"col_{i}" for i in range(count))
    room.write(
        "releases/test-release/people.csv",
        "\n".join([f"{header},{lines[0]}"] + ["," * count + line for line in lines[1:]]) + "\n",
    )
    (release,) = room.load().published
    assert len(release.datasets[0].spec.schema_.fields) == count + 3


def test_an_embargo_holds_for_a_withdrawn_release_too(room):
    room.edit(
        "releases/test-release/release.yml",
        "  status: approved\n",
        "  status: withdrawn\n  withdrawn_on: 2021-02-03\n  withdrawn_reason: Re-review.\n"
        "  embargo_until: 2999-01-01\n",
    )
    room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "the release")
    loaded = room.load()
    assert loaded.published == () and loaded.withdrawn == ()
