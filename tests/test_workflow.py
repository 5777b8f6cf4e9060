"""The publishing workflow: pinned, least-privilege, and clean under zizmor."""

from __future__ import annotations

import re
import shutil
import subprocess

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github/workflows/publish.yml"


def test_zizmor_finds_nothing():
    zizmor = shutil.which("zizmor")
    assert zizmor, "zizmor is installed by requirements-dev.txt"
    result = subprocess.run([zizmor, "--offline", str(REPO / ".github")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_full_commit():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text())
    assert uses
    assert [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u)] == []


def test_triggers_permissions_and_separate_deploy():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as True
    assert triggers["release"]["types"] == ["published"] and "workflow_dispatch" in triggers
    # Embargoes lift by the real clock: a daily run publishes what has come due.
    assert [entry["cron"].split()[2:] for entry in triggers["schedule"]] == [["*", "*", "*"]]
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert "python -m pytest" in runs and "mkdocs build --strict" in runs
