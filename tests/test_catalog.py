"""The DCAT-US 1.1 catalogue (/data.json): valid against the committed schema, listing every published dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from sitebuild import gate_after_edit

from generator import urls
from generator.config import RoomConfig
from generator.room import load_room

# DCAT-US 1.1's non-federal profile (tests/schemas/dcat-us-1.1/README.md says where it comes from): the
# federal one requires a mailto: contact, which the gate refuses as a personal identifier.
SCHEMAS = Path(__file__).parent / "schemas" / "dcat-us-1.1" / "non-federal"


def validator() -> Draft4Validator:
    """The catalogue schema with its references resolved from the committed files only (never the network)."""
    contents = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMAS.glob("*.json"))]
    registry = Registry().with_resources(
        (schema["id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT4)) for schema in contents
    )
    root = next(schema for schema in contents if schema["id"].endswith("/catalog.json#"))
    return Draft4Validator(root, registry=registry)


@pytest.fixture(scope="module")
def data(sample_site: Path) -> dict:
    return json.loads((sample_site / "data.json").read_text(encoding="utf-8"))


def test_the_catalogue_is_valid_dcat_us(data):
    errors = sorted(validator().iter_errors(data), key=lambda error: list(error.absolute_path))
    assert errors == [], [(list(error.absolute_path), error.message) for error in errors]


def test_the_schema_check_is_not_vacuous(data):
    broken = json.loads(json.dumps(data))
    del broken["dataset"][0]["publisher"]
    broken["dataset"][1]["accessLevel"] = "open"
    paths = {tuple(error.absolute_path) for error in validator().iter_errors(broken)}
    assert ("dataset", 0) in paths and ("dataset", 1, "accessLevel") in paths


def test_every_published_dataset_and_document_set_is_listed_with_files_the_site_has(data, sample_site):
    room = load_room(RoomConfig.at(REPO))
    expected = {urls.permanent("", urls.explore(r.id, d.spec.name)) for r in room.published for d in r.datasets}
    expected |= {
        urls.permanent("", urls.release(r.id)) + "#release-documents"
        for r in room.published
        if any(d.file is not None for d in r.documents)
    }
    assert {entry["identifier"] for entry in data["dataset"]} == expected
    for entry in data["dataset"]:
        assert entry["accessLevel"] == "public" and entry["license"].startswith("https://")
        assert "hasEmail" not in entry["contactPoint"]
        for distribution in entry["distribution"]:
            assert (sample_site / distribution["downloadURL"].lstrip("/")).is_file(), distribution["downloadURL"]


def test_the_gate_finds_an_identifier_planted_in_the_catalogue(site_room, tmp_path):
    def plant(text: str) -> str:
        data = json.loads(text)
        data["dataset"][0]["description"] = "SSN 123-45-6789"
        return json.dumps(data).replace("-", "\\u002d")

    outcome = gate_after_edit(site_room.root, tmp_path / "site", "data.json", plant)
    assert outcome.returncode == 1
    assert "data.json: file text: [personal-identifier] ssn" in outcome.stderr
    assert "123-45-6789" not in outcome.stderr
