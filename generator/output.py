"""What the core produces: files for the site, by path relative to the docs folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    """A generated page (``.md``) or download: its exact bytes, or, for a dataset's files (written while
    the dataset was read, never held in memory), where they are and their SHA-256."""

    path: str
    content: bytes = b""
    # False for a listing page (an index of other pages): it is left out of the search index.
    searchable: bool = True
    source: Path | None = None
    sha256: str = ""

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")

    @property
    def digest(self) -> str:
        return self.sha256 if self.source is not None else hashlib.sha256(self.content).hexdigest()


def downloads(outputs: list[OutputFile]) -> dict[str, str]:
    """Site path -> SHA-256 of each file the core produced that is not a page: the only data files a site
    may hold, each exactly as produced."""
    return {output.path: output.digest for output in outputs if not output.is_page}
