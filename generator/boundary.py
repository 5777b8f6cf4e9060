"""The input boundary: everything that reaches the site is a regular file inside the repository.

Checked before anything is read, so nothing outside the repository is ever opened:
- neither the docs folder (``content/``) nor ``releases/`` is, or holds, a symbolic link (to a file
  or a folder), a FIFO, a socket or a device: a link could publish any file the build machine can
  read, the process environment included;
- the docs folder holds only kinds that cannot run in a browser, identified by their bytes: Markdown
  pages, CSS, raster images (PNG, JPEG, GIF, WebP), icons and web fonts. Script-capable kinds (SVG,
  HTML and its variants, JavaScript, XML) belong in the theme's ``custom_dir``, which is maintainer code.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.filekinds import FONTS, IMAGES, Kind, identify, image_problem
from generator.input_files import read_file_bytes
from generator.stylesheets import stylesheet_problems
from generator.tables import decode

PAGE_SUFFIXES = frozenset({".md", ".markdown"})
STYLESHEET_SUFFIXES = frozenset({".css"})
# Each suffix a static host serves as an image or font, and the kind its bytes must have.
MEDIA_SUFFIXES: dict[str, frozenset[Kind]] = {
    ".png": frozenset({Kind.PNG}),
    ".jpg": frozenset({Kind.JPEG}),
    ".jpeg": frozenset({Kind.JPEG}),
    ".gif": frozenset({Kind.GIF}),
    ".webp": frozenset({Kind.WEBP}),
    ".ico": frozenset({Kind.ICO, Kind.PNG}),
    ".woff": frozenset({Kind.WOFF}),
    ".woff2": frozenset({Kind.WOFF2}),
    ".ttf": frozenset({Kind.TRUETYPE}),
    ".otf": frozenset({Kind.OPENTYPE, Kind.TRUETYPE}),
}
# Kinds a browser may run scripts in when served from the site.
SCRIPT_CAPABLE = frozenset(
    {
        ".svg",
        ".svgz",
        ".html",
        ".htm",
        ".xhtml",
        ".xht",
        ".shtml",
        ".shtm",
        ".stm",
        ".js",
        ".mjs",
        ".cjs",
        ".xml",
        ".xsl",
        ".xslt",
        ".hta",
        ".mht",
        ".mhtml",
        ".php",
        ".swf",
    }
)
THEME_OVERRIDES = (
    "put it in the theme's custom_dir (maintainer code, see MkDocs' theme customisation), "
    "or link to it with an https:// address"
)


def check_inputs(config: RoomConfig, log: ErrorLog) -> bool:
    """Log every link, special file and refused file kind under the docs and releases folders.

    Returns False when nothing more may be read: a link or special file was found, which a loader
    would follow or block on. A refused kind is only logged: the rest can still be checked.
    """
    safe = True
    folders = (("docs", config.content_dir), ("releases", config.releases_dir), ("requests", config.requests_dir))
    for label, folder in folders:
        before = log.count
        if not _folder_is_safe(label, folder, config.root, log):
            safe = safe and log.count == before
            continue
        paths = list(_entries(folder, log))
        safe = safe and log.count == before
        for path in paths:
            if label == "docs" and not _hidden(path.relative_to(folder)):
                check_content_file(path, config, log)
    return safe


def _folder_is_safe(label: str, folder: Path, root: Path, log: ErrorLog) -> bool:
    if folder.is_symlink():
        log.add(
            folder,
            "",
            f"the {label} folder is a symbolic link",
            "make it a real folder inside the repository",
            code="RR101",
        )
        return False
    if not folder.exists():
        return False
    if not folder.resolve().is_relative_to(root.resolve()):
        log.add(
            folder,
            "",
            f"the {label} folder is outside the repository (a link in its path?)",
            "keep it inside the repository, next to mkdocs.yml",
            code="RR101",
        )
        return False
    return True


def _entries(folder: Path, log: ErrorLog) -> Iterator[Path]:
    """Every regular file below a folder, sorted; links and special files are logged, never followed."""
    for top, folders, files in os.walk(folder, followlinks=False, onerror=None):
        here = Path(top)
        folders.sort()
        for name in sorted(folders):
            if (here / name).is_symlink():
                log.add(
                    here / name, "", "a symbolic link to a folder", "replace the link with a real folder", code="RR102"
                )
                folders.remove(name)  # not walked: os.walk would not follow it either, but say why
        for name in sorted(files):
            path = here / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                log.add(
                    path,
                    "",
                    "a symbolic link, which could publish a file from outside the repository",
                    "replace the link with a copy of the file",
                    code="RR102",
                )
            elif not stat.S_ISREG(mode):
                log.add(path, "", "not a regular file (a FIFO, socket or device)", code="RR103")
            elif path.lstat().st_nlink > 1:
                # git never checks out hard links: one here may share its bytes with a file outside.
                log.add(
                    path,
                    "",
                    "a hard link, which could publish a file from outside the repository",
                    code="RR104",
                )
            elif not _utf8_name(name):
                log.add(path.parent, "", "a file name that is not UTF-8", code="RR105")
            else:
                yield path


def _utf8_name(name: str) -> bool:
    """File names the OS could not decode carry surrogates (os.fsdecode); they cannot be published."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _hidden(relative: PurePath) -> bool:
    """Dot files and folders are never published by the site engine."""
    return any(part.startswith(".") for part in relative.parts)


