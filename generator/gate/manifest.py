"""What the engine adapter tells the gate it produced: expectations, never rebuilt from URL rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Manifest:
    """The gate's expectations of a built site, handed in by the adapter that drove the site engine."""

    # Site paths of the data files the core produced (generator.output.downloads): any other is a finding.
    downloads: frozenset[str] = frozenset()
    # Site paths of the HTML pages the engine rendered from Markdown or its own templates: only these get the
    # theme-page check (allowlist inside <article>, chrome counted outside); any other markup is checked whole.
    # None, for trees made by hand in tests: every .html file with an <article> counts as rendered.
    pages: frozenset[str] | None = None
    # The engine's theme folders: a file byte-identical to the theme's own copy is not searched.
    theme_dirs: tuple[Path, ...] = ()
