"""The room's catalogue for harvesters: ``/data.json`` in the DCAT-US 1.1 (Project Open Data) format.

One entry per published dataset (its CSV and Parquet copy, the release's data package and zip) and one
per release's set of documents (each PDF, and the zip). Publisher and contact point are the organisation
of ``site.yml`` (the room's name without one); the contact is never an e-mail address, which the gate
refuses, so the catalogue follows DCAT-US's non-federal profile, where ``hasEmail`` is optional. Every
entry is ``accessLevel: public`` (a room publishes only what was released) and names the licence of
``site.yml`` when it gives one. Identifiers and URLs are the pages' permanent addresses (absolute with
``site_url``, root-relative without).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator import urls
from generator.releases import Dataset, Release
from generator.render.downloads import Download
from generator.room import ReadingRoom

CATALOG = "data.json"
SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
MEDIA_TYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet", "zip": "application/zip"}


def catalog(
    room: ReadingRoom,
    bases_of: Callable[[Release], list[str]],
    downloads: Callable[[Release, Dataset], tuple[Download, Download]],
) -> dict[str, Any]:
    """The catalogue of every published release's datasets and documents, in the listing's order."""
    entries = []
    for release in room.published:
        entries += [
            _dataset(room, release, dataset, bases_of, downloads(release, dataset)) for dataset in release.datasets
        ]
        if any(document.file is not None for document in release.documents):
            entries.append(_documents(room, release, bases_of))
    return {
        "@context": f"{SCHEMA}/catalog.jsonld",
        "@id": urls.permanent(room.config.site_url, CATALOG),
        "@type": "dcat:Catalog",
        "conformsTo": SCHEMA,
        "describedBy": f"{SCHEMA}/catalog.json",
        "dataset": entries,
    }


def _common(room: ReadingRoom, release: Release, bases_of: Callable[[Release], list[str]]) -> dict[str, Any]:
    """What a release's entries share: publisher, contact, dates, keywords, licence, landing page."""
    site_url = room.config.site_url
    settings = room.settings.spec if room.settings is not None else None
    publisher = settings.organisation if settings is not None else room.config.site_name
    labels = [basis.label for code in bases_of(release) if (basis := room.bases.get(code)) is not None]
    common: dict[str, Any] = {
        "keyword": sorted({release.spec.agency, "FOIA", *labels}),
        "modified": release.spec.release_date.isoformat(),
        "issued": release.spec.release_date.isoformat(),
        "publisher": {"@type": "org:Organization", "name": publisher},
        "contactPoint": {"@type": "vcard:Contact", "fn": publisher},
        "accessLevel": "public",
        "landingPage": urls.permanent(site_url, urls.release(release.id)),
        "isPartOf": urls.permanent(site_url, urls.release(release.id)),
        "describedBy": urls.permanent(site_url, urls.data_package(release.id)),
        "describedByType": "application/json",
    }
    if settings is not None and settings.license is not None:
        common["license"] = settings.license.url
    return common


def _distribution(room: ReadingRoom, title: str, url: str, kind: str) -> dict[str, Any]:
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "downloadURL": urls.permanent(room.config.site_url, url),
        "mediaType": MEDIA_TYPES.get(kind, "application/pdf"),
        "format": kind.upper(),
    }


def _dataset(
    room: ReadingRoom,
    release: Release,
    dataset: Dataset,
    bases_of: Callable[[Release], list[str]],
    files: tuple[Download, Download],
) -> dict[str, Any]:
    spec = dataset.spec
    csv, parquet = files
    return {
        "@type": "dcat:Dataset",
        "title": f"{spec.title} ({release.spec.title})",
        "description": spec.description,
        "identifier": urls.permanent(room.config.site_url, urls.explore(release.id, spec.name)),
        **_common(room, release, bases_of),
        "distribution": [
            _distribution(room, f"{spec.name}.csv", csv.url, "csv"),
            _distribution(room, f"{spec.name}.parquet", parquet.url, "parquet"),
            _distribution(room, f"{release.id}.zip", urls.bundle(release.id), "zip"),
        ],
    }


def _documents(room: ReadingRoom, release: Release, bases_of: Callable[[Release], list[str]]) -> dict[str, Any]:
    published = [document for document in release.documents if document.file is not None]
    return {
        "@type": "dcat:Dataset",
        "title": f"Documents of {release.spec.title}",
        "description": release.summary.abstract or release.spec.title,
        "identifier": urls.permanent(room.config.site_url, urls.release(release.id)) + "#release-documents",
        **_common(room, release, bases_of),
        "distribution": [
            *(
                _distribution(room, document.spec.title, urls.document_pdf(release.id, document.id), "pdf")
                for document in published
            ),
            _distribution(room, f"{release.id}.zip", urls.bundle(release.id), "zip"),
        ],
    }
