"""The site's URL contract. These paths are public and must stay stable.

URLs are directory-style and relative to the site root ("" is the home page).
Pages are named by the Markdown file that produces them (``src``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from generator.languages import ENGLISH, LANGUAGES, Language

HOME = ""
RELEASES = "releases/"
OPINIONS = "opinions/"
REQUESTS = "requests/"
BASES = "bases/"
SEARCH = "search/"
ABOUT = "about/"
STATISTICS = "statistics/"


# Every release and its bases, one row each: the full list, which no page holds once there are thousands.
RELEASES_LISTING = "releases/releases.csv"


def release(release_id: str) -> str:
    return f"releases/{release_id}/"


def releases_of_year(year: int) -> str:
    """The list of one year's releases (a release id is never a four-digit year, so never this URL)."""
    return f"releases/{year}/"


def download(release_id: str, dataset_name: str) -> str:
    return f"releases/{release_id}/{dataset_name}.csv"


def parquet(release_id: str, dataset_name: str) -> str:
    """The dataset's typed copy for data tools, next to its CSV."""
    return f"releases/{release_id}/{dataset_name}.parquet"


def spreadsheet(release_id: str, dataset_name: str) -> str:
    """The dataset's spreadsheet copy (text as text, numbers and dates typed, a dictionary sheet)."""
    return f"releases/{release_id}/{dataset_name}.xlsx"


def explore(release_id: str, dataset_name: str) -> str:
    """A dataset's explore page: every row, to filter, sort and link to (under explore/, which no document or
    dataset of the release can be named as a page of)."""
    return f"releases/{release_id}/explore/{dataset_name}/"


def explore_file(release_id: str, dataset_name: str, name: str) -> str:
    """A file beside the explore page that its script loads: data.json, or a part (part-0001.json, ...)."""
    return f"{explore(release_id, dataset_name)}{name}"


def dataset_files(
    release_id: str, dataset_name: str, parts: Sequence[str] = (), with_spreadsheet: bool = False
) -> tuple[str, ...]:
    """A dataset's published data: its CSV, its Parquet copy, its spreadsheet copy (when it has one) and the
    explore page's parts (by file name)."""
    explored = (explore_file(release_id, dataset_name, part) for part in parts)
    sheet = (spreadsheet(release_id, dataset_name),) if with_spreadsheet else ()
    return download(release_id, dataset_name), parquet(release_id, dataset_name), *sheet, *explored


def documents(release_id: str, page: int = 1) -> str:
    """A release's list of documents, a page at a time: the first at documents/, the next at documents/pages/2/
    (never documents/2/, which is the page of a document whose id is "2")."""
    return f"releases/{release_id}/documents/" if page == 1 else f"releases/{release_id}/documents/pages/{page}/"


def document(release_id: str, document_id: str) -> str:
    return f"releases/{release_id}/documents/{document_id}/"


def document_pdf(release_id: str, document_id: str) -> str:
    """A document's PDF, beside its page (a document id is a slug, never a number of a list page)."""
    return f"releases/{release_id}/documents/{document_id}.pdf"


def vaughn(release_id: str) -> str:
    """The release's Vaughn index: one row per withheld item, with basis, authority and justification."""
    return f"releases/{release_id}/vaughn/"


def vaughn_csv(release_id: str) -> str:
    return f"releases/{release_id}/vaughn.csv"


def data_package(release_id: str) -> str:
    """The release's Frictionless data package, which describes its files relative to its folder."""
    return f"releases/{release_id}/datapackage.json"


def bundle(release_id: str) -> str:
    """The whole release in one zip (a dataset's files end in .csv and .parquet, a document's in .pdf: never this)."""
    return f"releases/{release_id}/{release_id}.zip"


# The Atom feed of every release (newest first), linked from every page's head.
FEED = "feed.xml"


def agency_feed(agency_slug: str) -> str:
    """The feed of one agency's releases (the slug is generator.render.feeds.agency_slug's)."""
    return f"agencies/{agency_slug}/feed.xml"


def request_feed(request_id: str) -> str:
    """The feed of a request's events and releases, beside its page."""
    return f"requests/{request_id}/feed.xml"


def statistics_file(name: str) -> str:
    """A file of the statistics page: a chart (``<name>.svg``) or its numbers (``<name>.csv``)."""
    return f"{STATISTICS}{name}"


def request(request_id: str) -> str:
    return f"requests/{request_id}/"


def opinion(slug: str) -> str:
    return f"opinions/{slug}/"


def basis(code: str) -> str:
    return f"bases/{code}/"


def source_path(url: str) -> str:
    """The Markdown file (relative to the docs folder) that MkDocs serves at a page URL."""
    if url == HOME:
        return "index.md"
    if url in (RELEASES, OPINIONS, REQUESTS, BASES) or url.startswith(RELEASES):
        return f"{url}index.md"
    return f"{url.rstrip('/')}.md"


def permanent(site_url: str, url: str) -> str:
    """A page's permanent address: under the site's published address, or from the site's root without one."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else f"/{url}"


def in_every_language(url: str) -> list[str]:
    """A page's URL in each language of the site (English first): the same page, in other words."""
    return [language.prefix + url for language in LANGUAGES]


def language_of(url: str) -> Language:
    """The language of the page at ``url``: the one whose prefix it starts with, else English (no prefix)."""
    return next((item for item in LANGUAGES if item.prefix and url.startswith(item.prefix)), ENGLISH)


def without_language(url: str) -> str:
    """A URL with its language's prefix removed (a page's English URL)."""
    return url[len(language_of(url).prefix) :]


def is_page(url: str) -> bool:
    """True for a page's URL (directory-style, or the home page's ""), False for a file's."""
    return url == HOME or url.endswith("/")


def relative(from_page: str, to: str) -> str:
    """A link from the page at ``from_page`` to ``to``, relative so the site works under any base path."""
    start = posixpath.dirname(from_page.rstrip("/")) if not from_page.endswith("/") else from_page.rstrip("/")
    target = to.rstrip("/") or "."
    href = posixpath.relpath(target or ".", start or ".")
    if to.endswith("/") and href != ".":
        href += "/"
    return "./" if href == "." else href
