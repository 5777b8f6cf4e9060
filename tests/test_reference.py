"""The format reference and the JSON Schemas are generated from the models and kept current."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import REPO
from jsonschema import Draft202012Validator

from generator import reference
from generator.errors import ErrorLog
from generator.frontmatter import split_front_matter

MODELINE = "# yaml-language-server: $schema=../../schemas/release.schema.json\n"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_readme_and_schemas_match_the_models():
    assert reference.stale(REPO) == [], "run `python -m generator reference` and commit the result"


def test_a_changed_description_makes_the_readme_stale(tmp_path, monkeypatch):
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    assert reference.stale(tmp_path) == []
    monkeypatch.setitem(reference.NOTES, "release", "a note the README does not have")
    assert reference.stale(tmp_path) == [tmp_path / "README.md"]
    assert reference.write(tmp_path) == [tmp_path / "README.md"] and reference.stale(tmp_path) == []


@pytest.mark.parametrize("path", sorted((REPO / "releases").glob("*/release.yml")), ids=lambda p: p.parent.name)
def test_every_sample_release_names_and_passes_its_schema(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(MODELINE)
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))  # dates as the text they were written as
    assert list(validator("release.schema.json").iter_errors(data)) == []


@pytest.mark.parametrize("path", sorted((REPO / "content/opinions").glob("*.md")), ids=lambda p: p.stem)
def test_every_sample_opinion_passes_its_schema(path):
    front = split_front_matter(path, path.read_text(encoding="utf-8"), ErrorLog(REPO))
    assert front is not None and front.data is not None
    data = json.loads(json.dumps(front.data, default=str))  # dates as the YYYY-MM-DD text they were written as
    assert list(validator("opinion.schema.json").iter_errors(data)) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r.update(titel="typo"), ""),
        (lambda r: r["approval"].update(status="approvd"), "approval.status"),
        (lambda r: r["datasets"][0].update(name="Not A Slug"), "datasets.0.name"),
        (lambda r: r.pop("agency"), ""),
    ],
)
def test_the_schema_catches_what_an_editor_should_underline(change, where):
    data = yaml.safe_load((REPO / "releases/lions-terrorism-cases/release.yml").read_text(encoding="utf-8"))
    change(data)
    errors = list(validator("release.schema.json").iter_errors(json.loads(json.dumps(data, default=str))))
    assert errors and ".".join(map(str, errors[0].absolute_path)) == where
