"""The README's "Adding a release" steps, replayed as written: from a raw spreadsheet to a published page."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO
from sitebuild import QUIET

README = (REPO / "README.md").read_text(encoding="utf-8")
RELEASE = "releases/city-inspections-2024"


def block(marker: str) -> str:
    """The fenced code block right after a `<!-- walkthrough:... -->` marker in the README."""
    found = re.search(rf"<!-- walkthrough:{re.escape(marker)} -->\n```\w*\n(.*?)```", README, re.DOTALL)
    assert found, f"the README has no walkthrough block {marker}"
    return found.group(1)


def commands() -> list[str]:
    """The README's commands, continuation lines joined, run with this test's Python (not whatever is on PATH)."""
    lines = block("commands").replace("\\\n", " ").splitlines()
    python = f"{sys.executable} -m"
    return [
        re.sub(r"\bmkdocs build\b", f"{python} mkdocs build", line.replace("python -m", python))
        for line in lines
        if line.strip()
    ]


def scripts() -> list[str]:
    """Each command as a shell session would run it: after the `export` lines that came before it."""
    exports: list[str] = []
    found = []
    for command in commands():
        found.append("; ".join([*exports, command]))
        if command.startswith("export "):
            exports.append(command)
    return found


def replay(room, home, first: int = 0) -> list[subprocess.CompletedProcess[str]]:
    """The README's commands from the ``first`` on, run by bash in the room as a maintainer would."""
    env = {**os.environ, **QUIET, "HOME": str(home)}
    return [
        subprocess.run(["bash", "-c", script], cwd=room.root, env=env, capture_output=True, text=True, check=False)
        for script in scripts()[first:]
    ]


def test_the_readme_walkthrough_publishes_a_release_without_a_detour(site_room, tmp_path):
    home = tmp_path / "home"
    (home / "private").mkdir(parents=True)
    shutil.copy(FIXTURES / "walkthrough/inspections-raw.csv", home / "private/inspections-raw.csv")
    site_room.write(f"{RELEASE}/release.yml", block("release.yml"))

    # As a draft: every step passes, and nothing of the release is published.
    redact, _export, validate, build = replay(site_room, home)
    assert redact.returncode == 0, redact.stderr
    assert redact.stdout.splitlines()[:3] == ["Withheld in 5 rows:", "  b6: 5 cells", "  b7c: 1 cells"]
    assert validate.returncode == 0, validate.stderr
    assert build.returncode == 0, build.stderr
    assert not (site_room.root / "site" / RELEASE).exists()

    # Approved: published, with every withheld cell marked and no withheld value anywhere.
    site_room.edit(f"{RELEASE}/release.yml", "status: draft", "status: approved")
    validate, build = replay(site_room, home, first=2)  # the data has not changed: no need to redact again
    assert validate.returncode == 0, validate.stderr
    assert build.returncode == 0, build.stderr
    assert "Withheld-values proof: none of" in build.stderr
    site = site_room.root / "site"
    rows = list(csv.DictReader(io.StringIO((site / RELEASE / "inspections.csv").read_text(encoding="utf-8"))))
    assert [row["complainant"] for row in rows] == ["[REDACTED (b)(6)]"] * 5
    assert [row["inspector"] for row in rows] == [
        "Ana Ruiz",
        "Ana Ruiz",
        "Lee Park",
        "[REDACTED (b)(7)(C)]",
        "Sam Okafor",
    ]
    published = "\n".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())
    assert "Jordan Example" not in published and "Dana Cole" not in published
    # The raw file and the values file stayed private.
    assert not list(site_room.root.rglob("inspections-raw.csv")) and not list(site_room.root.rglob("withheld-values*"))
