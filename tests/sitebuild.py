"""Building a real site with `mkdocs build`, as CI and maintainers do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1763769600"}


def mkdocs_build(
    root: Path, site: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(
        [*command, *extra],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **QUIET, **(env or {})},
    )
