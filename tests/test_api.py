"""The static JSON API: what the pages list, as JSON, and read back by the gate like every other file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from conftest import REPO
from sitebuild import gate_after_edit

from generator.cache import BuildCache
from generator.config import RoomConfig
from generator.render import api
from generator.render.bundle import release_bundle
from generator.render.downloads import dataset_downloads
from generator.render.pages import Site
from generator.room import load_room


@pytest.fixture
def site(sample_site: Path) -> Path:
    return sample_site


def read(site: Path, name: str) -> dict:
    return json.loads((site / name).read_text(encoding="utf-8"))


def test_the_release_list_lists_what_the_listing_csv_lists_in_its_order(site):
    listed = read(site, "api/releases.json")
    rows = list(csv.DictReader(io.StringIO((site / "releases/releases.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in listed["releases"]] == [row["id"] for row in rows]
    assert listed["total"] == len(rows) and listed["next"] is None
    first = listed["releases"][0]
    assert (site / first["url"] / "index.html").is_file() and (site / first["api"]).is_file()


def test_a_release_file_holds_its_datasets_with_the_downloads_hashes(site):
    release = read(site, "api/releases/lions-terrorism-cases.json")
    (dataset,) = release["datasets"]
    assert dataset["rows"] == 4496 and dataset["synthetic"] is True
    assert dataset["withholding"] == [
        {
            "column": "docket_number",
            "basis": "b7c",
            "where": {"column": "disposition", "in": ["acquitted", "dismissed"]},
            "authority": "brennan-center-v-doj",
        }
    ]
    for download in dataset["downloads"]:
        data = (site / download["url"]).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (download["sha256"], download["bytes"])
    production = read(site, "api/releases/aol-exhibits-production.json")
    sealed = next(d for d in production["documents"] if d["id"] == "gov-ex-1-13")
    assert sealed["pdf"] is None and sealed["disposition"] == "sealed"


def test_opinions_requests_and_bases_are_listed_as_their_pages_list_them(site):
    opinions = read(site, "api/opinions.json")["opinions"]
    assert [o["slug"] for o in opinions] == sorted(p.name for p in (site / "opinions").iterdir() if p.is_dir())
    wolf = next(o for o in opinions if o["slug"] == "al-otro-lado-v-wolf-2020")
    assert wolf["docket_number"] == "3:17-cv-2366-BAS-KSC" and wolf["date"] == "2020-06-26"
    requests = read(site, "api/requests.json")["requests"]
    assert {r["id"] for r in requests} == {p.name for p in (site / "requests").iterdir() if p.is_dir()}
    bases = read(site, "api/bases.json")["bases"]
    b7c = next(b for b in bases if b["code"] == "b7c")
    assert b7c["marker"] == "[REDACTED (b)(7)(C)]" and b7c["cells_withheld"] == 724
    assert b7c["translations"]["es"]["label"].startswith("Exención 7(C)")


def test_the_release_list_is_split_into_files_that_name_the_next(monkeypatch):
    monkeypatch.setattr(api, "PAGE_ENTRIES", 2)
    room = load_room(RoomConfig.at(REPO))
    bundles = {release.id: release_bundle(room, release, BuildCache(None))[1] for release in room.published}
    written = api.api_files(room, Site.release_bases, dataset_downloads, bundles)
    files = {f.path: json.loads(f.content) for f in written}
    listed = [*room.published, *room.withdrawn]
    chain, name = [], "api/releases.json"
    while name is not None:
        chain.append(name)
        assert len(files[name]["releases"]) <= 2 and files[name]["total"] == len(listed)
        name = files[name]["next"]
    assert chain[1] == "api/releases-2.json" and len(chain) == -(-len(listed) // 2)
    assert [r["id"] for n in chain for r in files[n]["releases"]] == [r.id for r in listed]


def test_the_gate_reads_an_api_file_and_finds_an_identifier_planted_in_it(site_room, tmp_path):
    def plant(text: str) -> str:
        data = json.loads(text)
        data["summary"] = "Write to someone@example.org"
        # The @ written as a JSON escape: found only by a reader that decodes the JSON, as the gate does.
        return json.dumps(data).replace("@", "\\u0040")

    outcome = gate_after_edit(site_room.root, tmp_path / "site", "api/releases/test-release.json", plant)
    assert outcome.returncode == 1
    assert "api/releases/test-release.json: file: [altered-download] differs from the file the build produced" in (
        outcome.stderr
    )
    assert "api/releases/test-release.json: file text: [personal-identifier] email" in outcome.stderr
    assert "someone@example.org" not in outcome.stderr
