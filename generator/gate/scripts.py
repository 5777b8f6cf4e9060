"""The scripts a site may ship, allowed by their SHA-256, never by their name or place.

Ours are listed in generator/data/scripts.sha256 (in ``sha256sum`` format, relative to the theme
folder generator/mkdocs_theme): a script of ours that changes must have its line changed too, in
the same reviewed commit (a test fails until it is). Besides ours, a script may be one of the
theme's own files or one of the search tool's, byte for byte as the pinned packages ship them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath

SCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs"})
OUR_THEME = Path(__file__).resolve().parent.parent / "mkdocs_theme"


def is_script(name: str) -> bool:
    return PurePosixPath(name.lower()).suffix in SCRIPT_SUFFIXES


def listed() -> dict[str, str]:
    """Our scripts as listed: path under the theme folder -> SHA-256."""
    text = resources.files("generator").joinpath("data/scripts.sha256").read_text(encoding="utf-8")
    entries = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            entries[name.lstrip("*")] = digest
    return entries


@cache
def _folder_hashes(folder: Path) -> frozenset[str]:
    return frozenset(
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if is_script(path.name) and path.is_file() and not path.is_symlink()
    )


def allowed_hashes(theme_dirs: Iterable[Path], shipped: Mapping[str, bytes]) -> frozenset[str]:
    """The SHA-256 of every script a site may ship: ours as listed, the other theme folders' and the search
    tool's (``shipped``). A file of ours that is not listed, or listed with other bytes, is not among them."""
    hashes = set(listed().values())
    for folder in theme_dirs:
        if folder.resolve() != OUR_THEME:
            hashes |= _folder_hashes(folder.resolve())
    hashes |= {hashlib.sha256(data).hexdigest() for name, data in shipped.items() if is_script(name)}
    return frozenset(hashes)
