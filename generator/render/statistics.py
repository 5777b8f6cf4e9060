"""The room in numbers, for /statistics/: each statistic a chart (an SVG drawn at build time), a table and a CSV.

Four statistics: published releases per year; cells withheld per basis; document pages released in full,
released in part and withheld, per agency; requests by status and age. Each is computed once from the
loaded room; its words (title, column names, the chart's text) come in the page's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from generator.releases import Release
from generator.render.charts import Chart
from generator.room import ReadingRoom

# A request's age, in days from submission to its latest event, as the chart groups it: under the first
# limit, under the second, and older.
AGE_LIMITS = (365, 730)


@dataclass(frozen=True)
class Statistic:
    """A statistic: its file name (``<name>.svg``, ``<name>.csv``), what it shows and its numbers."""

    name: str
    title: str
    description: str  # the chart's text alternative: what it shows, in a sentence
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # a label, then one count per series
    value_label: str

    @property
    def chart(self) -> Chart | None:
        """The chart of the numbers, or None when there are none yet."""
        if not self.rows:
            return None
        series = tuple(
            (name, tuple(float(row[index]) for row in self.rows)) for index, name in enumerate(self.header[1:], 1)
        )
        return Chart(self.title, tuple(row[0] for row in self.rows), series, self.value_label)


def statistics(room: ReadingRoom, _: Callable[[str], str], label_of: Callable[[str], str]) -> list[Statistic]:
    """Every statistic of the room, its words translated by ``_`` and its bases named by ``label_of`` (a code)."""
    return [_per_year(room, _), _per_basis(room, _, label_of), _pages(room, _), _requests(room, _)]


def _per_year(room: ReadingRoom, _: Callable[[str], str]) -> Statistic:
    years = Counter(release.spec.release_date.year for release in room.published)
    return Statistic(
        "releases-per-year",
        _("Releases per year"),
        _("A bar for each year: how many releases were published in it."),
        (_("Year"), _("Releases")),
        tuple((str(year), str(count)) for year, count in sorted(years.items())),
        _("Releases"),
    )


def _per_basis(room: ReadingRoom, _: Callable[[str], str], label_of: Callable[[str], str]) -> Statistic:
    cells = {code: sum(use.cells for use in uses) for code, uses in room.basis_uses.items()}
    rows = tuple((label_of(code), str(count)) for code, count in sorted(cells.items()) if count)
    return Statistic(
        "withheld-cells-per-basis",
        _("Cells withheld per basis"),
        _("A bar for each basis for withholding: how many cells of the published datasets it withholds."),
        (_("Basis"), _("Cells withheld")),
        rows,
        _("Cells withheld"),
    )


def page_totals(release: Release) -> Counter[str]:
    """Pages released in full, released in part (a redaction on the page) and withheld, over a release's
    documents."""
    totals: Counter[str] = Counter({"full": 0, "part": 0, "withheld": 0})
    for document in release.documents:
        redacted = len(document.redacted_pages)
        if document.spec.disposition.published:
            totals["part"] += redacted
            totals["full"] += document.spec.pages - redacted
        else:
            totals["withheld"] += document.spec.pages
    return totals


def _pages(room: ReadingRoom, _: Callable[[str], str]) -> Statistic:
    totals: dict[str, Counter[str]] = {}
    for release in room.published:
        if release.documents:
            totals.setdefault(release.spec.agency, Counter()).update(page_totals(release))
    kinds = ("full", "part", "withheld")
    rows = tuple((agency, *(str(counts[kind]) for kind in kinds)) for agency, counts in sorted(totals.items()))
    return Statistic(
        "pages-per-agency",
        _("Document pages per agency"),
        _("A bar for each agency, in three parts: its documents' pages released in full, in part and withheld."),
        (_("Agency"), _("Released in full"), _("Released in part"), _("Withheld")),
        rows,
        _("Pages"),
    )


def _requests(room: ReadingRoom, _: Callable[[str], str]) -> Statistic:
    buckets = (_("under 1 year"), _("1 to 2 years"), _("over 2 years"), _("age unknown"))
    counts: dict[str, Counter[str]] = {}
    for request in room.requests:
        age = request.age
        index = len(AGE_LIMITS) + 1 if age is None else sum(age >= limit for limit in AGE_LIMITS)
        counts.setdefault(_(request.spec.status.value), Counter())[buckets[index]] += 1
    rows = tuple((status, *(str(found[bucket]) for bucket in buckets)) for status, found in sorted(counts.items()))
    return Statistic(
        "requests-by-status-and-age",
        _("Requests by status and age"),
        _("A bar for each status, in parts by age (from submission to the latest event): how many requests have it."),
        (_("Status"), *buckets),
        rows,
        _("Requests"),
    )
