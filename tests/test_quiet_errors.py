"""Content errors never echo content: a sentinel put in every key, value and free text never reaches the log.

CI logs of public repositories are public, and a maintainer may paste data where a key or a
code belongs. Each scenario breaks the fixture room in several ways at once with the sentinel
and runs `python -m generator validate` as CI would.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

SENTINEL = "ZZSECRET42"
RELEASE = "releases/test-release/release.yml"
CSV = "releases/test-release/people.csv"
OPINION = "content/opinions/test-opinion.md"

# Each scenario: edits (file, old, new) and how many errors at least it must report.
SCENARIOS = {
    "schema values": (
        [
            (RELEASE, "agency: Test Agency", f"agency: Test Agency\n{SENTINEL}: x"),
            (RELEASE, "id: test-release", f"id: {SENTINEL} x"),
            (RELEASE, "status: approved", f"status: {SENTINEL}"),
            (RELEASE, "release_date: 2020-01-02", f"release_date: {SENTINEL}"),
            (RELEASE, "title: Test release", f'title: "{SENTINEL}\\a"'),
            (RELEASE, "{name: person_id, type: integer", f"{{name: person_id, type: {SENTINEL}, {SENTINEL}x: 1"),
            (RELEASE, "{name: full_name, type: string", f"{{name: '{SENTINEL} x', type: string"),
            (
                RELEASE,
                "withholding:",
                f"withholding:\n      - {{column: full_name, basis: b6, authority: '{SENTINEL}'}}",
            ),
            (
                RELEASE,
                "synthetic: true",
                f"synthetic: {SENTINEL}\napprovals:\n  - {{dataset: '{SENTINEL}', row: "
                f"{SENTINEL}, column: '{SENTINEL}!', kind: {SENTINEL}, reason: '{SENTINEL}'}}",
            ),
            (OPINION, 'judge: "Judge Test"', f'judge: "Judge Test"\n{SENTINEL}: 1\nsource_url: "http://{SENTINEL}"'),
            (OPINION, "related_releases: [test-release]", f"related_releases: ['{SENTINEL}']"),
            (OPINION, 'outcome: "Granted in part."', f'outcome: "\\u200b\\u00ad"\ndate_note: "{SENTINEL}\\x1b"'),
        ],
        14,
    ),
    "columns": (
        [
            (
                RELEASE,
                "        - {name: outcome",
                f"        - {{name: {SENTINEL}a, type: string, title: X, description: X.}}\n        - {{name: outcome",
            ),
            (CSV, "person_id,full_name,outcome\n", f"person_id,full_name,outcome,{SENTINEL}b\n"),
            (CSV, "Alpha Person,convicted", "Alpha Person,convicted,"),
            (CSV, "(b)(6)],acquitted", "(b)(6)],acquitted,"),
            (CSV, "Gamma Person,convicted", "Gamma Person,convicted,"),
        ],
        2,
    ),
    "rules": (
        [
            (RELEASE, "basis: b6", f"basis: {SENTINEL}"),
            (RELEASE, "column: full_name", f"column: {SENTINEL}"),
            (RELEASE, "{column: outcome, in: [acquitted]}", f"{{column: {SENTINEL}, in: [{SENTINEL}]}}"),
        ],
        3,
    ),
    "references": (
        [
            (RELEASE, "authority: test-opinion", f"authority: {SENTINEL.lower()}"),
            (
                RELEASE,
                "(opinion:test-opinion)",
                f"(release:{SENTINEL.lower()}) [x](opinion:{SENTINEL}) [y](basis:{SENTINEL})",
            ),
            (
                RELEASE,
                "datasets:",
                f"approvals:\n  - {{dataset: {SENTINEL.lower()}, row: 1, column: x, kind: email, "
                "reason: A long enough reason.}\n  - {dataset: people, row: 1, column: "
                f"{SENTINEL}, kind: email, reason: A long enough reason.}}\ndatasets:",
            ),
            (OPINION, "bases: [b6]", f"bases: [b6, {SENTINEL}]"),
            (OPINION, "related_releases: [test-release]", f"related_releases: [test-release, {SENTINEL.lower()}]"),
            (OPINION, "(release:test-release)", f"(opinion:{SENTINEL.lower()})"),
        ],
        8,
    ),
    "file and cells": (
        [
            (RELEASE, "file: people.csv", f"file: {SENTINEL}.csv"),
            (RELEASE, "id: test-release", f"id: {SENTINEL.lower()}"),
        ],
        2,
    ),
    "cell types": ([(CSV, "\n1,", f"\n{SENTINEL},")], 1),
    "yaml syntax": (
        [
            (RELEASE, "title: Test release", f"title: Test release\n{SENTINEL}: 1\n{SENTINEL}: 2"),
            (OPINION, 'judge: "Judge Test"', f'judge: !{SENTINEL} "Judge Test"'),
        ],
        2,
    ),
    "yaml aliases": (
        [
            (RELEASE, "title: Test release", f"title: *{SENTINEL}"),
            (OPINION, 'judge: "Judge Test"', f'judge: "\\q{SENTINEL}"'),
        ],
        2,
    ),
}


def validate(root) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "validate"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_errors_never_echo_content(room, scenario):
    edits, at_least = SCENARIOS[scenario]
    for file, old, new in edits:
        room.edit(file, old, new)
    result = validate(room.root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(lines) >= at_least, output
    assert SENTINEL.lower() not in output.lower(), output


def test_errors_in_yaml_name_the_line_and_position(room):
    room.edit(RELEASE, "{name: outcome, type: string", f"{{name: outcome, type: string, {SENTINEL}: 1")
    room.edit(RELEASE, "basis: b6", f"basis: {SENTINEL}")
    result = validate(room.root)
    assert (
        f"{RELEASE}: line 23, datasets[0].schema.fields[2]: an unknown key (fix: remove it or check the "
        "spelling; the keys allowed here are name, type, title, description, constraints)"
    ) in result.stderr
    assert SENTINEL not in result.stderr
