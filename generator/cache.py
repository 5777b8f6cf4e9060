"""The build cache: what an unchanged release needs from an earlier build, found by a digest of
everything it depends on, so a rebuild reads, checks, renders and gates only what changed.

An entry's key is a SHA-256 over the generator's own code and templates (and the versions of the
libraries that shape output), the release's files byte for byte, and whatever else the entry
depends on (the opinions that cite it, its publication state, the withheld-values file, ...).
Equal keys give equal results, so a warm build is byte-identical to a cold one.

The cache lives outside the site and the tracked files (``.cache/reading-room/`` by default,
git-ignored) and is trusted local state, like the site folder itself: entries are pickles, so a
person who can write there can run code, as one who can write the generator's code can. The
publishing workflow builds cold, with no cache, so what it publishes was read and gated whole.
Entries a build did not use are removed when it succeeds, so the cache holds one build's worth.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.metadata
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

# Libraries whose version changes what a build writes.
_LIBRARIES = (
    *("mkdocs", "mkdocs-material", "markdown", "pyarrow", "pagefind-bin", "Jinja2", "babel"),
    *("feedgen", "lxml", "matplotlib", "XlsxWriter"),
    # and those the gate's verdicts rest on: HTML parsing, index and image reading, matching
    *("selectolax", "cbor2", "pyahocorasick", "pillow", "phonenumbers", "charset-normalizer", "tinycss2"),
    *("pypdf", "pypdfium2", "openpyxl"),
)
# The code and data files whose change changes a build: a translation catalogue (.po) or the scripts' hashes too.
_CODE_SUFFIXES = (".py", ".j2", ".yml", ".txt", ".html", ".js", ".css", ".po", ".sha256")


@cache
def code_digest() -> str:
    """A digest of the generator's code, templates and data, and of the libraries' versions."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in _LIBRARIES:
        digest.update(f"{library}={importlib.metadata.version(library)}\0".encode())
    return digest.hexdigest()


def digest(*parts: str | bytes) -> str:
    """A key from parts (each length-prefixed, so no two different lists of parts give the same bytes)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """A digest of files' names (relative to ``root``) and bytes, read in blocks (a dataset may be large)."""
    hashed = hashlib.sha256()
    for path in sorted(paths):
        hashed.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                hashed.update(block)
        hashed.update(b"\0")
    return hashed.hexdigest()


class BuildCache:
    """Entries by kind and key under one folder; a disabled cache (folder None) finds nothing and keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[Path] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path | None:
        return None if self.folder is None else self.folder / kind / f"{key}.pickle"

    def load(self, kind: str, key: str) -> Any:
        """The entry, or None when there is none (or it cannot be read: a damaged entry is a miss)."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)  # noqa: S301 - our own entries, see the module's docstring
        except Exception:
            self.misses += 1
            return None
        self.used.add(path)
        self.hits += 1
        return value

    def store(self, kind: str, key: str, value: object) -> None:
        """Write an entry atomically (parallel builds sharing the cache see it whole or not at all)."""
        path = self._path(kind, key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(name).replace(path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        self.used.add(path)

    def files(self, key: str) -> Path:
        """The folder for the files an entry under ``key`` writes (kept while the entry is used)."""
        folder = (self.folder / "files" if self.folder is not None else _scratch()) / key
        self.used.add(folder)
        return folder

    def prune(self) -> None:
        """Remove every entry, and every entry's files, that this build did not use or write."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.rglob("*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)
        files = self.folder / "files"
        for folder in files.iterdir() if files.is_dir() else ():
            if folder not in self.used:
                shutil.rmtree(folder, ignore_errors=True)


@cache
def _scratch() -> Path:
    """Without a cache, a dataset's published files go to a temporary folder, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="reading-room-files-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
