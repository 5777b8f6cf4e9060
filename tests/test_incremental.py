"""Incremental builds: what comes from the build cache is what a cold build makes, byte for byte, and
nothing that changed (a release, its data, the withheld-values file) is taken from it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sitebuild import mkdocs_build

from generator import cache
from generator.languages import LANGUAGES
from generator.synth import write_room

CACHE = ".cache/reading-room"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def reused(result) -> int:
    found = re.search(r"build cache \S+: (\d+) entries reused", result.stderr)
    assert found, result.stderr[-2000:]
    return int(found.group(1))


def unchanged(result) -> int:
    """Files the gate did not read again: unchanged since a clean run."""
    found = re.search(r"checked \d+ files \((\d+) unchanged since a clean run", result.stderr)
    return int(found.group(1)) if found else 0


def build(root: Path, site: Path, **kwargs):
    result = mkdocs_build(root, site, **kwargs)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_a_warm_build_is_byte_identical_to_a_cold_one_and_reads_only_what_changed(tmp_path):
    root = tmp_path / "room"
    write_room(root, 6, 50, 2, Path("mkdocs.yml").resolve())
    cold = build(root, tmp_path / "cold")
    assert reused(cold) == 0
    warm = build(root, tmp_path / "warm")
    # Each release: loaded and checked, its pages and downloads rendered (once per language), its zip, its
    # downloads' gate verdict; and the gate's verdicts on every other file.
    assert reused(warm) == 6 * (3 + len(LANGUAGES)) + 1
    assert unchanged(warm) > 50
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")
    # A warm build keeps what it reused, the datasets' files and the zips included: the next one reuses it all.
    assert len(list((root / CACHE / "files").iterdir())) == 6 * 2
    assert reused(build(root, tmp_path / "warm-again")) == 6 * (3 + len(LANGUAGES)) + 1

    release = root / "releases/synthetic-000003/release.yml"
    release.write_text(release.read_text().replace("Synthetic release 3", "Synthetic release three"))
    changed = build(root, tmp_path / "changed")
    assert reused(changed) == 5 * (3 + len(LANGUAGES)) + 1
    assert 0 < unchanged(changed) < unchanged(warm)  # the changed release's page and search records are read
    shutil.rmtree(root / CACHE)
    fresh = build(root, tmp_path / "fresh")
    assert reused(fresh) == 0
    assert tree(tmp_path / "changed") == tree(tmp_path / "fresh")
    assert b"Synthetic release three" in (tmp_path / "fresh/releases/synthetic-000003/index.html").read_bytes()


def test_a_change_that_breaks_a_cached_release_fails_the_build(tmp_path):
    root = tmp_path / "room"
    write_room(root, 2, 30, 1, Path("mkdocs.yml").resolve())
    build(root, tmp_path / "cold")
    data = root / "releases/synthetic-000001/cases.csv"
    # Row 2 is acquitted: its name must be withheld. Put it back.
    data.write_text(data.read_text().replace("[REDACTED (b)(6)]", "Synthetic Person 0000002", 1))
    result = mkdocs_build(root, tmp_path / "warm")
    assert result.returncode != 0
    assert "RR5" in result.stderr and not (tmp_path / "warm").exists()


def test_a_new_withheld_values_file_is_checked_against_cached_releases(tmp_path):
    root = tmp_path / "room"
    write_room(root, 2, 30, 1, Path("mkdocs.yml").resolve())
    build(root, tmp_path / "cold")
    values = tmp_path / "withheld.json"
    # A value released in the published CSVs, as if it had been withheld: the proof must find it.
    values.write_text('{"synthetic-000000/cases": ["Synthetic Person 0000003"]}')
    result = mkdocs_build(root, tmp_path / "warm", env={"READING_ROOM_WITHHELD_VALUES": str(values)})
    assert result.returncode != 0
    assert "releases/synthetic-000000/cases.csv: row 3, column 'defendant': [withheld-value]" in result.stderr


def test_the_cache_can_be_turned_off_and_may_not_be_published(tmp_path):
    root = tmp_path / "room"
    write_room(root, 1, 10, 1, Path("mkdocs.yml").resolve())
    config = root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("  - reading-room\n", '  - reading-room:\n      cache_dir: ""\n'))
    result = build(root, tmp_path / "site")
    assert "build cache" not in result.stderr and not (root / ".cache").exists()
    config.write_text(text.replace("  - reading-room\n", "  - reading-room:\n      cache_dir: content/cache\n"))
    refused = mkdocs_build(root, tmp_path / "site2")
    assert refused.returncode != 0
    assert "cache_dir is inside the docs (content) folder" in refused.stderr


def test_a_page_changed_since_a_clean_run_is_read_again(tmp_path):
    root = tmp_path / "room"
    write_room(root, 2, 10, 1, Path("mkdocs.yml").resolve())
    build(root, tmp_path / "cold")
    about = root / "content/about.md"
    about.write_text(about.read_text() + "\nCall 202-555-0143 about the records.\n")
    result = mkdocs_build(root, tmp_path / "warm")
    assert result.returncode != 0
    assert "about/index.html: page text: [personal-identifier] phone" in result.stderr


def test_every_kind_of_file_in_the_generator_counts_towards_its_code_digest():
    # A file left out (a translation catalogue, once) would let a warm build reuse pages rendered before it changed.
    package = Path(cache.__file__).parent
    kinds = {path.suffix for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert kinds and kinds <= set(cache._CODE_SUFFIXES)


def test_two_cold_builds_in_separate_processes_are_byte_identical(site_room, tmp_path):
    # Separate processes: nothing (a hash seed, a plotting library's state, a zip's clock) carries over.
    first = mkdocs_build(site_room.root, tmp_path / "first", isolated=True)
    assert first.returncode == 0, first.stderr[-2000:]
    shutil.rmtree(site_room.root / CACHE)
    second = mkdocs_build(site_room.root, tmp_path / "second", isolated=True, env={"PYTHONHASHSEED": "12345"})
    assert second.returncode == 0, second.stderr[-2000:]
    built = tree(tmp_path / "first")
    assert built == tree(tmp_path / "second")
    # What this covers: the new kinds of file are there.
    suffixes = {Path(name).suffix for name in built}
    assert {".zip", ".xlsx", ".svg", ".xml", ".json"} <= suffixes
