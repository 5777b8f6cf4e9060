"""Building a real site with `mkdocs build --strict`, as CI and maintainers do.

By default the build runs in this process, through MkDocs' own command line (click's test runner
captures its log as the terminal would show it): a second Python process costs more than most
fixture builds. ``isolated=True`` runs it as a subprocess, for what only a separate process shows
(exit handlers, signals, a crash's own traceback).
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from contextlib import chdir, redirect_stderr, redirect_stdout
from pathlib import Path

from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs.commands import build

from generator.cli import main as generator_main

QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1763769600"}


def mkdocs_build(
    root: Path, site: Path, *extra: str, env: dict[str, str] | None = None, isolated: bool = False
) -> subprocess.CompletedProcess[str]:
    arguments = ["build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site), *extra]
    environment = {**QUIET, **(env or {})}
    if isolated:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *arguments],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **environment},
        )
    # Each run of MkDocs' command line adds a log handler and a filter that drops messages it has seen
    # before, as if every build were a new process: both are put back afterwards, so none sees another.
    handlers, filters = logging.getLogger("mkdocs").handlers[:], build.log.filters[:]
    try:
        with chdir(root):
            result = CliRunner().invoke(cli, arguments, env=environment)
    finally:
        logging.getLogger("mkdocs").handlers[:], build.log.filters[:] = handlers, filters
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What the terminal shows when the build crashes: the traceback, as a separate process prints it.
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(arguments, result.exit_code, result.stdout, stderr)


def run_generator(root: Path, *arguments: str, isolated: bool = False) -> subprocess.CompletedProcess[str]:
    """`python -m generator --root ROOT ...`, with what it prints: in this process unless ``isolated``."""
    command = ["--root", str(root), *arguments]
    if isolated:
        return subprocess.run(
            [sys.executable, "-m", "generator", *command], capture_output=True, text=True, check=False
        )
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = generator_main(command)
    return subprocess.CompletedProcess(command, code, stdout.getvalue(), stderr.getvalue())


def gate_check(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator --root ROOT check SITE`, in this process."""
    return run_generator(root, "check", str(site), *extra)


def gate_after_edit(
    root: Path, site: Path, relative: str, edit: Callable[[str], str]
) -> subprocess.CompletedProcess[str]:
    """Build the room, change the text of one built file with ``edit`` (which must change it: a plant that
    missed its place proves nothing), then run the gate alone on the site."""
    built = mkdocs_build(root, site)
    assert built.returncode == 0, built.stderr[-2000:]
    target = site / relative
    text = target.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text, f"the edit left {relative} as it was"
    target.write_text(edited, encoding="utf-8")
    return gate_check(root, site)


def redact(root: Path, raw: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator redact` of the fixture room's dataset (release test-release, dataset people)."""
    return run_generator(
        root, "redact", str(raw), "--release", "test-release", "--dataset", "people", "-o", str(output), *extra
    )


def marker_findings(room_root_loaded, site: Path) -> list[str]:
    """The withheld-markers rule's findings on a built site: each dataset read back, then the previews."""
    from generator.gate.datasets import read_back
    from generator.gate.markers import check_markers
    from generator.gate.sitefiles import SiteFiles

    files = SiteFiles(site)
    published = read_back(room_root_loaded, files, None)
    found = [f for read in published.values() for f in read.findings]
    return [str(f) for f in [*found, *check_markers(room_root_loaded, files, published)]]
