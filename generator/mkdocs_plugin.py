"""The MkDocs adapter: wires MkDocs events to the core pipeline and nothing more.

Event order (explicit priorities, so other plugins cannot slip in between):
  on_config       first: refuse an unsafe site folder, load and check all content (nothing is
                  read by MkDocs before this passed), and point MkDocs at a staging folder
  on_files        add the generated pages and downloads
  on_env          last: note what MkDocs will render for the gate, make every title and description plain
  on_page_markdown  refuse a generated page whose front matter MkDocs could not read, and metadata
                    MkDocs read from a hand-written page under keys the core did not check
  on_post_build   last: index the staged pages for search (Pagefind), gate the staged tree, then promote
                  it to site_dir by one rename
  on_build_error  remove the staging folder and site_dir: a failed build publishes nothing
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from generator import pipeline, urls
from generator.cache import BuildCache
from generator.config import DEFAULT_MAX_FILE_BYTES, RoomConfig, source_date_epoch_problem
from generator.errors import ContentErrors
from generator.escape import title_text
from generator.gate import GateFailure, Manifest, run_gate
from generator.gate.withheld_values import ENVIRONMENT_VARIABLE
from generator.languages import ENGLISH, LANGUAGES, Language, translations
from generator.models import PageSpec
from generator.output import OutputFile, downloads
from generator.publishing import PREVIEW_VARIABLE
from generator.search.pagefind import SearchIndexError, index_site
from generator.staging import Staging, UnsafeSiteDir, refuse_unsafe_site_dir

log = logging.getLogger("mkdocs.plugins.reading-room")
# The reading room's additions to Material (header search form, search page script): before the theme's own.
THEME_DIR = Path(__file__).parent / "mkdocs_theme"
PAGE_KEYS = frozenset(PageSpec.model_fields)
FIRST, LAST = 100, -100


class QuietLinks(logging.Filter):
    """MkDocs' link warnings quote the link's target, text from a page: the log shows where, never what."""

    QUOTED = re.compile(r"\b(link|target|anchor) '[^']*'")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.QUOTED.search(message):
            record.msg, record.args = self.QUOTED.sub(r"\1 (not shown)", message), ()
        return True


class ReadingRoomPluginConfig(base.Config):
    """Options under `plugins: - reading-room:` in mkdocs.yml (documented in the README)."""

    releases_dir = c.Type(str, default="releases")
    requests_dir = c.Type(str, default="requests")
    max_file_bytes = c.Type(int, default=DEFAULT_MAX_FILE_BYTES)
    withheld_values = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=".cache/reading-room")


class ReadingRoomPlugin(BasePlugin[ReadingRoomPluginConfig]):
    staging: Staging | None = None
    command = "build"
    unsearched: set[str]
    active_section: Page | None = None  # the navigation's section marked active for the page being rendered
    navigations: dict[str, Navigation]  # by language code
    page_urls: set[str]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command  # only `mkdocs serve` may preview unpublished releases

    @event_priority(FIRST)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        asked = os.environ.get(PREVIEW_VARIABLE, "") not in ("", "0")
        if asked and self.command != "serve":
            log.info(f"reading-room: {PREVIEW_VARIABLE} is ignored by mkdocs {self.command}: it never publishes drafts")
        self.room_config = RoomConfig(
            root=root,
            releases_dir=root / self.config.releases_dir,
            requests_dir=root / self.config.requests_dir,
            content_dir=Path(config.docs_dir),
            site_name=config.site_name,
            site_url=config.site_url or "",
            max_file_bytes=self.config.max_file_bytes,
            preview_unpublished=asked and self.command == "serve",
        )
        site_dir = Path(config.site_dir)
        try:
            refuse_unsafe_site_dir(
                site_dir,
                {
                    "docs (content)": self.room_config.content_dir,
                    "releases": self.room_config.releases_dir,
                    "requests": self.room_config.requests_dir,
                },
            )
        except UnsafeSiteDir as exc:
            if site_dir.is_symlink():
                site_dir.unlink()  # the link only; what it points to is not ours to touch
            raise PluginError(f"reading-room: {exc}") from None
        for handler in logging.getLogger("mkdocs").handlers:
            if not any(isinstance(f, QuietLinks) for f in handler.filters):
                handler.addFilter(QuietLinks())
        # The old site goes first: from here on a failure of any kind leaves no site folder at all.
        self.staging = Staging.begin(site_dir)
        config.site_dir = str(self.staging.folder)
        if not config.use_directory_urls:
            raise PluginError("reading-room: the site's URLs are directory URLs; set use_directory_urls: true")
        if problem := source_date_epoch_problem(os.environ.get("SOURCE_DATE_EPOCH")):
            raise PluginError(f"reading-room: {problem}")
        self._refuse_later_writers(config)
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        cache_dir = (root / self.config.cache_dir).resolve() if self.config.cache_dir else None
        published = {
            "site": site_dir,
            "docs (content)": self.room_config.content_dir,
            "releases": self.room_config.releases_dir,
        }
        for label, folder in published.items():
            if cache_dir is not None and cache_dir.is_relative_to(folder.resolve()):
                raise PluginError(
                    f"reading-room: cache_dir is inside the {label} folder, whose files are published or checked; "
                    "keep it outside (the default is .cache/reading-room)"
                )
        self.cache = BuildCache(cache_dir)
        try:
            self.room, self.outputs = pipeline.build(self.room_config, self.cache)
        except ContentErrors as exc:
            raise PluginError(exc.report()) from None
        for notice in self.room.notices():
            log.info(notice)
        return config

    def _refuse_later_writers(self, config: MkDocsConfig) -> None:
        """Nothing may run after the gate: our post-build step is the very last (by position, so no priority
        value slips past), and no other plugin or hook has a shutdown step, which runs after promotion."""
        post_build = config.plugins.events["post_build"]
        ours_last = bool(post_build) and getattr(post_build[-1], "__self__", None) is self
        shutdown = [h for h in config.plugins.events["shutdown"] if getattr(h, "__self__", None) is not self]
        if not ours_last or shutdown:
            raise PluginError(
                "reading-room: the publishing gate must run after every other plugin's post-build step, and no "
                "plugin or hook may have a shutdown step (it would run after the gated site is in place)"
            )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        opinion_sources = f"{self.room_config.opinions_dir.relative_to(self.room_config.content_dir).as_posix()}/"
        # The boundary did not check dot files' kinds, because MkDocs leaves them out; `exclude_docs` can take them in.
        if dotted := sorted(f.src_uri for f in files if any(part.startswith(".") for part in f.src_uri.split("/"))):
            raise PluginError(
                f"reading-room: {config.docs_dir}/{dotted[0]}: a dot file or folder would be published "
                "(exclude_docs includes it); dot files are never published"
            )
        # By the address it is written to, not only by its source name: `releases.md` is `releases/index.html`.
        written_to = {file.dest_uri: file for file in files}
        self.unsearched = set()
        for output in self.outputs:
            if output.source is not None:  # a dataset's file, written while it was read: copied by path
                generated = File.generated(config, output.path, abs_src_path=str(output.source))
            else:
                generated = File.generated(config, output.path, content=output.content)
            if not output.searchable:
                self.unsearched.add(generated.dest_uri)
            existing = files.get_file_from_path(output.path) or written_to.get(generated.dest_uri)
            if existing is not None:
                if existing.src_uri != output.path or not output.path.startswith(opinion_sources):
                    raise PluginError(
                        f"reading-room: {config.docs_dir}/{existing.src_uri} would be overwritten by a "
                        f"generated page at {generated.dest_uri}; move or rename the hand-written file"
                    )
                files.remove(existing)  # the opinion's source is replaced by its rendered page
            files.append(generated)
        return files

    @event_priority(LAST)
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # After every plugin's on_files: the final list of what MkDocs will render.
        self.manifest = engine_manifest(config, files, self.outputs, preview=self.room_config.preview_unpublished)
        # Every page is read by now, titles included. Themes print titles through filters that undo
        # escaping, and a hand-written page's title comes from its first heading, where `\<` is text:
        # each title the theme gets is plain text with look-alikes for HTML-special characters.
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.title is not None:
                # A title taken from a rendered heading still carries entities (&amp;): read them first.
                page.title = title_text(html.unescape(page.title))
            # Material prints these metadata values directly too.
            for key in ("title", "description"):
                if page is not None and key in page.meta:
                    page.meta[key] = title_text(html.unescape(str(page.meta[key])))
        return env

    @event_priority(FIRST)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Every page we generate starts with front matter carrying its title. If MkDocs could not read
        # it, it would render the front matter as Markdown, so links and markup in a title would go live.
        if page.file.generated_by is None and set(page.meta) - PAGE_KEYS:
            # What MkDocs itself read as metadata (YAML, MultiMarkdown lines, any line ending): only known keys.
            raise PluginError(
                f"reading-room: {page.file.src_uri}: the page's metadata has an unknown key; use "
                "only title, description and hide, in YAML front matter between --- lines"
            )
        if page.file.generated_by is not None and not isinstance(page.meta.get("title"), str):
            raise PluginError(
                f"reading-room: the generated page {page.file.src_uri} lost its front matter; "
                "nothing was published (please report this as a bug)"
            )
        updated = page.meta.get("updated") if page.file.generated_by is not None else None
        if isinstance(updated, dt.date):
            page.update_date = updated.isoformat()  # the sitemap's <lastmod>: when the content last changed
        return markdown

    @event_priority(LAST)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        # The navigation of each other language: the same entries, each the page's translation (an entry with
        # none, such as a hand-written page, is left out).
        self.navigations = {ENGLISH.code: nav}
        self.page_urls = {file.url for file in files.documentation_pages()}
        written = config["nav"]
        for language in LANGUAGES:
            if language != ENGLISH:
                config["nav"] = translated_nav(written, files, language)
                try:
                    self.navigations[language.code] = get_navigation(files, config)
                finally:
                    config["nav"] = written
        return nav

    @event_priority(FIRST)
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        language = urls.language_of(page.url)
        nav = self.navigations.get(language.code, nav)
        context["nav"] = nav
        context["rr_language"] = language.code
        context["rr_prefix"] = language.prefix
        context["rr_languages"] = self.alternates(page.url, language)
        # A generated page outside the navigation (a release, an opinion, a basis) marks its section as the
        # active one, as the navigation would for a page it lists; on_post_page unmarks it.
        self.active_section = None
        if page not in nav.pages:
            sections = [item for item in nav.pages if page.url.startswith(item.url) and item.url != language.prefix]
            if sections:
                self.active_section = max(sections, key=lambda item: len(item.url))
                self.active_section.active = True
        return context

    def alternates(self, url: str, current: Language) -> list[dict[str, Any]]:
        """The page in each language: its URL (the language's home page where it has no translation)."""
        english = urls.without_language(url)
        found = []
        for language in LANGUAGES:
            translated = language.prefix + english
            found.append(
                {
                    "code": language.code,
                    "name": language.name,
                    "url": translated if translated in self.page_urls else language.prefix,
                    "current": language == current,
                }
            )
        return found

    @event_priority(LAST)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.active_section is not None:
            self.active_section.active = False
            self.active_section = None
        return output

    @event_priority(LAST)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.staging is None:  # on_config always runs first; fail closed all the same
            raise PluginError("reading-room: the build has no staging folder; nothing was published")
        self._refuse_later_writers(config)  # again: handlers may have been added since on_config
        values = self.config.withheld_values or os.environ.get(ENVIRONMENT_VARIABLE) or None
        started = time.perf_counter()
        try:
            rendered = self.manifest.pages or frozenset()
            index_site(self.staging.folder, rendered - self.unsearched - self.static_pages(config))
        except SearchIndexError as exc:
            raise PluginError(f"reading-room: {exc}") from None
        indexed = time.perf_counter()
        try:
            report = run_gate(
                self.room, self.staging.folder, Path(values) if values else None, self.manifest, self.cache
            )
        except GateFailure as exc:
            raise PluginError(exc.report.failure()) from None
        log.info(report.summary())
        # Measured for the benchmarks (bench/scale.py); a log line, never part of the site.
        log.info(f"reading-room: search index {indexed - started:.2f} s, gate {time.perf_counter() - indexed:.2f} s")
        if self.cache.folder is not None:
            log.info(f"reading-room: build cache {self.cache.folder}: {self.cache.hits} entries reused")
            self.cache.prune()
        self.staging.promote()

    @staticmethod
    def static_pages(config: MkDocsConfig) -> frozenset[str]:
        """The theme's own pages (404.html): no content of the room, never a search result."""
        return frozenset(name for name in config.theme.static_templates if name.endswith(".html"))

    def on_build_error(self, *, error: Exception) -> None:
        # Also after promotion: MkDocs' strict mode aborts after the post-build step.
        if self.staging is not None:
            self.staging.discard()
            log.error("reading-room: the build failed; no site folder was left behind")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.room_config.releases_dir))
        return server


