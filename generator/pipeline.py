"""The core pipeline, without any site engine: load → validate → check → render.

Adapters (the MkDocs plugin, the command line) call these and decide where files go.
"""

from __future__ import annotations

from generator.cache import BuildCache
from generator.config import RoomConfig
from generator.output import OutputFile
from generator.render.pages import render_site
from generator.room import ReadingRoom, load_room


def build(config: RoomConfig, cache: BuildCache | None = None) -> tuple[ReadingRoom, list[OutputFile]]:
    """Every generated page and download; raises ContentErrors before rendering anything. With a build
    cache, an unchanged release is neither read nor rendered again (generator/cache.py)."""
    room = load_room(config, cache)
    return room, render_site(room, cache)
