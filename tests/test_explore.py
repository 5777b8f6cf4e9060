"""A dataset's explore page: its parts hold exactly the published cells, and the gate reads them back."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import gate_check, marker_findings, mkdocs_build

from generator.render import explore
from generator.render.explore import ExploreWriter, PartBuffer, description_bytes, part_bytes

PAGE = "releases/test-release/explore/people/"
MARKER = "[REDACTED (b)(6)]"


def decoded(data: bytes) -> list[tuple[str, ...]]:
    """A part's rows, decoded as the page's script decodes them (reading-room-explore.js, decode)."""
    columns = []
    for column in json.loads(data)["columns"]:
        values = column["values"]
        columns.append([values[code] for code in column["codes"]] if "codes" in column else values)
    return list(zip(*columns, strict=True))


def test_limits_are_the_documented_ones():
    assert (explore.PART_ROWS, explore.MAX_CELLS) == (5_000, 4_000_000)
    assert explore.explorable(100_000, 20) and explore.explorable(200_000, 20)
    assert not explore.explorable(200_001, 20)
    assert explore.part_names(10_001, 3) == ("part-0001.json", "part-0002.json", "part-0003.json")
    assert explore.part_names(300_000, 20) == ()


def test_a_repeating_column_holds_each_value_once_and_a_code_per_row():
    rows = [(str(n), "acquitted" if n % 3 else "convicted") for n in range(12)]
    columns = json.loads(part_bytes(rows, 2))["columns"]
    assert columns[0] == {"values": [str(n) for n in range(12)]}  # all distinct: as they are
    assert columns[1]["values"] == ["convicted", "acquitted"] and len(columns[1]["codes"]) == 12
    assert decoded(part_bytes(rows, 2)) == rows


@given(st.lists(st.tuples(st.text(), st.sampled_from(["", "a", "<b>", MARKER])), max_size=30))
def test_any_cells_decode_to_themselves_from_ascii_bytes(rows):
    data = part_bytes(rows, 2)
    assert data.isascii()  # no byte a browser could read in another encoding
    assert decoded(data) == rows


def test_part_buffer_makes_parts_of_equal_size_whatever_the_chunks():
    buffer = PartBuffer(1)
    done = buffer.add([("x",)] * 4_999) + buffer.add([("y",)] * 5_002) + buffer.add([("z",)] * 3)
    assert [len(part) for part in done] == [5_000, 5_000]
    assert buffer.rest() == [("y",)] * 1 + [("z",)] * 3 and buffer.rest() is None


def test_writer_writes_numbered_parts_and_nothing_for_a_dataset_above_the_limit(tmp_path, monkeypatch):
    writer = ExploreWriter(tmp_path / "small", 2)
    writer.write([("a", "b")] * 7_000)
    written = writer.close()
    assert [file.path.name for file in written] == ["part-0001.json", "part-0002.json"]
    assert decoded(written[1].path.read_bytes()) == [("a", "b")] * 2_000
    monkeypatch.setattr(explore, "MAX_CELLS", 12_000)
    big = ExploreWriter(tmp_path / "big", 2)
    big.write([("a", "b")] * 5_000)  # one part written...
    big.write([("a", "b")] * 2_000)  # ...and removed once the dataset outgrows the limit
    assert big.close() == () and list((tmp_path / "big").iterdir()) == []


def test_description_names_columns_parts_and_every_marker_a_cell_can_hold(room):
    (release,) = room.load().published
    dataset = release.datasets[0]
    description = json.loads(description_bytes(dataset.spec, 3, dataset.rules, room.load().bases, True))
    assert description["rows"] == 3 and description["parts"] == ["part-0001.json"]
    assert description["synthetic"] is True  # the fixture release is synthetic, and every form of it says so
    assert [(c["name"], c["withheld"]) for c in description["columns"]] == [
        ("person_id", False),
        ("full_name", True),
        ("outcome", False),
    ]
    assert description["markers"] == {MARKER: ["b6"]}


# Through a real build: the page, its files, and the gate reading them back.


@pytest.fixture
def built(site_room, tmp_path):
    site = tmp_path / "site"
    assert mkdocs_build(site_room.root, site).returncode == 0
    return site_room, site


def test_the_build_writes_the_explore_page_and_its_files(built):
    _, site = built
    assert decoded((site / PAGE / "part-0001.json").read_bytes())[1] == ("2", MARKER, "acquitted")
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    assert 'id="rr-explorer"' in html and 'class="rr-explore-bases" href="../../../../bases/"' in html
    release_page = (site / "releases/test-release/index.html").read_text(encoding="utf-8")
    assert 'href="explore/people/">Explore all 3 rows</a>' in release_page


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda p: p.write_bytes(p.read_bytes().replace(b"[REDACTED (b)(6)]", b"Beta Person")), "differs from what"),
        (lambda p: p.write_bytes(p.read_bytes().replace(b"Alpha", b"Alphb")), "differs from what"),
        (lambda p: p.unlink(), "the explore page's file is missing"),
        (lambda p: p.with_name("part-0002.json").write_bytes(p.read_bytes()), "a part beyond the dataset's last row"),
        (lambda p: p.with_name("data.json").write_bytes(b"{}"), "differs from what"),
    ],
)
def test_the_gate_finds_a_part_or_description_changed_missing_or_added(built, change, detail):
    room, site = built
    change(site / PAGE / "part-0001.json")
    findings = marker_findings(room.load(), site)
    assert any(PAGE in finding and detail in finding for finding in findings), findings


def test_a_planted_withheld_value_in_a_part_fails_the_whole_gate(built):
    room, site = built
    part = site / PAGE / "part-0001.json"
    part.write_bytes(part.read_bytes().replace(b"[REDACTED (b)(6)]", b"Beta Person"))
    outcome = gate_check(room.root, site)
    assert outcome.returncode != 0
    assert f"{PAGE}part-0001.json: file: [withheld-marker] differs from what the published CSV holds" in outcome.stderr
    assert "Beta Person" not in outcome.stderr
