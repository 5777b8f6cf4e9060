"""What the engine adapter tells the gate it produced: expectations, never rebuilt from URL rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Manifest:
    """The gate's expectations of a built site, handed in by the adapter that drove the site engine."""

    # Site path -> SHA-256 of each data file the core produced (generator.output.downloads): any other data
    # file is a finding, and so is one whose bytes differ from what the core produced.
    downloads: Mapping[str, str] = field(default_factory=dict)
    # Site paths of the HTML pages the engine rendered from Markdown or its own templates: only these get the
    # theme-page check (allowlist inside <article>, chrome counted outside); any other markup is checked whole.
    # None, for trees made by hand in tests: every .html file with an <article> counts as rendered.
    pages: frozenset[str] | None = None
    # The engine's theme folders: a file byte-identical to the theme's own copy is not searched.
    theme_dirs: tuple[Path, ...] = ()
    # A private preview of unpublished releases (`mkdocs serve` only): their banners are expected there.
    preview: bool = False
