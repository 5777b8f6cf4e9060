"""`python -m generator validate` as a maintainer runs it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO


def run(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_validate_sample_content_is_clean():
    result = run("validate", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert (
        "OK: 5 releases (5 published), 3 opinion summaries, no content errors; a build into a temporary folder "
        "passed the publishing gate." in result.stdout
    )


def test_validate_reports_every_error_and_exits_nonzero(room):
    room.edit("releases/test-release/release.yml", "basis: b6", "basis: nope")
    room.edit("content/opinions/test-opinion.md", 'judge: "Judge Test"\n', "")
    result = run("validate", cwd=room.root)
    assert result.returncode == 1
    assert "2 content error(s); nothing was published:" in result.stderr
    assert (
        "releases/test-release/release.yml: line 25, datasets[0].withholding[0]: withholding rule 1: the basis is "
        "not a code from the bases catalogue" in result.stderr
    )
    assert "content/opinions/test-opinion.md: line 2, front matter: judge: required field is missing" in result.stderr


@pytest.mark.parametrize("target", ["root", "parent", "empty", "no-index"])
def test_check_refuses_a_folder_that_is_not_a_built_site(room, tmp_path, target):
    """A failed gate removes the folder it checked: a mistyped path must never remove a checkout."""
    folders = {
        "root": room.root,
        "parent": room.root.parent,
        "empty": tmp_path / "empty",
        "no-index": tmp_path / "no-index",
    }
    folder = folders[target]
    folder.mkdir(exist_ok=True)
    (tmp_path / "no-index" / "notes.txt").parent.mkdir(exist_ok=True)
    (tmp_path / "no-index" / "notes.txt").write_text("SSN 123-45-6789")
    result = run("--root", str(room.root), "check", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert "refused:" in result.stderr and "nothing was checked or removed" in result.stderr
    assert folder.is_dir() and (room.root / "releases").is_dir()
