"""`python -m generator validate` means "the build will pass": it and `mkdocs build` agree on every fixture."""

from __future__ import annotations

import pytest
from sitebuild import QUIET, mkdocs_build

from generator.cli import main

RELEASE = "releases/test-release/release.yml"
CSV = "releases/test-release/people.csv"
# Each changes the fixture room in one way a maintainer might; the build and validate must agree on it.
CHANGES = {
    "clean": lambda room: None,
    "a content error": lambda room: room.edit(RELEASE, "summary: |\n", "summary: |\n  <script>x</script>\n"),
    "an identifier only the gate finds": lambda room: room.edit(
        RELEASE, "summary: |\n", "summary: |\n  Call 202-555-0143 for the file.\n"
    ),
    "an identifier in a released cell": lambda room: room.write(
        CSV, "person_id,full_name,outcome\n1,SSN 123-45-6789,convicted\n2,[REDACTED (b)(6)],acquitted\n"
    ),
    "a raw export beside the release": lambda room: room.write("releases/test-release/raw.csv", "a\n1\n"),
    "a hostile hand-written page": lambda room: room.write("content/about.md", "# About\n\n[x](javascript:x)\n"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_validate_and_the_build_agree(site_room, tmp_path, monkeypatch, capsys, change):
    CHANGES[change](site_room)
    for name, value in QUIET.items():
        monkeypatch.setenv(name, value)
    validated = main(["--root", str(site_room.root), "validate"])
    built = mkdocs_build(site_room.root, tmp_path / "site").returncode
    assert (validated == 0) == (built == 0), capsys.readouterr()
    assert validated == (0 if change == "clean" else 1)


def test_validate_says_what_it_ran(site_room, capsys, monkeypatch):
    for name, value in QUIET.items():
        monkeypatch.setenv(name, value)
    assert main(["--root", str(site_room.root), "validate"]) == 0
    assert "a build into a temporary folder passed the publishing gate" in capsys.readouterr().out
    assert main(["--root", str(site_room.root), "validate", "--content-only"]) == 0
    assert "the site was not built and the gate not run" in capsys.readouterr().out
