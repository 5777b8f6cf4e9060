"""The synthetic room generator: valid content in the normal format, the same for the same arguments."""

from __future__ import annotations

from conftest import REPO
from sitebuild import mkdocs_build

from generator.synth import main, write_room


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_scaled_down_room_builds_and_passes_the_gate(tmp_path):
    root = tmp_path / "room"
    write_room(root, releases=12, rows=40, opinions=3, config=REPO / "mkdocs.yml")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Publishing gate: checked" in result.stderr and ", 0 findings." in result.stderr
    pages = sorted(p.parent.name for p in (tmp_path / "site/releases").glob("synthetic-*/index.html"))
    assert len(pages) == 12
    csv = (tmp_path / "site/releases/synthetic-000000/cases.csv").read_text(encoding="utf-8")
    assert csv.count("[REDACTED (b)(6)]") == 14  # rows 1, 4, ..., 40 are acquitted


def test_the_same_arguments_write_the_same_room(tmp_path, capsys):
    arguments = ["--releases", "3", "--rows", "10", "--opinions", "2", "--config", str(REPO / "mkdocs.yml")]
    assert main([str(tmp_path / "a"), *arguments]) == 0
    assert main([str(tmp_path / "b"), *arguments]) == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert "Wrote 3 releases of 10 rows and 2 opinions" in capsys.readouterr().out
