"""The static JSON API: what the listing and detail pages show, as JSON files beside them.

- ``api/releases.json``: every release with a page, newest first, ``PAGE_ENTRIES`` to a file; the next
  ones in ``api/releases-2.json`` and on (each file names the next, so no file grows with the room);
- ``api/releases/<release-id>.json``: one release as its page shows it (datasets with their columns and
  withholding rules, documents, downloads with size and SHA-256);
- ``api/opinions.json``, ``api/requests.json``, ``api/bases.json``: as their index pages list them.

Values are the content's own text (JSON-escaped by the encoder, never markup) and site-relative URLs.
The files are byte-identical from build to build (keys in a fixed order, no clock).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from generator import urls
from generator.bases import Basis
from generator.opinions import Opinion
from generator.output import OutputFile
from generator.releases import Dataset, Release
from generator.render.downloads import Download
from generator.requests import Request
from generator.room import ReadingRoom

API = "api/"
PAGE_ENTRIES = 1_000  # releases per file of the list: at 10,000 releases, 10 files well under 5 MB each
VERSION = 1


def releases_page(number: int) -> str:
    """The list of releases, a file of ``PAGE_ENTRIES`` at a time (the first at api/releases.json)."""
    return f"{API}releases.json" if number == 1 else f"{API}releases-{number}.json"


def release_file(release_id: str) -> str:
    return f"{API}releases/{release_id}.json"


def encoded(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8") + b"\n"


def release_entry(room: ReadingRoom, release: Release, bases: Sequence[str]) -> dict[str, Any]:
    """A release as the lists show it."""
    spec = release.spec
    return {
        "id": release.id,
        "title": spec.title,
        "agency": spec.agency,
        "component": spec.component,
        "release_date": spec.release_date.isoformat(),
        "status": room.state(release).value,
        "synthetic": spec.synthetic,
        "bases": list(bases),
        "datasets": len(release.datasets),
        "documents": len(release.documents),
        "url": urls.release(release.id),
        "api": release_file(release.id),
    }


def dataset_entry(release: Release, dataset: Dataset, csv: Download, parquet: Download) -> dict[str, Any]:
    """A dataset as its release page shows it: columns, withholding rules, counts and downloads."""
    rules = [
        {
            "column": rule.rule.column,
            "basis": rule.basis.code,
            "where": {"column": rule.rule.where.column, "in": list(rule.rule.where.in_)} if rule.rule.where else None,
            "authority": rule.rule.authority,
        }
        for rule in dataset.rules
    ]
    return {
        "name": dataset.spec.name,
        "title": dataset.spec.title,
        "description": dataset.spec.description,
        "synthetic": release.spec.synthetic,
        "rows": dataset.row_count,
        "columns": [
            {"name": f.name, "title": f.title, "type": f.type.value, "description": f.description}
            for f in dataset.spec.schema_.fields
        ],
        "withholding": rules,
        "withheld_cells": {
            "total": dataset.withheld.total,
            "by_basis": dict(sorted(dataset.withheld.by_basis.items())),
        },
        "downloads": [
            {"format": "csv", "url": csv.url, "bytes": csv.size, "sha256": csv.sha256},
            {"format": "parquet", "url": parquet.url, "bytes": parquet.size, "sha256": parquet.sha256},
        ],
        "explore": urls.explore(release.id, dataset.spec.name),
    }


def release_detail(
    room: ReadingRoom,
    release: Release,
    bases: Sequence[str],
    downloads: Callable[[Dataset], tuple[Download, Download]],
    bundle: Download,
) -> dict[str, Any]:
    """One release as its page shows it."""
    spec = release.spec
    documents = [
        {
            "id": document.id,
            "title": document.spec.title,
            "exhibit": document.spec.exhibit,
            "disposition": document.spec.disposition.value,
            "pages": document.spec.pages,
            "pages_withheld_in_whole_or_part": len(document.redacted_pages),
            "bases": list(document.pages_by_basis()),
            "url": urls.document(release.id, document.id),
            "pdf": (
                {"url": urls.document_pdf(release.id, document.id), "bytes": document.file.size}
                | {"sha256": document.file.sha256}
                if document.file is not None
                else None
            ),
        }
        for document in release.documents
    ]
    return {
        "version": VERSION,
        **release_entry(room, release, bases),
        "summary": release.summary.abstract,
        "request": spec.request_id,
        "opinions": [opinion.slug for opinion in room.opinions_for(release)],
        "approved_by": spec.approval.approved_by,
        "approved_on": spec.approval.approved_on.isoformat(),
        "datasets": [dataset_entry(release, dataset, *downloads(dataset)) for dataset in release.datasets],
        "documents": documents,
        "data_package": urls.data_package(release.id),
        "zip": {"url": bundle.url, "bytes": bundle.size, "sha256": bundle.sha256},
    }


def opinion_entry(opinion: Opinion) -> dict[str, Any]:
    spec = opinion.spec
    return {
        "slug": opinion.slug,
        "case_name": spec.case_name,
        "court": spec.court,
        "docket_number": spec.case_number,
        "date": spec.date.isoformat() if spec.date else None,
        "judge": spec.judge,
        "outcome": spec.outcome,
        "bases": list(spec.bases),
        "source": spec.source,
        "links": {"court": spec.source_url, "courtlistener": spec.courtlistener_url, "docket": spec.docket_url},
        "url": urls.opinion(opinion.slug),
    }


def request_entry(room: ReadingRoom, request: Request) -> dict[str, Any]:
    spec = request.spec
    pages, approximate = request.pages_found()
    return {
        "id": request.id,
        "title": spec.title,
        "requester": spec.requester,
        "agencies": list(spec.agencies),
        "status": spec.status.value,
        "submitted": spec.submitted.isoformat() if spec.submitted else None,
        "age_days": request.age,
        "as_of": request.as_of.isoformat(),
        "pages_found": pages,
        "pages_found_approximate": approximate,
        "releases": [release.id for release in room.releases_under(request)],
        "url": urls.request(request.id),
    }


def basis_entry(room: ReadingRoom, basis: Basis) -> dict[str, Any]:
    code = basis.code
    return {
        "code": basis.code,
        "marker": basis.marker,
        "label": basis.label,
        "citation": basis.citation,
        "explanation": basis.explanation,
        "translations": {language: dict(text) for language, text in sorted(basis.translations.items())},
        "cells_withheld": sum(use.cells for use in room.basis_uses.get(code, [])),
        "document_pages_withheld": sum(use.pages for use in room.basis_documents.get(code, [])),
        "url": urls.basis(code),
    }


def api_files(
    room: ReadingRoom,
    release_bases: Callable[[Release], list[str]],
    downloads: Callable[[Release, Dataset], tuple[Download, Download]],
    bundles: Mapping[str, Download],
) -> list[OutputFile]:
    """Every file of the API."""
    listed = [*room.published, *room.withdrawn]
    files = []
    pages = [listed[start : start + PAGE_ENTRIES] for start in range(0, len(listed), PAGE_ENTRIES)] or [[]]
    for number, chunk in enumerate(pages, start=1):
        data = {
            "version": VERSION,
            "releases": [release_entry(room, release, release_bases(release)) for release in chunk],
            "total": len(listed),
            "next": releases_page(number + 1) if number < len(pages) else None,
        }
        files.append(OutputFile(releases_page(number), encoded(data)))
    for release in room.published:
        detail = release_detail(room, release, release_bases(release), partial(downloads, release), bundles[release.id])
        files.append(OutputFile(release_file(release.id), encoded(detail)))
    opinions = [opinion_entry(opinion) for opinion in room.opinions]
    files.append(OutputFile(f"{API}opinions.json", encoded({"version": VERSION, "opinions": opinions})))
    requests = [request_entry(room, request) for request in room.requests]
    files.append(OutputFile(f"{API}requests.json", encoded({"version": VERSION, "requests": requests})))
    bases = [basis_entry(room, basis) for basis in room.bases.bases]
    files.append(OutputFile(f"{API}bases.json", encoded({"version": VERSION, "bases": bases})))
    return files
