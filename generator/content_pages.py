"""Hand-written pages of the docs folder, checked like release summaries before the engine renders them.

The site engine renders these pages itself, so they are checked here first: front matter is strict
YAML with a few known keys, and the body is parsed with markdown-it-py under the same rules as a
release summary (no raw HTML, no images, links https:// or relative inside the site).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.frontmatter import read_front_matter
from generator.models import PageSpec
from generator.opinions import opinion_paths
from generator.prose import parse_prose
from generator.schema_errors import validate

PAGE_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class ContentPage:
    """A hand-written page that passed the checks."""

    path: Path
    spec: PageSpec


def page_paths(config: RoomConfig) -> list[Path]:
    """Every hand-written page, sorted: Markdown files of the docs folder except dot files and exactly the
    files the opinion loader reads (so `opinions/x.markdown` is checked as a page, not skipped)."""
    if not config.content_dir.is_dir():
        return []
    opinions = set(opinion_paths(config))
    return sorted(
        path
        for path in config.content_dir.rglob("*")
        if path.suffix.lower() in PAGE_SUFFIXES
        and path.is_file()
        and path not in opinions
        and not any(part.startswith(".") for part in path.relative_to(config.content_dir).parts)
    )


def load_pages(config: RoomConfig, log: ErrorLog) -> list[ContentPage]:
    pages = (load_page(path, config, log) for path in page_paths(config))
    return [page for page in pages if page is not None]


def load_page(path: Path, config: RoomConfig, log: ErrorLog) -> ContentPage | None:
    split = read_front_matter(path, config, log)
    if split is None:
        return None
    spec = PageSpec()
    if split.data is not None:
        checked = validate(PageSpec, split.data, path, log)
        if not isinstance(checked, PageSpec):
            return None
        spec = checked
    before = log.count
    parse_prose(split.body, path, "page", log, split.first_line, relative_links=True)
    return ContentPage(path, spec) if log.count == before else None
