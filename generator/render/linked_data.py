"""schema.org descriptions of pages, as JSON-LD, for search engines (Google Dataset Search reads ``Dataset``).

A release page describes the release as a ``Dataset`` (its datasets' files, its documents and its zip as
``DataDownload`` distributions), a dataset's explore page describes the dataset, and an opinion page its
summary as a ``CreativeWork`` about the opinion. Values are the content's own text, encoded as JSON with
``<``, ``>`` and ``&`` escaped (``\\u003c``...), so that no value can end the ``<script>`` element it is
written in; the gate allows exactly such blocks (generator/gate/linked_data.py).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.languages import Language
from generator.opinions import Opinion
from generator.releases import Dataset, Release
from generator.render.downloads import Download
from generator.room import ReadingRoom

CONTEXT = "https://schema.org"
ENCODINGS = {".csv": "text/csv", ".parquet": "application/vnd.apache.parquet", ".zip": "application/zip"}
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_text(data: dict[str, Any]) -> Markup:
    """The JSON-LD as it goes between ``<script type="application/ld+json">`` and ``</script>``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return Markup(text)  # noqa: S704 - no markup-special character is left in it


def _organisation(room: ReadingRoom) -> dict[str, Any]:
    settings = room.settings.spec if room.settings is not None else None
    name = settings.organisation if settings is not None else room.config.site_name
    url = settings.organisation_url if settings is not None else None
    return {"@type": "Organization", "name": name} | ({"url": url} if url else {})


def _download(room: ReadingRoom, name: str, download: Download) -> dict[str, Any]:
    suffix = name[name.rfind(".") :]
    return {
        "@type": "DataDownload",
        "name": name,
        "contentUrl": urls.permanent(room.config.site_url, download.url),
        "encodingFormat": ENCODINGS.get(suffix, "application/pdf"),
        "contentSize": f"{download.size} B",
        "sha256": download.sha256,
    }


def _shared(room: ReadingRoom, release: Release, language: Language) -> dict[str, Any]:
    spec = release.spec
    shared: dict[str, Any] = {
        "creator": {
            "@type": "Organization",
            "name": f"{spec.agency}, {spec.component}" if spec.component else spec.agency,
        },
        "publisher": _organisation(room),
        "datePublished": spec.release_date.isoformat(),
        "version": release.version[:12],
        "isAccessibleForFree": True,
        "inLanguage": language.code,
    }
    settings = room.settings.spec if room.settings is not None else None
    if settings is not None and settings.license is not None:
        shared["license"] = settings.license.url
    return shared


def release_data(
    room: ReadingRoom,
    release: Release,
    title: str,
    description: str,
    language: Language,
    files: list[tuple[str, Download]],
) -> dict[str, Any]:
    """A release page's description: ``files`` are (file name, download) of everything it offers."""
    url = urls.permanent(room.config.site_url, language.prefix + urls.release(release.id))
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": title,
        "description": description or title,
        "identifier": release.id,
        "url": url,
        "keywords": sorted({release.spec.agency, "FOIA"}),
        **_shared(room, release, language),
        "distribution": [_download(room, name, download) for name, download in files],
    }


def dataset_data(
    room: ReadingRoom, release: Release, dataset: Dataset, language: Language, files: tuple[Download, Download]
) -> dict[str, Any]:
    """A dataset's explore page's description: its CSV and Parquet copy, its columns as variables."""
    spec = dataset.spec
    site_url = room.config.site_url
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": spec.title,
        "description": spec.description,
        "identifier": f"{release.id}/{spec.name}",
        "url": urls.permanent(site_url, language.prefix + urls.explore(release.id, spec.name)),
        "isPartOf": urls.permanent(site_url, language.prefix + urls.release(release.id)),
        **_shared(room, release, language),
        "variableMeasured": [field.title for field in spec.schema_.fields],
        "distribution": [
            _download(room, f"{spec.name}{suffix}", file)
            for suffix, file in zip((".csv", ".parquet"), files, strict=True)
        ],
    }


def opinion_data(room: ReadingRoom, opinion: Opinion, description: str, language: Language) -> dict[str, Any]:
    """An opinion page's description: a summary (a ``CreativeWork``) about the court's opinion."""
    spec = opinion.spec
    about: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": spec.case_name,
        "author": {"@type": "Organization", "name": spec.court},
    }
    if spec.date is not None:
        about["datePublished"] = spec.date.isoformat()
    if spec.case_number:
        about["identifier"] = spec.case_number
    links = [link for link in (spec.source_url, spec.courtlistener_url) if link]
    if links:
        about["sameAs"] = links
    return {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "name": f"Summary of {spec.case_name}",
        "description": description,
        "url": urls.permanent(room.config.site_url, language.prefix + urls.opinion(opinion.slug)),
        "publisher": _organisation(room),
        "inLanguage": language.code,
        "about": about,
    }
