"""Rendering the reading room into Markdown pages and downloads from template files.

Templates live in generator/templates/. Jinja2 autoescapes every value for HTML; values
placed in Markdown text (headings, link texts) go through the ``md`` filter instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator import urls
from generator.cache import BuildCache, digest
from generator.documents.loading import Document, bates_of
from generator.escape import front_matter_title, markdown_inline
from generator.languages import ENGLISH, LANGUAGES, Language, translations
from generator.models import DocumentSpec, TranslationLanguage
from generator.opinions import Opinion
from generator.output import OutputFile
from generator.prose import Link, Prose
from generator.publishing import UNPUBLISHED_BANNER
from generator.releases import Dataset, Release
from generator.render import api, catalog, explore, feeds, linked_data, preview, statistics
from generator.render.bundle import release_bundle
from generator.render.charts import chart_svg
from generator.render.citation import VERSION_CHARS, Citation
from generator.render.dataset_files import SPREADSHEET_CELLS
from generator.render.downloads import Download, dataset_downloads, human_size, published_csv
from generator.render.preview import Dictionary, Preview
from generator.requests import Request
from generator.room import ReadingRoom
from generator.tables import Table
from generator.vaughn import VaughnRow, by_basis, vaughn_rows, vaughn_table

T = TypeVar("T")
LATEST_RELEASES = 5
# The releases index lists this many, newest first, then one link per year: no page grows with the room.
INDEX_RELEASES = 50
# A basis page lists this many uses, then points to the full listing.
BASIS_USES = 100
# A release page lists this many documents; a release with more has list pages of DOCUMENTS_PER_PAGE each.
RELEASE_DOCUMENTS = 100
DOCUMENTS_PER_PAGE = 250
# A Vaughn index page lists this many items; vaughn.csv has them all.
VAUGHN_ROWS = 500
LISTING_HEADER = ("id", "title", "agency", "release_date", "status", "bases", "url")


@cache
def environment(language: Language = ENGLISH) -> Environment:
    """The templates in one language: their messages translated, numbers and dates in its conventions."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # New-style gettext: a message is markup of ours, its %(name)s values are escaped like any other value.
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = markdown_inline
    env.filters["front_matter_title"] = front_matter_title
    env.filters["size"] = human_size
    env.filters["thousands"] = language.number
    env.filters["date"] = language.date
    env.globals["index_releases"] = INDEX_RELEASES
    env.globals["basis_uses"] = BASIS_USES
    env.globals["release_documents"] = RELEASE_DOCUMENTS
    env.globals["vaughn_rows"] = VAUGHN_ROWS
    env.globals["explore_cells"] = explore.MAX_CELLS
    env.globals["spreadsheet_cells"] = SPREADSHEET_CELLS
    env.globals["limits"] = {
        "rows": preview.PREVIEW_ROWS,
        "columns": preview.PREVIEW_COLUMNS,
        "cell_chars": preview.PREVIEW_CELL_CHARS,
        "fields": preview.DICTIONARY_FIELDS,
        "ellipsis": preview.ELLIPSIS,
    }
    return env


