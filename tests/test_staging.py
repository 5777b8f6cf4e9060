"""Stage, gate, promote: a build that fails for any reason, at any point, leaves no site folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from sitebuild import QUIET, mkdocs_build

from generator.publishing import PREVIEW_VARIABLE
from generator.staging import STAGING_PREFIX

# A hook file MkDocs loads (mkdocs.yml `hooks:`); each case crashes the build at one event.
CRASHES = {
    "after static files are copied": "def on_env(env, config, files):\n    raise RuntimeError('crash')\n",
    "after some pages are written": "def on_post_page(output, page, config):\n"
    "    if page.file.src_uri.startswith('releases/'):\n"
    "        raise RuntimeError('crash')\n    return output\n",
    "before the gate": "def on_post_build(config):\n    raise RuntimeError('crash')\n",
    "by an interrupt": "def on_post_page(output, page, config):\n    raise KeyboardInterrupt\n",
    "in strict mode after the gate": "import logging\n"
    "from mkdocs.plugins import event_priority\n"
    "@event_priority(-50)\n"
    "def on_post_build(config):\n"
    "    logging.getLogger('mkdocs.hooks').warning('late warning')\n",
}


def _add_hook(room, source: str) -> None:
    room.write("hooks/crash.py", source)
    config = room.path("mkdocs.yml")
    config.write_text(config.read_text() + "\nhooks:\n  - hooks/crash.py\n")


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX))


def _stale_site(tmp_path):
    site = tmp_path / "site"
    (site / "releases").mkdir(parents=True)
    (site / "releases/stale.html").write_text("an earlier build")
    return site


@pytest.mark.parametrize("where", sorted(CRASHES))
def test_a_crash_leaves_no_site_and_no_staging(site_room, tmp_path, where):
    site = _stale_site(tmp_path)
    _add_hook(site_room, CRASHES[where])
    result = mkdocs_build(site_room.root, site, isolated=True)  # an interrupt ends the process
    assert result.returncode != 0, result.stderr
    assert not site.exists(), f"a build that crashed {where} left a site folder"
    assert _leftovers(tmp_path) == []


def test_a_content_error_removes_an_earlier_site(site_room, tmp_path):
    site = _stale_site(tmp_path)
    site_room.edit("releases/test-release/release.yml", "status: approved", "status: approvedd")
    result = mkdocs_build(site_room.root, site)
    assert result.returncode != 0
    assert not site.exists() and _leftovers(tmp_path) == []


def test_a_gate_finding_leaves_no_site(site_room, tmp_path):
    site = _stale_site(tmp_path)
    site_room.edit(
        "releases/test-release/release.yml",
        "description: Test people.",
        "description: Call (202) 555-0143 for details.",
    )
    result = mkdocs_build(site_room.root, site)
    assert result.returncode != 0
    assert not site.exists() and _leftovers(tmp_path) == []


def test_a_good_build_replaces_the_old_site_and_leaves_no_staging(site_room, tmp_path):
    site = _stale_site(tmp_path)
    result = mkdocs_build(site_room.root, site)
    assert result.returncode == 0, result.stderr
    assert (site / "releases/test-release/people.csv").is_file()
    assert not (site / "releases/stale.html").exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("epoch", ["4294967296", "99999999999", "-1", "1.5", "yesterday", "١٢٣"])
def test_an_unusable_source_date_epoch_is_an_error_not_a_traceback(site_room, tmp_path, epoch):
    site = _stale_site(tmp_path)
    result = mkdocs_build(site_room.root, site, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode != 0
    assert "SOURCE_DATE_EPOCH must be whole seconds" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()


def test_a_site_folder_that_is_a_symlink_is_refused_and_its_target_kept(site_room, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("not ours")
    site = tmp_path / "site"
    site.symlink_to(target)
    result = mkdocs_build(site_room.root, site)
    assert result.returncode != 0
    assert "the site folder is a symbolic link" in result.stderr
    assert (target / "keep.txt").read_text() == "not ours"
    assert not list(target.glob("**/*.html"))


@pytest.mark.parametrize("inside", ["content/site", "releases/site", "content"])
def test_a_site_folder_inside_an_input_folder_is_refused(site_room, inside):
    result = mkdocs_build(site_room.root, site_room.path(inside))
    assert result.returncode != 0
    # MkDocs itself refuses a site folder inside docs_dir; the plugin refuses the releases folder too.
    assert "the site folder overlaps the" in result.stderr or "Config value 'site_dir'" in result.stderr
    assert (site_room.path("content/about.md")).is_file()
    assert (site_room.path("releases/test-release/release.yml")).is_file()


@pytest.mark.parametrize(
    "hook",
    [
        "@event_priority(-200)\ndef on_post_build(config):\n    pass\n",
        "@event_priority(float('nan'))\ndef on_post_build(config):\n    pass\n",
        "def on_shutdown():\n    pass\n",
    ],
    ids=["lower-priority", "nan-priority", "shutdown"],
)
def test_a_plugin_that_would_write_after_the_gate_is_refused(site_room, tmp_path, hook):
    _add_hook(site_room, "from mkdocs.plugins import event_priority\n" + hook)
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "the publishing gate must run after every other plugin's post-build step" in result.stderr
    assert not (tmp_path / "site").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(room, url: str, env: dict[str, str] | None = None) -> str | None:
    """The page at ``url`` from `mkdocs serve` on loopback (None if it never answered); the server is stopped."""
    port = _free_port()
    command = ["serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f", str(room.path("mkdocs.yml"))]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *command],
        cwd=room.root,
        env={**os.environ, **QUIET, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(120):  # bounded: at most about a minute on a loaded machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{url}", timeout=2) as reply:
                    return str(reply.read().decode())
            except OSError:
                time.sleep(0.5)
        return None
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_mkdocs_serve_still_serves_the_gated_site(site_room):
    page = _serve(site_room, "releases/test-release/")
    assert page is not None and "people.csv" in page
    assert _leftovers(site_room.root) == []


def test_mkdocs_serve_previews_a_draft_under_its_banner_only_when_asked(site_room):
    site_room.edit("releases/test-release/release.yml", "status: approved", "status: draft")
    site_room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "the release")
    page = _serve(site_room, "releases/test-release/", env={PREVIEW_VARIABLE: "1"})
    assert page is not None and "DRAFT: not published." in page and "rr-unpublished" in page


def test_a_site_folder_that_is_a_file_is_refused_and_kept(site_room, tmp_path):
    notes = tmp_path / "NOTES.txt"
    notes.write_text("mine")
    result = mkdocs_build(site_room.root, notes)
    assert result.returncode != 0
    assert "the site folder is a file" in result.stderr
    assert notes.read_text() == "mine"


def test_the_promoted_site_is_readable_by_others(site_room, tmp_path):
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755


def test_a_build_stopped_by_sigterm_leaves_no_site_and_no_staging(site_room, tmp_path):
    # A cancelled CI job sends SIGTERM: the build must clean up as on an interrupt.
    started = tmp_path / "started"
    _add_hook(
        site_room,
        "import time\nfrom pathlib import Path\n"
        "def on_post_page(output, page, config):\n"
        f"    Path({str(started)!r}).touch()\n    time.sleep(60)\n    return output\n",
    )
    site = _stale_site(tmp_path)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(site_room.path("mkdocs.yml")), "-d", str(site)]
    build = subprocess.Popen(command, cwd=site_room.root, env={**os.environ, **QUIET}, stderr=subprocess.PIPE)
    try:
        for _ in range(240):  # bounded: the first page is written within seconds
            if started.exists():
                break
            time.sleep(0.25)
        assert started.exists() and _leftovers(tmp_path) != []  # mid-build, staging in place
        build.terminate()
        assert build.wait(timeout=30) != 0
    finally:
        build.kill()
    assert _leftovers(tmp_path) == [] and not site.exists()
