"""Staging and promotion: nothing is written where a person could publish it until the gate passed.

A build writes into a private staging folder beside the site folder (same file system, so the
final rename is atomic). The site folder itself is removed when the build starts, so a build
that fails for any reason (content error, gate finding, crash, interrupt) leaves no site
folder at all, never a stale or partial one. Only a gated tree is renamed into place.
"""

from __future__ import annotations

import atexit
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

STAGING_PREFIX = ".reading-room-staging-"


class UnsafeSiteDir(ValueError):
    """The configured site folder is somewhere a build must not write."""


def refuse_unsafe_site_dir(site_dir: Path, protected: dict[str, Path]) -> None:
    """A site folder that is a symlink, or lies inside an input folder, is refused."""
    if site_dir.is_symlink():
        raise UnsafeSiteDir(
            f"{site_dir}: the site folder is a symbolic link, so a build could write or leave "
            "files elsewhere; the link was removed (not what it points to): build again"
        )
    if site_dir.exists() and not site_dir.is_dir():
        raise UnsafeSiteDir(f"{site_dir}: the site folder is a file; set site_dir to a folder, e.g. site")
    resolved = site_dir.resolve()
    for name, folder in sorted(protected.items()):
        inputs = folder.resolve()
        if resolved == inputs or resolved.is_relative_to(inputs) or inputs.is_relative_to(resolved):
            raise UnsafeSiteDir(
                f"{site_dir}: the site folder overlaps the {name} folder; set site_dir in "
                "mkdocs.yml to a folder outside it, e.g. site"
            )


@dataclass
class Staging:
    """One build's staging folder for one site folder."""

    site_dir: Path
    folder: Path
    # Whether this build turned SIGTERM into an exit (and must put the default back when it is over).
    handles_terminate: bool = field(default=False, repr=False)

    @classmethod
    def begin(cls, site_dir: Path) -> Staging:
        """Remove the old site and any staging left by an interrupted build; create a fresh staging folder."""
        parent = site_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        for leftover in parent.glob(f"{STAGING_PREFIX}{site_dir.name}-*"):
            remove_tree(leftover)
        remove_tree(site_dir)
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{site_dir.name}-", dir=parent))
        staging = cls(site_dir, folder)
        # An interrupt (Ctrl-C, SystemExit) skips the engine's error events; this still runs.
        atexit.register(staging.discard)
        staging._exit_on_terminate()
        return staging

    def _exit_on_terminate(self) -> None:
        """A SIGTERM (a cancelled CI job, `kill`) ends the process without exit handlers unless it is turned
        into an exit: then the staging folder is removed like on an interrupt. Only where Python allows a
        handler (the main thread) and only over the default one, never over a handler someone else set."""
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _exit_on_signal)
            self.handles_terminate = True

    def _restore_terminate(self) -> None:
        if self.handles_terminate and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            self.handles_terminate = False

    def promote(self) -> None:
        """Put the gated tree in place of the site folder with one atomic rename."""
        remove_tree(self.site_dir)
        self.folder.chmod(0o755)  # mkdtemp made it private; a site is read by web servers and uploaders
        self.folder.rename(self.site_dir)
        atexit.unregister(self.discard)
        self._restore_terminate()

    def discard(self) -> None:
        """After any failure: no staging folder and no site folder remain."""
        remove_tree(self.folder)
        remove_tree(self.site_dir)
        atexit.unregister(self.discard)
        self._restore_terminate()


def _exit_on_signal(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


def remove_tree(path: Path) -> None:
    """Remove a folder, a file or a link (never what a link points to); raise if it could not be removed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
    if path.exists() or path.is_symlink():
        raise OSError(f"{path}: could not be removed; delete it by hand before publishing anything")
