"""No generated page grows with the number of releases: newest first, then one page per year and a listing."""

from __future__ import annotations

import csv
import io

from conftest import REPO

from generator.config import RoomConfig
from generator.pipeline import build
from generator.render.pages import BASIS_USES, INDEX_RELEASES
from generator.synth import write_room


def rendered(tmp_path, releases: int) -> dict[str, bytes]:
    root = tmp_path / f"room-{releases}"
    write_room(root, releases=releases, rows=3, opinions=2, config=REPO / "mkdocs.yml")
    _room, outputs = build(RoomConfig.at(root))
    return {output.path: output.content for output in outputs}


def test_the_index_and_basis_pages_stay_the_same_size_as_releases_grow(tmp_path):
    small, large = rendered(tmp_path, 120), rendered(tmp_path, 360)
    for page in ("releases/index.md", "bases/b6.md", "index.md"):
        # Only the counts' digits may differ.
        assert abs(len(large[page]) - len(small[page])) < 200, page
    assert large["releases/index.md"].decode().count("<tr><td>") == INDEX_RELEASES + 10  # newest, then ten years
    assert f"These are the newest {BASIS_USES} of 360 uses." in large["bases/b6.md"].decode()


def test_every_release_is_on_its_years_page_and_in_the_listing(tmp_path):
    pages = rendered(tmp_path, 130)  # dated 29 days apart from 2015-01-01: ten years
    years = {path for path in pages if path.startswith("releases/20") and path.endswith("/index.md")}
    assert years == {f"releases/{year}/index.md" for year in range(2015, 2025)}
    listed = "".join(pages[page].decode() for page in years)
    assert all(f"synthetic-{n:06d}/" in listed for n in range(130))
    rows = list(csv.DictReader(io.StringIO(pages["releases/releases.csv"].decode())))
    assert len(rows) == 130 and {row["bases"] for row in rows} == {"b6"}
    assert [row["release_date"] for row in rows] == sorted((row["release_date"] for row in rows), reverse=True)


def test_a_release_id_that_is_a_year_is_refused(room):
    room.path("releases/test-release").rename(room.path("releases/2021"))
    room.edit("releases/2021/release.yml", "id: test-release", "id: '2021'")
    errors = room.errors()
    assert any("a release id may not be a four-digit year" in e and e.endswith("[RR308]") for e in errors), errors
