"""Where the content lives and the limits the loader enforces; one typed settings object."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024


def build_date() -> dt.date:
    """Today for embargo decisions: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


@dataclass(frozen=True)
class RoomConfig:
    """Settings of one reading room. Each field is documented in the README's configuration table."""

    root: Path
    releases_dir: Path
    content_dir: Path
    site_name: str = "FOIA Reading Room"
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    today: dt.date = field(default_factory=build_date)

    @property
    def opinions_dir(self) -> Path:
        return self.content_dir / "opinions"

    @classmethod
    def at(cls, root: Path, **overrides: object) -> RoomConfig:
        """The conventional layout under a repository root: releases/ and content/."""
        root = root.resolve()
        return cls(root=root, releases_dir=root / "releases", content_dir=root / "content", **overrides)  # type: ignore[arg-type]
