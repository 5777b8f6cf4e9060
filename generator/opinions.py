"""Loading opinion summaries: content/opinions/<slug>.md with YAML front matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.frontmatter import read_front_matter
from generator.models import OpinionSpec, is_slug
from generator.prose import Prose, parse_prose, translated_prose
from generator.schema_errors import validate


@dataclass(frozen=True)
class Opinion:
    """A validated opinion summary."""

    slug: str
    spec: OpinionSpec
    body: Prose
    path: Path
    # The summary in other languages, by language code, where the front matter gives one.
    translated_bodies: dict[str, Prose] = field(default_factory=dict)


def opinion_paths(config: RoomConfig) -> list[Path]:
    """The files read as opinion summaries: content/opinions/*.md, sorted."""
    return sorted(config.opinions_dir.glob("*.md")) if config.opinions_dir.is_dir() else []


def load_opinions(config: RoomConfig, log: ErrorLog) -> list[Opinion]:
    return [opinion for path in opinion_paths(config) if (opinion := load_opinion(path, config, log)) is not None]


def load_opinion(path: Path, config: RoomConfig, log: ErrorLog) -> Opinion | None:
    slug = path.stem
    if not path.is_file():
        log.add(
            path, "", "not a regular file (a folder or a broken link?)", "remove it or make it a file", code="RR701"
        )
        return None
    if slug == "index":
        log.add(path, "file name", "'index' is reserved for the list of opinions", "rename the file", code="RR702")
        return None
    if not is_slug(slug):
        log.add(
            path,
            "file name",
            "an opinion's file name must be a lowercase slug",
            "rename it to lowercase letters, digits and hyphens, e.g. smith-v-doj-2020.md",
            code="RR703",
        )
        return None
    split = read_front_matter(path, config, log)
    if split is None:
        return None
    if split.data is None:
        log.add(
            path, "line 1", "no YAML front matter", "start the file with '---', the metadata, and '---'", code="RR205"
        )
        return None
    spec = validate(OpinionSpec, split.data, path, log)
    if not isinstance(spec, OpinionSpec):
        return None
    body = parse_prose(split.body, path, "body", log, split.first_line)
    return Opinion(slug, spec, body, path, translated_prose(spec.translations, path, log, log.document(path)))