class Site:
    """Renders every page and download of a loaded reading room."""

    def __init__(
        self,
        room: ReadingRoom,
        cache: BuildCache | None = None,
        language: Language = ENGLISH,
        bundles: Mapping[str, Download] | None = None,
    ) -> None:
        self.room = room
        # Each published release's zip, by release id (written once for every language, see render_site).
        self.bundles = bundles or {}
        self.agency_feeds = feeds.agency_slugs(room)  # agency -> its feed's folder
        self.cache = cache or BuildCache(None)
        self.language = language
        # The page's words that come from here, not from a template (titles, descriptions, search facets).
        self._ = translations(language).gettext

    def files(self) -> list[OutputFile]:
        room = self.room
        files = [file for release in room.published for file in self.release_files(release)]
        _ = self._
        files.append(self.listing_page("home.md.j2", urls.HOME, room.config.site_name))
        files.append(self.listing_page("releases.md.j2", urls.RELEASES, _("Releases")))
        files += [
            self.listing_page(
                "releases_year.md.j2",
                urls.releases_of_year(year),
                _("Releases of %(year)s") % {"year": year},
                year=year,
            )
            for year in self.years()
        ]
        files += [
            self.page("withdrawn.md.j2", urls.release(r.id), r.spec.title, r.summary.abstract, release=r)
            for r in room.withdrawn
        ]
        files.append(self.listing_page("opinions.md.j2", urls.OPINIONS, _("Court opinions")))
        files += [
            self.page("opinion.md.j2", urls.opinion(o.slug), o.spec.case_name, self.outcome_of(o), opinion=o)
            for o in room.opinions
        ]
        files.append(self.listing_page("requests.md.j2", urls.REQUESTS, _("Requests")))
        files += [
            self.page("request.md.j2", urls.request(r.id), r.spec.title, self.request_description(r), request=r)
            for r in room.requests
        ]
        files.append(self.listing_page("bases.md.j2", urls.BASES, _("Bases for withholding")))
        code = self.language.code
        files += [
            self.page("basis.md.j2", urls.basis(b.code), b.label_in(code), b.explanation_in(code), basis=b)
            for b in room.bases.bases
        ]
        files.append(self.listing_page("search.md.j2", urls.SEARCH, _("Search")))
        files += self.statistics_files()
        # A hand-written About page (content/about.md) replaces the generated one: its maintainers say there
        # who runs the room and how to reach them.
        if not (room.config.content_dir / urls.source_path(urls.ABOUT)).exists():
            description = _(
                "Who runs this reading room, how to reach its editors and correct an error, how to read a release "
                "and verify a download, and how to request records yourself."
            )
            files.append(self.page("about.md.j2", urls.ABOUT, _("About this reading room"), description))
        return sorted(files, key=lambda f: f.path)

    def statistics_files(self) -> list[OutputFile]:
        """The statistics page, its charts (in this site's language) and, once, from English, their CSVs."""
        found = statistics.statistics(self.room, self._, lambda code: self.basis_labels([code])[0])
        files = [OutputFile(self.chart_url(s), chart_svg(chart)) for s in found if (chart := s.chart) is not None]
        if self.language == ENGLISH:
            files += [
                OutputFile(self.statistic_csv(s), published_csv(Table(s.header, s.rows))) for s in found if s.rows
            ]
        title = self._("Statistics")
        description = self._(
            "The reading room in numbers: releases per year, cells withheld per basis, document pages released "
            "and withheld per agency, requests by status and age."
        )
        files.append(self.page("statistics.md.j2", urls.STATISTICS, title, description, statistics=found))
        return files

    def chart_url(self, statistic: statistics.Statistic) -> str:
        return self.language.prefix + urls.statistics_file(f"{statistic.name}.svg")

    @staticmethod
    def statistic_csv(statistic: statistics.Statistic) -> str:
        return urls.statistics_file(f"{statistic.name}.csv")

    def release_files(self, release: Release) -> list[OutputFile]:
        """A published release's page and downloads: from the build cache when nothing they show changed."""
        room = self.room
        opinions = [(o.slug, o.spec.case_name) for o in room.opinions_for(release)]
        request = room.request(release.spec.request_id)
        key = digest(
            release.digest or "uncached",
            room.state(release).value,
            room.config.site_name,
            repr(opinions),
            request.spec.title if request else "",
            repr(room.config.preview_unpublished),
            self.language.code,
        )
        cached = self.cache.load("release-files", key) if release.digest else None
        if isinstance(cached, list):
            return cached
        files = []
        for dataset in release.datasets:
            for written, download in zip(
                (dataset.files.csv, dataset.files.parquet), dataset_downloads(release, dataset), strict=True
            ):
                files.append(OutputFile(download.url, source=written.path, sha256=written.sha256))
            sheet = dataset.files.spreadsheet
            if sheet is not None:
                url = urls.spreadsheet(release.id, dataset.spec.name)
                files.append(OutputFile(url, source=sheet.path, sha256=sheet.sha256))
            files += self.explore_files(release, dataset)
        files += self.document_files(release)
        summary = self.summary_of(release).abstract
        title = self.title_of(release)
        files.append(self.page("release.md.j2", urls.release(release.id), title, summary, release=release))
        if release.digest:
            self.cache.store("release-files", key, files)
        return files

    def explore_files(self, release: Release, dataset: Dataset) -> list[OutputFile]:
        """A dataset's explore page, its description (data.json) and its parts (none when it is too big)."""
        name = dataset.spec.name
        files = [
            OutputFile(
                urls.explore_file(release.id, name, explore.part_name(number)), source=part.path, sha256=part.sha256
            )
            for number, part in enumerate(dataset.files.explore, start=1)
        ]
        description = explore.description_bytes(
            dataset.spec, dataset.row_count, dataset.rules, self.room.bases, release.spec.synthetic
        )
        files.append(OutputFile(urls.explore_file(release.id, name, explore.DESCRIPTION), description))
        title = self._("Explore: %(dataset)s") % {"dataset": dataset.spec.title}
        files.append(
            self.listing_page("explore.md.j2", urls.explore(release.id, name), title, release=release, dataset=dataset)
        )
        return files

    def document_files(self, release: Release) -> list[OutputFile]:
        """A release's documents: each PDF and page, the lists of a release with many, the Vaughn index."""
        files = []
        for document in release.documents:
            if document.file is not None:
                url = urls.document_pdf(release.id, document.id)
                files.append(OutputFile(url, source=document.file.path, sha256=document.file.sha256))
            url = urls.document(release.id, document.id)
            description = document.spec.description or self._("%(document)s, from %(release)s.") % {
                "document": document.spec.title,
                "release": release.spec.title,
            }
            files.append(
                self.page("document.md.j2", url, document.spec.title, description, release=release, document=document)
            )
        pages = self.document_pages(release)
        for number, chunk in enumerate(pages if len(pages) > 1 else [], start=1):
            values = {"release": release.spec.title, "page": number}
            if number > 1:
                title = self._("Documents of %(release)s, page %(page)s") % values
            else:
                title = self._("Documents of %(release)s") % values
            url = urls.documents(release.id, number)
            context = {"release": release, "chunk": chunk, "number": number, "pages": len(pages)}
            files.append(self.listing_page("documents.md.j2", url, title, **context))
        rows = vaughn_rows(release)
        if rows:
            title = self._("Vaughn index: %(release)s") % {"release": release.spec.title}
            files.append(self.listing_page("vaughn.md.j2", urls.vaughn(release.id), title, release=release, rows=rows))
            files.append(OutputFile(urls.vaughn_csv(release.id), published_csv(vaughn_table(rows, self.room.bases))))
        return files

    @staticmethod
    def document_pages(release: Release) -> list[tuple[Document, ...]]:
        """The release's documents in list pages of DOCUMENTS_PER_PAGE (one page when they fit on the release's)."""
        documents = release.documents
        if len(documents) <= RELEASE_DOCUMENTS:
            return [documents] if documents else []
        return [documents[i : i + DOCUMENTS_PER_PAGE] for i in range(0, len(documents), DOCUMENTS_PER_PAGE)]

    @staticmethod
    def page_totals(release: Release) -> dict[str, int]:
        """Pages released in full, released in part (a redaction on the page) and withheld, over its documents."""
        return dict(statistics.page_totals(release))

    @staticmethod
    def bates_of(spec: DocumentSpec, page: int) -> str:
        """The Bates number of a page (from 1): the first page's number counted on, its width kept."""
        return bates_of(spec.bates_start or "", page)

    @staticmethod
    def bates_range(spec: DocumentSpec) -> str:
        """A document's Bates range as printed: first to last, or the one number of a one-page document."""
        last = spec.bates_end if spec.bates_end and spec.bates_end != spec.bates_start else None
        return f"{spec.bates_start} \u2013 {last}" if last else spec.bates_start or ""

    def document_facets(self, release: Release, document: Document) -> Facets:
        """What a search result for a document shows, and the filters that find it."""
        date = document.spec.date or release.spec.release_date
        return Facets(
            filters={
                "kind": [self._("Document")],
                "agency": [release.spec.agency],
                "basis": self.basis_labels(list(document.pages_by_basis())),
                "year": [str(date.year)],
            },
            meta={"kind": self._("Document"), "agency": release.spec.agency, "date": date.isoformat()}
            | ({"bates": self.bates_range(document.spec)} if document.spec.bates_start else {}),
            sort={"date": date.isoformat()},
        )

    @staticmethod
    def has_vaughn(release: Release) -> bool:
        """Whether the release withholds anything (a Vaughn index row per redaction or withholding rule)."""
        return any(d.spec.redactions for d in release.documents) or any(d.rules for d in release.datasets)

    def vaughn_by_basis(self, rows: list[VaughnRow]) -> dict[str, list[VaughnRow]]:
        return by_basis(rows)

    def listing_page(self, template: str, url: str, title: str, **context: Any) -> OutputFile:
        """A page that lists other pages: a search would find it for every title it lists, so it is not indexed."""
        return replace(self.page(template, url, title, **context), searchable=False)

    def page(self, template: str, url: str, title: str, description: str = "", **context: Any) -> OutputFile:
        """A page from its template; ``description`` (plain text) is what search engines show for it."""

        language = self.language

        def link(to: str) -> str:
            """A link from this page: to a page in this page's language, or to a file (the same for every language)."""
            return urls.relative(language.prefix + url, language.prefix + to if urls.is_page(to) else to)

        def resolve(ref: Link) -> str:
            """A link of the reading room's own (opinion:, basis:, ...) in a text, as a link from this page."""
            return link(_prose_target(ref.scheme, ref.target))

        text = (
            environment(language)
            .get_template(template)
            .render(
                room=self.room,
                site=self,
                urls=urls,
                link=link,
                title=title,
                description=" ".join(description.split()),
                prose=lambda p: p.render(resolve),
                prose_sections=lambda p: p.sections(resolve),
                unpublished_banner=UNPUBLISHED_BANNER,
                language=language,
                basis_label=lambda basis: basis.label_in(language.code),
                basis_explanation=lambda basis: basis.explanation_in(language.code),
                basis_facets=self.basis_facets(),
                updated=self.updated(context).isoformat(),
                **context,
            )
        )
        return OutputFile(language.prefix + urls.source_path(url), text.encode("utf-8"))

    @staticmethod
    def download(release: Release, dataset: Dataset) -> Download:
        return dataset_downloads(release, dataset)[0]

    @staticmethod
    def parquet(release: Release, dataset: Dataset) -> Download:
        return dataset_downloads(release, dataset)[1]

    @staticmethod
    def spreadsheet(release: Release, dataset: Dataset) -> Download | None:
        """The dataset's spreadsheet copy, if it has one (a dataset too big for a spreadsheet has none)."""
        sheet = dataset.files.spreadsheet
        url = urls.spreadsheet(release.id, dataset.spec.name)
        return Download(url, sheet.size, sheet.sha256) if sheet is not None else None

    def bundle(self, release: Release) -> Download:
        """The release's zip: every file of it, its data package and SHA256SUMS."""
        return self.bundles[release.id]

    @staticmethod
    def preview(dataset: Dataset) -> Preview:
        """The bounded preview of a dataset (the gate rebuilds it from the published CSV the same way)."""
        return preview.build_preview(dataset.head, dataset.rules, dataset.row_count)

    @staticmethod
    def dictionary(dataset: Dataset) -> Dictionary:
        return preview.dictionary_fields(dataset.spec)

    @staticmethod
    def neutralised(dataset: Dataset) -> int:
        return dataset.files.neutralised

    @staticmethod
    def rules_for(dataset: Dataset, column: str) -> list[Any]:
        return [rule for rule in dataset.rules if rule.rule.column == column]

    def updated(self, context: Mapping[str, Any]) -> dt.date:
        """The date a page's content last changed, as the sitemap gives it: its release's date, its opinion's,
        its request's latest event's; for any other page, the newest of those in the room."""
        release, opinion, request = context.get("release"), context.get("opinion"), context.get("request")
        if isinstance(release, Release):
            return release.spec.release_date
        if isinstance(opinion, Opinion) and opinion.spec.date is not None:
            return opinion.spec.date
        if isinstance(request, Request):
            return request.as_of
        return self.newest

    @cached_property
    def newest(self) -> dt.date:
        """The newest date of the room's content (the epoch for an empty room)."""
        room = self.room
        dates = [r.spec.release_date for r in (*room.published, *room.withdrawn)]
        dates += [o.spec.date for o in room.opinions if o.spec.date is not None]
        dates += [request.as_of for request in room.requests]
        return max(dates, default=dt.date(1970, 1, 1))

    def release_linked_data(self, release: Release) -> Markup:
        """The release page's schema.org description: the release and every file it offers."""
        files: list[tuple[str, Download]] = []
        for dataset in release.datasets:
            csv, parquet = dataset_downloads(release, dataset)
            files += [(f"{dataset.spec.name}.csv", csv), (f"{dataset.spec.name}.parquet", parquet)]
        files += [
            (f"{d.id}.pdf", Download(urls.document_pdf(release.id, d.id), d.file.size, d.file.sha256))
            for d in release.documents
            if d.file is not None
        ]
        files.append((f"{release.id}.zip", self.bundle(release)))
        title, summary = self.title_of(release), self.summary_of(release).abstract
        return linked_data.script_text(
            linked_data.release_data(self.room, release, title, summary, self.language, files)
        )

    def dataset_linked_data(self, release: Release, dataset: Dataset) -> Markup:
        data = linked_data.dataset_data(self.room, release, dataset, self.language, dataset_downloads(release, dataset))
        return linked_data.script_text(data)

    def opinion_linked_data(self, opinion: Opinion) -> Markup:
        data = linked_data.opinion_data(self.room, opinion, self.outcome_of(opinion), self.language)
        return linked_data.script_text(data)

    def citation(self, release: Release, dataset: Dataset | None = None, document: Document | None = None) -> Citation:
        """How to cite a release page, or one of its datasets or documents (at its own page's address)."""
        spec = release.spec
        author = f"{spec.agency}, {spec.component}" if spec.component else spec.agency
        title, key, url, kind = spec.title, release.id, urls.release(release.id), "dataset"
        if dataset is not None:
            # A dataset's own page is its explore page.
            title, key = f"{dataset.spec.title} ({spec.title})", f"{release.id}-{dataset.spec.name}"
            url = urls.explore(release.id, dataset.spec.name)
        if document is not None:
            title, key = f"{document.spec.title} ({spec.title})", f"{release.id}-{document.id}"
            url, kind = urls.document(release.id, document.id), "document"
        return Citation(
            key=key,
            title=title,
            author=author,
            date=spec.release_date.isoformat(),
            version=release.version[:VERSION_CHARS],
            publisher=self.room.config.site_name,
            url=urls.permanent(self.room.config.site_url, url),
            kind=kind,
        )

    def opinion_citation(self, opinion: Opinion) -> Citation:
        """How to cite an opinion summary page (the opinion itself is cited as its ``source`` says)."""
        spec = opinion.spec
        return Citation(
            key=f"summary-{opinion.slug}",
            title=f"Summary of {spec.case_name}",
            author=self.room.config.site_name,
            date=spec.date.isoformat() if spec.date else "",
            version="",
            publisher=self.room.config.site_name,
            url=urls.permanent(self.room.config.site_url, urls.opinion(opinion.slug)),
            kind="legal_case",
        )

    @staticmethod
    def withheld_indices(dataset: Dataset, header: tuple[str, ...]) -> frozenset[int]:
        """The positions in ``header`` of columns that a rule may withhold (their headers are marked)."""
        ruled = {rule.rule.column for rule in dataset.rules}
        return frozenset(index for index, name in enumerate(header) if name in ruled)

    def release_facets(self, release: Release) -> Facets:
        """What a search result for a release shows, and the filters that find it."""
        kinds = [self._("Release"), self._("Dataset")] if release.datasets else [self._("Release")]
        date = release.spec.release_date
        return Facets(
            filters={
                "kind": kinds,
                "agency": [release.spec.agency],
                "basis": self.basis_labels(self.release_bases(release)),
                "year": [str(date.year)],
            },
            meta={"kind": self._("Release"), "agency": release.spec.agency, "date": date.isoformat()},
            sort={"date": date.isoformat()},
        )

    def translation(self, translations: Mapping[TranslationLanguage, T]) -> T | None:
        """The translation into this site's language among ``translations`` (by language code), if any."""
        return next((text for code, text in translations.items() if code == self.language.code), None)

    def title_of(self, release: Release) -> str:
        """The release's title in this site's language, where release.yml gives it (else as written)."""
        translation = self.translation(release.spec.translations)
        return translation.title if translation is not None and translation.title else release.spec.title

    def summary_of(self, release: Release) -> Prose:
        return release.translated_summaries.get(self.language.code, release.summary)

    def outcome_of(self, opinion: Opinion) -> str:
        translation = self.translation(opinion.spec.translations)
        return translation.outcome if translation is not None and translation.outcome else opinion.spec.outcome

    def body_of(self, opinion: Opinion) -> Prose:
        return opinion.translated_bodies.get(self.language.code, opinion.body)

    def basis_facets(self) -> Facets:
        kind = self._("Basis for withholding")
        return Facets(filters={"kind": [kind]}, meta={"kind": kind})

    def request_description(self, request: Request) -> str:
        """A request's summary's first paragraph, or who asked what of whom."""
        if request.summary is not None and request.summary.abstract:
            return request.summary.abstract
        values = {"requester": request.spec.requester, "agencies": "; ".join(request.spec.agencies)}
        return self._("%(requester)s asked %(agencies)s for %(title)s.") % {**values, "title": request.spec.title}

    def basis_labels(self, codes: list[str]) -> list[str]:
        """The labels of basis codes (every code was checked against the catalogue when loaded)."""
        code = self.language.code
        return [basis.label_in(code) for key in codes if (basis := self.room.bases.get(key)) is not None]

    def opinion_facets(self, opinion: Opinion) -> Facets:
        spec = opinion.spec
        date = spec.date.isoformat() if spec.date else ""
        kind = self._("Court opinion")
        meta = {"kind": kind, "court": spec.court, "date": date, "docket": spec.case_number or ""}
        return Facets(
            filters={
                "kind": [kind],
                "basis": self.basis_labels(spec.bases),
                "year": [str(spec.date.year)] if spec.date else [],
            },
            meta={key: value for key, value in meta.items() if value},
            sort={"date": date} if date else {},
        )

    def request_facets(self, request: Request) -> Facets:
        spec = request.spec
        date = spec.submitted.isoformat() if spec.submitted else ""
        meta = {"kind": self._("Request"), "status": self._(spec.status.value), "date": date}
        return Facets(
            # No agency filter: a request names agencies as its requester wrote them, not as releases do.
            filters={"kind": [self._("Request")], "year": [date[:4]] if date else []},
            meta={key: value for key, value in meta.items() if value},
            sort={"date": date} if date else {},
        )

    def facet_values(self) -> dict[str, list[str]]:
        """Every value each search filter can take, for the search page's controls (so that a visitor's
        browser need not fetch Pagefind's filter files, which grow with the room, before searching)."""
        facets = [
            *(self.release_facets(release) for release in self.room.published),
            *(self.opinion_facets(opinion) for opinion in self.room.opinions),
            *(self.document_facets(r, d) for r in self.room.published for d in r.documents),
            *(self.request_facets(request) for request in self.room.requests),
            self.basis_facets(),
        ]
        values: dict[str, set[str]] = {}
        for facet in facets:
            for key, found in facet.filters.items():
                values.setdefault(key, set()).update(found)
        return {key: sorted(found, reverse=key == "year") for key, found in sorted(values.items())}

    def totals(self) -> dict[str, int]:
        published = self.room.published
        pages = [self.page_totals(r) for r in published]
        return {
            "releases": len(published),
            "datasets": sum(len(r.datasets) for r in published),
            "rows": sum(d.row_count for r in published for d in r.datasets),
            "withheld": sum(d.withheld.total for r in published for d in r.datasets),
            "opinions": len(self.room.opinions),
            "documents": sum(len(r.documents) for r in published),
            **{f"pages_{kind}": sum(totals[kind] for totals in pages) for kind in ("full", "part", "withheld")},
            "requests": len(self.room.requests),
        }

    @staticmethod
    def release_rows(release: Release) -> int:
        return sum(d.row_count for d in release.datasets)

    @staticmethod
    def release_bases(release: Release) -> list[str]:
        """The bases a release withholds anything on: cells of its datasets and pages of its documents."""
        cells = {code for d in release.datasets for code in d.withheld.by_basis}
        return sorted(cells | {code for d in release.documents for code in d.pages_by_basis()})

    def years(self) -> list[int]:
        """Every year with a published or withdrawn release, newest first."""
        return sorted({r.spec.release_date.year for r in (*self.room.published, *self.room.withdrawn)}, reverse=True)

    def of_year(self, releases: tuple[Release, ...], year: int) -> list[Release]:
        return [release for release in releases if release.spec.release_date.year == year]

    def listing(self) -> Table:
        """Every release with a page, newest first, as the listing CSV holds them."""
        rows = [
            (
                release.id,
                release.spec.title,
                release.spec.agency,
                release.spec.release_date.isoformat(),
                self.room.state(release).value,
                " ".join(self.release_bases(release)),
                urls.release(release.id),
            )
            for release in (*self.room.published, *self.room.withdrawn)
        ]
        return Table(LISTING_HEADER, tuple(rows))


