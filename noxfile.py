"""Tasks, run in the current environment (`pip install -r requirements-dev.txt` first): `nox -s test`.

Sessions reuse the installed, pinned tools instead of creating virtualenvs, so they work offline.
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "none"
nox.options.sessions = ["lint", "test"]
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format), mypy in strict mode, and zizmor on the workflows."""
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("zizmor", "--offline", ".github/")


@nox.session
def test(session: nox.Session) -> None:
    """The test suite (pass pytest arguments after --)."""
    session.run("python", "-m", "pytest", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def coverage(session: nox.Session) -> None:
    """The test suite with branch coverage of generator/, subprocesses included; fails under 90%."""
    session.run("python", "-m", "pytest", "--cov", "--cov-report=term", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def docs(session: nox.Session) -> None:
    """Validate the content, then build the reading room into site/ (gate included)."""
    session.run("python", "-m", "generator", "validate", env=QUIET_MKDOCS)
    session.run("mkdocs", "build", "--strict", env=QUIET_MKDOCS)


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmarks in bench/ (measured, never asserted)."""
    session.run("python", "bench/bounded_preview.py", env=QUIET_MKDOCS)
    session.run("python", "bench/build_scaling.py", env=QUIET_MKDOCS)