def check_content_file(path: Path, config: RoomConfig, log: ErrorLog) -> None:
    """One file of the docs folder must be an allowed kind, by its bytes and its name alike."""
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES and path.suffix not in PAGE_SUFFIXES:
        # The engine renders only exact lower-case suffixes as pages; it would copy this one out raw.
        log.add(path, "", "a Markdown page's name must end in lower-case .md or .markdown", code="RR106")
        return
    if suffix in SCRIPT_CAPABLE:
        log.add(
            path,
            "",
            f"a {suffix} file can run scripts in visitors' browsers and is not accepted in the docs folder",
            THEME_OVERRIDES,
            code="RR107",
        )
        return
    allowed = PAGE_SUFFIXES | STYLESHEET_SUFFIXES | MEDIA_SUFFIXES.keys()
    if suffix not in allowed:
        log.add(
            path,
            "",
            "the docs folder takes only Markdown pages, CSS, images (PNG, JPEG, GIF, WebP, ICO) and web fonts",
            code="RR108",
        )
        return
    data = read_file_bytes(path, config, log)
    if data is None:
        return
    kind = identify(data)
    if kind is Kind.BINARY and suffix in PAGE_SUFFIXES | STYLESHEET_SUFFIXES:
        decode(path, data, log)  # not UTF-8 or holding NUL bytes: it says which, with the likely encoding
        return
    problem = _kind_problem(suffix, kind, data)
    if problem:
        log.add(path, "", problem, code="RR109")
    elif suffix in STYLESHEET_SUFFIXES and (problems := stylesheet_problems(data.decode("utf-8"))):
        log.add(
            path,
            "",
            f"the stylesheet is refused: {'; '.join(problems[:3])}",
            code="RR110",
        )


def _kind_problem(suffix: str, kind: Kind, data: bytes) -> str | None:
    if suffix in PAGE_SUFFIXES | STYLESHEET_SUFFIXES:
        if kind is not Kind.TEXT:
            return f"named like a text file but its bytes are {_described(kind)}"
        if suffix in STYLESHEET_SUFFIXES and data.decode("utf-8").lstrip("\ufeff \t\r\n").startswith("<"):
            return "named like a stylesheet but it holds markup"
        return None
    expected = MEDIA_SUFFIXES[suffix]
    if kind not in expected:
        return f"named like {suffix} but its bytes are {_described(kind)}"
    return image_problem(data, kind) if kind in IMAGES else None


def _described(kind: Kind) -> str:
    if kind is Kind.TEXT:
        return "text"
    if kind is Kind.BINARY:
        return "of an unknown binary kind"
    group = "an image" if kind in IMAGES else "a font" if kind in FONTS else "a compressed file or archive"
    return f"{group} ({kind.value})"
