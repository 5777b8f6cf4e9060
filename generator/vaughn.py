"""The Vaughn index of a release: one row per withheld item, generated from what the release declares and
the build verified (never hand-written), as litigants and courts use it to review withholdings.

An item is a document withheld whole, the pages a redaction covers, or a dataset column a rule withholds
(with its condition and the number of cells the build found withheld).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.bases import Catalogue
from generator.releases import Release
from generator.tables import Table

CSV_HEADER = (
    "item",
    "item_id",
    "title",
    "withheld",
    "pages_or_cells",
    "bases",
    "citations",
    "authority",
    "justification",
    "disposition",
    "url",
)


@dataclass(frozen=True)
class VaughnRow:
    kind: str  # "document" or "dataset"
    item_id: str
    title: str
    url: str  # the item's page (a document's page, or the release page for a dataset)
    withheld: str  # what of it, in English (vaughn.csv): "pages 3-5", "the whole document", "column x where ..."
    amount: int  # pages or cells
    bases: tuple[str, ...]
    authority: str | None
    justification: str
    disposition: str
    # What of it, as parts a page puts into words in its own language (see vaughn.md.j2).
    pages: str | None = None  # a document's pages (None: the whole document)
    column: str = ""  # a dataset's column
    where: tuple[str, tuple[str, ...]] | None = None  # the condition's column and values
    stated: bool = True  # False when the justification is the basis's own explanation


def vaughn_rows(release: Release) -> list[VaughnRow]:
    """Every withheld item of a release: documents in their listed order, then datasets' rules."""
    rows = []
    for document in release.documents:
        spec = document.spec
        for redaction in spec.redactions:
            pages = redaction.pages
            rows.append(
                VaughnRow(
                    "document",
                    spec.id,
                    spec.title,
                    urls.document(release.id, spec.id),
                    f"pages {pages}" if pages and "-" in pages else f"page {pages}" if pages else "the whole document",
                    len(document.pages_of(redaction)),
                    tuple(redaction.basis),
                    redaction.authority,
                    redaction.justification,
                    spec.disposition.value,
                    pages=pages,
                )
            )
    for dataset in release.datasets:
        for rule in dataset.rules:
            column, where = rule.rule.column, rule.rule.where
            condition = f" where {where.column} is one of: {', '.join(where.in_)}" if where else ""
            rows.append(
                VaughnRow(
                    "dataset",
                    dataset.spec.name,
                    dataset.spec.title,
                    urls.release(release.id),
                    f"column {column}{condition}",
                    dataset.withheld.by_column.get((column, rule.basis.code), 0),
                    (rule.basis.code,),
                    rule.rule.authority,
                    rule.rule.justification or rule.basis.explanation,
                    "released-in-part",
                    column=column,
                    where=(where.column, tuple(where.in_)) if where else None,
                    stated=rule.rule.justification is not None,
                )
            )
    return rows


def by_basis(rows: list[VaughnRow]) -> dict[str, list[VaughnRow]]:
    """The same rows grouped under each basis they cite (a row citing two bases is under both), codes sorted."""
    grouped: dict[str, list[VaughnRow]] = {}
    for row in rows:
        for code in row.bases:
            grouped.setdefault(code, []).append(row)
    return dict(sorted(grouped.items()))


def vaughn_table(rows: list[VaughnRow], bases: Catalogue) -> Table:
    """The index as vaughn.csv holds it: bases by code and by citation, links site-relative."""
    return Table(
        CSV_HEADER,
        tuple(
            (
                row.kind,
                row.item_id,
                row.title,
                row.withheld,
                str(row.amount),
                " ".join(row.bases),
                "; ".join(basis.citation for code in row.bases if (basis := bases.get(code)) is not None),
                row.authority or "",
                row.justification,
                row.disposition,
                row.url,
            )
            for row in rows
        ),
    )
