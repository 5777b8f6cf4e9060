"""Files that must stay private: an unredacted export, the withheld-values file.

They live on the maintainer's machine, never where a build publishes or git commits: outside
`site/`, and outside any git work tree unless git ignores them (and does not already track them).
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class NotPrivate(ValueError):
    """A private file is somewhere it could be published or committed."""


def refuse_unless_private(path: Path, root: Path, what: str) -> None:
    """Raise NotPrivate when ``path`` (``what`` names it in the message) lies in site/ or where git would commit it."""
    target = path.resolve()
    if target.is_relative_to((root / "site").resolve()):
        raise NotPrivate(f"{path}: the {what} must never be inside site/")
    folder = target.parent if target.parent.exists() else root
    if _git(folder, "rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        return
    tracked = _git(folder, "ls-files", "--error-unmatch", str(target)).returncode == 0
    ignored = _git(folder, "check-ignore", "-q", str(target)).returncode == 0
    if tracked or not ignored:
        raise NotPrivate(
            f"{path}: the {what} is inside a git repository where it could be committed; "
            "keep it outside the repository (or where .gitignore excludes it)"
        )


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Arguments are our own and paths; no shell is involved.
    command = ["git", "-C", str(folder), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
