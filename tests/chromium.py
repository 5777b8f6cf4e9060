"""Debian's Chromium for the browser tests: where it is, how it is launched, and skipping without it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> ModuleType:
    """Playwright's sync API; the calling test module is skipped without Chromium (an error in CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


AXE = Path(__file__).parent / "a11y/node_modules/axe-core/axe.min.js"


def axe_script() -> str:
    """axe-core (installed by `npm ci --prefix tests/a11y`); the test is skipped without it (an error in CI)."""
    if not AXE.exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must install axe-core (npm ci --prefix tests/a11y, see .ci/run)")
        pytest.skip("axe-core is not installed (npm ci --prefix tests/a11y)")
    return AXE.read_text(encoding="utf-8")
