"""Where the content lives and the limits the loader enforces; one typed settings object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# Datasets are read a chunk at a time, so their size costs time, not memory. Files read whole (release.yml,
# Markdown, docs-folder files the boundary checks) are held to the smaller of this and MAX_WHOLE_FILE_BYTES.
DEFAULT_MAX_FILE_BYTES = 16 * 1024**3
MAX_WHOLE_FILE_BYTES = 64 * 1024 * 1024


# Engines stamp SOURCE_DATE_EPOCH into gzip headers, whose time field has 32 bits.
LAST_EPOCH = 2**32 - 1


def build_date() -> dt.date:
    """Today (UTC) by the build machine's clock: embargoes lift by the real date, never by content or
    SOURCE_DATE_EPOCH, which a committer controls and which only stamps dates in the output."""
    return dt.datetime.now(tz=dt.UTC).date()


def source_date_epoch_problem(value: str | None) -> str | None:
    """Why a SOURCE_DATE_EPOCH setting cannot be used, or None when it is unset or usable."""
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > LAST_EPOCH:
        return (
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 between 0 and {LAST_EPOCH} "
            "(e.g. the last commit's `git log -1 --format=%ct`); unset it or correct it"
        )
    return None


@dataclass(frozen=True)
class RoomConfig:
    """Settings of one reading room. Each field is documented in the README's configuration table."""

    root: Path
    releases_dir: Path
    content_dir: Path
    requests_dir: Path
    site_name: str = "FOIA Reading Room"
    # The published address (https://records.example.org/), for citations; "" when the build is not told it.
    site_url: str = ""
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    today: dt.date = field(default_factory=build_date)
    # Draft and embargoed releases shown too, under a banner: only for a private preview (`mkdocs serve`).
    preview_unpublished: bool = False

    @property
    def opinions_dir(self) -> Path:
        return self.content_dir / "opinions"

    @classmethod
    def at(cls, root: Path, **overrides: object) -> RoomConfig:
        """The conventional layout under a repository root: releases/, requests/ and content/."""
        root = root.resolve()
        folders = {
            "releases_dir": root / "releases",
            "content_dir": root / "content",
            "requests_dir": root / "requests",
        }
        return cls(root=root, **folders, **overrides)  # type: ignore[arg-type]