@dataclass(frozen=True)
class Facets:
    """A page's search facets (keys from generator.search.facets), written as a hidden block."""

    filters: dict[str, list[str]]
    meta: dict[str, str]
    sort: dict[str, str] = field(default_factory=dict)


def _prose_target(scheme: str, target: str) -> str:
    return {"release": urls.release, "opinion": urls.opinion, "basis": urls.basis}[scheme](target)


def render_site(room: ReadingRoom, cache: BuildCache | None = None) -> list[OutputFile]:
    """Every generated page and download, sorted by path: each page in every language (English at the root,
    the others under their prefix), each download once."""
    cache = cache or BuildCache(None)
    # The files that are the same in every language are written once.
    files, bundles = [], {}
    for release in room.published:
        written, bundles[release.id] = release_bundle(room, release, cache)
        files += written
    english = Site(room, cache, bundles=bundles)
    files += english.files()
    files.append(OutputFile(urls.RELEASES_LISTING, published_csv(english.listing())))
    files += api.api_files(room, english.release_bases, dataset_downloads, bundles)
    data = catalog.catalog(room, english.release_bases, dataset_downloads)
    files.append(OutputFile(catalog.CATALOG, api.encoded(data)))
    files += feeds.room_feeds(room, lambda release: english.basis_labels(english.release_bases(release)))
    for language in LANGUAGES:
        if language != ENGLISH:
            # Its pages, and the files drawn in its words (the statistics' charts), under its prefix.
            translated = Site(room, cache, language, bundles).files()
            files += [file for file in translated if file.is_page or file.path.startswith(language.prefix)]
    return sorted(files, key=lambda file: file.path)
