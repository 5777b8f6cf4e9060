"""How to cite a page: BibTeX and CSL-JSON that hold any title as itself, and the citation on the pages."""

from __future__ import annotations

import html
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from generator.render.citation import Citation, bibtex_text

CITATION = Citation(
    key="a-release",
    title="Records {of} 100% & more_#1",
    author="An Agency",
    date="2020-06-01",
    version="0123456789ab",
    publisher="A Reading Room",
    url="https://records.example.org/releases/a-release/",
)


def unescaped_braces(text: str) -> list[str]:
    """The braces of ``text`` that BibTeX reads as grouping (not written as \\{ or \\})."""
    return re.findall(r"(?<!\\)[{}]", text.replace(r"\textbackslash{}", "").replace(r"\^{}", "").replace(r"\~{}", ""))


@given(st.text())
def test_bibtex_text_never_opens_or_closes_a_group_and_escapes_every_special(text):
    escaped = bibtex_text(text)
    assert unescaped_braces(escaped) == []
    assert "\n" not in escaped and "\r" not in escaped
    for special in "%&$#_":
        assert escaped.count(special) == escaped.count("\\" + special)


def test_bibtex_entry_names_every_field_with_the_title_escaped():
    entry = CITATION.bibtex
    assert entry.startswith("@misc{a-release,\n") and entry.endswith("\n}")
    assert r"  title = {{Records \{of\} 100\% \& more\_\#1}}," in entry
    assert "  version = {0123456789ab}," in entry and "  year = {2020}," in entry
    assert "  url = {https://records.example.org/releases/a-release/}," in entry


@given(st.text(min_size=1))
def test_csl_json_holds_any_title_as_itself(title):
    (item,) = json.loads(Citation(**{**CITATION.__dict__, "title": title}).csl_json)
    assert item["title"] == title


def test_csl_json_has_the_version_date_and_address():
    (item,) = json.loads(CITATION.csl_json)
    assert item["issued"] == {"date-parts": [[2020, 6, 1]]}
    assert (item["version"], item["URL"], item["type"]) == ("0123456789ab", CITATION.url, "dataset")


def test_suggested_citation_reads_as_one_sentence_per_part():
    assert CITATION.text == (
        "An Agency. “Records {of} 100% & more_#1.” Released 2020-06-01. A Reading Room, version 0123456789ab. "
        "https://records.example.org/releases/a-release/"
    )


def test_without_a_date_or_version_the_citation_leaves_them_out():
    bare = Citation(**{**CITATION.__dict__, "date": "", "version": ""})
    assert "Released" not in bare.text and "version" not in bare.text
    assert "year" not in bare.bibtex and "issued" not in json.loads(bare.csl_json)[0]


def shown(page: str, summary: str) -> str:
    """The text of the <details> block with this summary, as a browser shows it (entities decoded)."""
    match = re.search(rf"<summary>{re.escape(summary)}</summary>(.*?)</details>", page, re.DOTALL)
    assert match is not None, summary
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
