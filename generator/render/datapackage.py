"""A release as a Frictionless Data Package (v1): ``releases/<release-id>/datapackage.json``.

Every dataset is a tabular resource (its published CSV, with its size, SHA-256, dialect and Table
Schema); every published document a resource of its own (its PDF). Paths are relative to the
package's folder, which is the release's, so the package reads the same from the site and from the
release's zip (generator/render/bundle.py), where it sits beside the same files.

What Frictionless has no word for is written as documented custom properties:

- ``withholding`` on a field: the rules that withhold its cells (basis code, its marker, its citation,
  the condition and the opinion that decided it). A withheld cell holds its marker, which the schema's
  ``missingValues`` lists, so a tool reads it as a missing value of the field's type;
- ``synthetic`` on the package: true for a release of made-up sample data.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from generator import urls
from generator.bases import Basis, Catalogue
from generator.models import SchemaField
from generator.releases import Dataset, Release
from generator.render.downloads import Download, neutralise
from generator.room import ReadingRoom

# The CSV dialect every published CSV is written in (generator.render.downloads.csv_bytes).
DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}
# A column withheld on more bases than this lists only each basis's own marker and the marker naming them all
# (every combination of 13 bases would be 8,191 markers).
COMBINED_MARKERS_UP_TO = 6


def relative_to_release(release_id: str, url: str) -> str:
    """A file's path in its release's package: its site path below the release's folder."""
    return url.removeprefix(urls.release(release_id))


def markers(catalogue: Catalogue, bases: Sequence[Basis]) -> list[str]:
    """Every marker a cell withheld on some of ``bases`` can hold: each basis alone and together."""
    distinct = catalogue.in_order(bases)
    if len(distinct) > COMBINED_MARKERS_UP_TO:
        groups: list[tuple[Basis, ...]] = [(basis,) for basis in distinct] + [tuple(distinct)]
    else:
        sizes = range(1, len(distinct) + 1)
        groups = [group for size in sizes for group in itertools.combinations(distinct, size)]
    return [catalogue.marker(group) for group in groups]


def field_descriptor(field: SchemaField, dataset: Dataset, catalogue: Catalogue) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "name": field.name,
        "title": field.title,
        "description": field.description,
        "type": field.type.value,
    }
    if field.type.value == "date":
        descriptor["format"] = "default"  # ISO 8601, YYYY-MM-DD
    if field.constraints is not None and field.constraints.enum:
        # As published: a value a spreadsheet would run as a formula carries its apostrophe in the CSV too.
        descriptor["constraints"] = {"enum": [neutralise(value) for value in field.constraints.enum]}
    rules = [rule for rule in dataset.rules if rule.rule.column == field.name]
    if rules:
        descriptor["withholding"] = [
            {
                "basis": rule.basis.code,
                "marker": rule.basis.marker,
                "label": rule.basis.label,
                "citation": rule.basis.citation,
                "where": {"column": rule.rule.where.column, "in": list(rule.rule.where.in_)}
                if rule.rule.where
                else None,
                "authority": rule.rule.authority,
            }
            for rule in rules
        ]
    return descriptor


def dataset_resource(release: Release, dataset: Dataset, csv: Download, catalogue: Catalogue) -> dict[str, Any]:
    spec = dataset.spec
    withheld = {field: [rule.basis for rule in dataset.rules if rule.rule.column == field] for field in dataset.header}
    missing = sorted({marker for bases in withheld.values() if bases for marker in markers(catalogue, bases)})
    return {
        "profile": "tabular-data-resource",
        "name": spec.name,
        "path": relative_to_release(release.id, csv.url),
        "title": spec.title,
        "description": spec.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": csv.size,
        "hash": f"sha256:{csv.sha256}",
        "dialect": DIALECT,
        "schema": {
            "fields": [field_descriptor(field, dataset, catalogue) for field in spec.schema_.fields],
            "missingValues": ["", *missing],
        },
    }


def document_resources(release: Release) -> list[dict[str, Any]]:
    return [
        {
            "profile": "data-resource",
            "name": f"document-{document.id}",
            "path": relative_to_release(release.id, urls.document_pdf(release.id, document.id)),
            "title": document.spec.title,
            **({"description": document.spec.description} if document.spec.description else {}),
            "format": "pdf",
            "mediatype": "application/pdf",
            "bytes": document.file.size,
            "hash": f"sha256:{document.file.sha256}",
        }
        for document in release.documents
        if document.file is not None
    ]


def descriptor(
    room: ReadingRoom, release: Release, version: str, csv_of: Callable[[Dataset], Download]
) -> dict[str, Any]:
    """The data package of a published release (``version``: the version its citation names)."""
    spec = release.spec
    site_url = room.config.site_url
    settings = room.settings.spec if room.settings is not None else None
    request = room.request(spec.request_id)
    sources = [{"title": f"{spec.agency}, {spec.component}" if spec.component else spec.agency}]
    if request is not None:
        sources.append({"title": request.spec.title, "path": urls.permanent(site_url, urls.request(request.id))})
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": release.id,
        "id": urls.permanent(site_url, urls.release(release.id)),
        "title": spec.title,
        "description": release.summary.abstract,
        "homepage": urls.permanent(site_url, urls.release(release.id)),
        "version": version,
        "created": f"{spec.release_date.isoformat()}T00:00:00Z",
        "keywords": sorted({spec.agency, *(basis.label for basis in _bases(room, release))}),
        "sources": sources,
        "contributors": [{"title": settings.organisation, "role": "publisher"}] if settings else [],
        "synthetic": spec.synthetic,
    }
    license_ = settings.license if settings is not None else None
    if license_ is not None:
        named = {"name": license_.spdx} if license_.spdx else {}
        package["licenses"] = [named | {"path": license_.url, "title": license_.title}]
    package["resources"] = [
        *(dataset_resource(release, dataset, csv_of(dataset), room.bases) for dataset in release.datasets),
        *document_resources(release),
    ]
    return package


def _bases(room: ReadingRoom, release: Release) -> list[Basis]:
    codes = {rule.basis.code for dataset in release.datasets for rule in dataset.rules}
    codes |= {code for document in release.documents for code in document.pages_by_basis()}
    return [basis for basis in room.bases.bases if basis.code in codes]
