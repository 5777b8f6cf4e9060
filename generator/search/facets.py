"""The search facets a page may declare: the only data-pagefind-* keys our templates write.

Filters narrow results (a visitor picks values), metadata is shown with each result, sorts
order results. The gate allows these keys and no others, so a hand-written page cannot give a
result a different address or anything the search page would treat as more than text.
"""

from __future__ import annotations

FILTERS = ("kind", "agency", "basis", "year")
META = ("kind", "agency", "date", "court", "docket", "status", "bates")
SORTS = ("date",)
# data-pagefind-ignore="index" leaves an element out of the indexed text; the facets in it are still read.
IGNORE_VALUES = ("index",)

ATTRIBUTE_VALUES: dict[str, frozenset[str]] = {
    "data-pagefind-filter": frozenset(FILTERS),
    "data-pagefind-meta": frozenset(META),
    "data-pagefind-sort": frozenset(SORTS),
    "data-pagefind-ignore": frozenset(IGNORE_VALUES),
}