def engine_manifest(config: MkDocsConfig, files: Files, outputs: list[OutputFile], preview: bool = False) -> Manifest:
    """What MkDocs writes, for the gate: the pages it renders, its theme folders and the core's downloads."""
    pages = frozenset(file.dest_uri for file in files.documentation_pages()) | ReadingRoomPlugin.static_pages(config)
    return Manifest(downloads(outputs), pages, tuple(Path(folder) for folder in config.theme.dirs), preview)


def site_files(config: MkDocsConfig, outputs: list[OutputFile]) -> Files:
    """The files a build of this config would hold, generated ones included (for the command line's check;
    only their paths matter there)."""
    files = get_files(config)
    for output in outputs:
        existing = files.get_file_from_path(output.path)
        if existing is not None:
            files.remove(existing)
        files.append(File(output.path, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def translated_nav(entries: Any, files: Files, language: Language) -> Any:
    """mkdocs.yml's nav for ``language``: each entry's page is its translation, under the language's prefix; an
    entry whose page has no translation is left out, and a section's title is the language's word for it."""
    if isinstance(entries, list):
        translated = [translated_nav(entry, files, language) for entry in entries]
        return [entry for entry in translated if entry]
    if isinstance(entries, dict):
        kept = {}
        for title, value in entries.items():
            inner = translated_nav(value, files, language)
            if inner:
                kept[translations(language).gettext(title)] = inner
        return kept
    if isinstance(entries, str):
        path = language.prefix + entries
        return path if files.get_file_from_path(path) is not None else None
    return None
