"""What the core produces: files for the site, by path relative to the docs folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    """A generated page (``.md``) or download, with its exact bytes."""

    path: str
    content: bytes
    # False for a listing page (an index of other pages): it is left out of the search index.
    searchable: bool = True

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")


def downloads(outputs: list[OutputFile]) -> dict[str, str]:
    """Site path -> SHA-256 of each file the core produced that is not a page: the only data files a site
    may hold, each exactly as produced."""
    return {output.path: hashlib.sha256(output.content).hexdigest() for output in outputs if not output.is_page}
