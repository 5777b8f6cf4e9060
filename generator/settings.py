"""The reading room's own settings: site.yml at the repository root (SiteSettings in models.py).

Who runs the room, where to write to its editors, its corrections policy, and how to request records
and appeal, with the agencies' request portals. The About page shows them and every page's footer
links to it. A room without site.yml still builds (a fork's first build, a test room): its About page
says that the room has not said who runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.input_files import read_spec
from generator.models import SiteSettings
from generator.prose import Prose, parse_prose

SETTINGS_FILE = "site.yml"


@dataclass(frozen=True)
class Settings:
    """The validated site.yml and its About text, parsed."""

    spec: SiteSettings
    about: Prose | None
    path: Path


def load_settings(config: RoomConfig, log: ErrorLog) -> Settings | None:
    path = config.root / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        return None
    spec = read_spec(SiteSettings, path, config, log)
    if spec is None:
        return None
    about = None
    if spec.about is not None:
        document = log.document(path)
        first_line = document.text_start(("about",))[0] if document else 1
        about = parse_prose(spec.about, path, "about", log, first_line)
    return Settings(spec, about, path)
