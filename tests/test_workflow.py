"""The publishing workflow: pinned, least-privilege, and clean under zizmor."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github/workflows/publish.yml"
CHECK = REPO / ".github/workflows/check.yml"


def tool(name: str) -> str:
    """A tool requirements-dev.txt installs next to this Python, whether or not its folder is on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is installed by requirements-dev.txt"
    return found


def test_zizmor_finds_nothing():
    zizmor = tool("zizmor")
    result = subprocess.run([zizmor, "--offline", str(REPO / ".github")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_full_commit():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text() + CHECK.read_text())
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


def test_every_push_and_pull_request_is_checked_with_read_only_rights():
    workflow = yaml.safe_load(CHECK.read_text())
    assert set(workflow[True]) == {"push", "pull_request"}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in job["steps"]]
    for command in ("python -m generator validate", "nox -s lint", "nox -s coverage", "mkdocs build --strict"):
        assert command in runs


def test_the_build_knows_its_published_address():
    # Without site_url, sitemap.xml lists nothing: the build step sets SITE_URL, which mkdocs.yml reads.
    build = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]
    (step,) = [step for step in build["steps"] if "mkdocs build" in step.get("run", "")]
    assert step["env"]["SITE_URL"].startswith("https://${{ github.repository_owner }}.github.io/")
    assert "site_url: !ENV [SITE_URL]" in (REPO / "mkdocs.yml").read_text()


def test_the_pre_commit_hooks_are_valid_and_run_the_pinned_tools():
    pre_commit = tool("pre-commit")
    config = REPO / ".pre-commit-config.yaml"
    result = subprocess.run([pre_commit, "validate-config", str(config)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = [hook for repo in yaml.safe_load(config.read_text())["repos"] for hook in repo["hooks"]]
    assert {hook["language"] for hook in hooks} == {"system"}  # the pinned tools, offline
    assert {hook["entry"].split()[0] for hook in hooks} >= {"ruff", "mypy", "zizmor", "python"}
