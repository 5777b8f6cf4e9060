"""The MkDocs adapter: wires MkDocs events to the core pipeline and nothing more."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator import pipeline
from generator.config import DEFAULT_MAX_FILE_BYTES, RoomConfig
from generator.errors import ContentErrors
from generator.gate import GateFailure, run_gate
from generator.gate.withheld_values import ENVIRONMENT_VARIABLE

log = logging.getLogger("mkdocs.plugins.reading-room")


class ReadingRoomPluginConfig(base.Config):
    """Options under `plugins: - reading-room:` in mkdocs.yml (documented in the README)."""

    releases_dir = c.Type(str, default="releases")
    max_file_bytes = c.Type(int, default=DEFAULT_MAX_FILE_BYTES)
    withheld_values = c.Optional(c.Type(str))


class ReadingRoomPlugin(BasePlugin[ReadingRoomPluginConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("reading-room: the site's URLs are directory URLs; set use_directory_urls: true")
        root = Path(config.config_file_path).resolve().parent
        self.room_config = RoomConfig(
            root=root,
            releases_dir=(root / self.config.releases_dir).resolve(),
            content_dir=Path(config.docs_dir).resolve(),
            site_name=config.site_name,
            max_file_bytes=self.config.max_file_bytes,
        )
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            room, outputs = pipeline.build(self.room_config)
        except ContentErrors as exc:
            raise PluginError(exc.report()) from None
        self.room = room
        for notice in room.notices():
            log.info(notice)
        opinion_sources = f"{self.room_config.opinions_dir.relative_to(self.room_config.content_dir).as_posix()}/"
        for output in outputs:
            existing = files.get_file_from_path(output.path)
            if existing is not None:
                if not output.path.startswith(opinion_sources):
                    raise PluginError(f"reading-room: {config.docs_dir}/{output.path} would be overwritten by a "
                                      "generated page; move or rename the hand-written file")
                files.remove(existing)  # the opinion's source is replaced by its rendered page
            files.append(File.generated(config, output.path, content=output.content))
        return files

    def on_post_build(self, config: MkDocsConfig) -> None:
        values = self.config.withheld_values or os.environ.get(ENVIRONMENT_VARIABLE) or None
        try:
            report = run_gate(self.room, Path(config.site_dir), Path(values) if values else None,
                              theme_dirs=[Path(folder) for folder in config.theme.dirs])
        except GateFailure as exc:
            raise PluginError(exc.report.failure()) from None
        log.info(report.summary())

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.room_config.releases_dir))
        return server
