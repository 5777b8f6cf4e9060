"""Site search: what each page tells the search index, and building that index with Pagefind.

Pages carry their search facets as data-pagefind-* attributes on a hidden block that only the
keys in facets.py may name (the gate allows no others); pagefind.py runs the pinned Pagefind
binary over the written pages, after rendering and before the gate reads everything back.
"""
