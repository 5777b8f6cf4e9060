"""What the core produces: files for the site, by path relative to the docs folder."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    """A generated page (``.md``) or download, with its exact bytes."""

    path: str
    content: bytes

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")


def downloads(outputs: list[OutputFile]) -> frozenset[str]:
    """Site paths of the files the core produced that are not pages: the only data files a site may hold."""
    return frozenset(output.path for output in outputs if not output.is_page)
