"""Each identifier pattern: what it must find, and look-alikes from real releases it must not."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import mkdocs_build

from generator.gate.identifiers import (
    PATTERNS,
    cells_to_scan,
    check_disguises,
    check_identifiers,
    find_identifiers,
    may_hold,
)
from generator.gate.normalise import DEFAULT_IGNORABLE
from generator.gate.sitefiles import SiteFiles
from generator.models import FindingApproval
from generator.tables import Table

MUST_FIND = [
    ("SSN 123-45-6789 on file", "ssn"),
    ("social security number: 123456789", "ssn"),
    ("ITIN 912-78-1234", "ssn"),
    ("call (619) 555-0143", "phone"),
    ("cell 619-555-0143", "phone"),
    ("office 619.555.0143", "phone"),
    ("+1 619 555 0143", "phone"),
    ("+52 656 555 1234", "phone"),  # a number in US format is flagged whatever its country code
    ("write to officer.name@cbp.dhs.gov", "email"),
    ("born on 1984-03-02", "birthdate"),
    ("DOB: 03/02/1984", "birthdate"),
    ("date of birth March 2, 1984", "birthdate"),
    ("fecha de nacimiento 2 marzo 1984".replace("marzo", "mar"), "birthdate"),
    ("A-123-456-789", "a-number"),
    ("A123456789", "a-number"),
    ("file A12345678 here", "a-number"),  # eight digits after the "A"
    ("alien registration number 12345678", "a-number"),
    ("passport no. X1234567", "passport"),
    ("passport number 123456789", "passport"),
    ("account number 000123456789", "account"),
    ("card # 4111 1111 1111 1111", "account"),
    ("(202)5550143", "phone"),
    ("202/555-0143", "phone"),
    ("Passport: X12345678", "passport"),
    ("SSN123-45-6789", "ssn"),
    ("123 45 6789", "ssn"),
    ("DOB: 03.04.1980", "birthdate"),
    # Other separators, spelled-out keywords and words between the keyword and the value.
    ("SSN 123.45.6789", "ssn"),
    ("ssn 123/45/6789", "ssn"),
    ("SSN 123 - 45 - 6789", "ssn"),
    ("his social security number is 123456789", "ssn"),
    ("S.S.N. 123456789", "ssn"),
    ("Soc. Sec. No. 123456789", "ssn"),
    ("phone number is 2025550143", "phone"),
    ("passport no. is X1234567", "passport"),
    ("DOB 3-2-1984", "birthdate"),
    ("DOB: 1984/03/02", "birthdate"),
    ("birthdate 19840302", "birthdate"),
    ("born March 2nd, 1984", "birthdate"),
    ("born on the 2nd of March 1984", "birthdate"),
    ("date of birth is 2 Mar 84", "birthdate"),
]

MUST_NOT_FIND = [
    "last four 6789",  # last four digits alone are allowed
    "000-12-3456",  # not a valid SSN area
    "4:13-cr-00482",  # a docket number
    "3:17-cv-02366-BAS-KSC",  # a case number
    "AOL-DEF-00556914",  # a Bates number
    "CBP-SYN-533956",  # a synthetic identifier
    "SHA-256 567fa645c7526e14d7a2c70352b5b694148b3fa36acad3dfefb1c31444c5e7bf",
    "2,947 pages identified on July 13, 2021",
    "released 2020-06-26",  # a date without birth context
    "1:13-cr-00482 convicted 2013",
    "the passport was returned",
    "a court account of the hearing",
    "5 U.S.C. § 552(b)(7)(C)",
    "Fed. R. Civ. P. 5.2",
    "passport number required",
    "born in 1984",  # a year alone
    "socket 123456789",
    "the account of the 2020 hearing",
    "version 1.2.3 of 2024-05-06",
]


@pytest.mark.parametrize(("text", "kind"), MUST_FIND)
def test_pattern_finds(text, kind):
    assert kind in {match.kind for match in find_identifiers(text)}


@pytest.mark.parametrize("text", MUST_NOT_FIND)
def test_pattern_ignores_look_alikes(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("value", "column", "kind"),
    [
        ("1984-03-02", "birthdate", "birthdate"),
        ("1984-03-02", "born_on", "birthdate"),
        ("123456789", "ssn", "ssn"),
        ("2025550143", "phone", "phone"),
        ("X12345678", "passport_no", "passport"),
        ("A12345678", "a_number", "a-number"),
        ("000123456789", "account_number", "account"),
    ],
)
def test_column_name_gives_context_to_a_bare_value(value, column, kind):
    assert [m.kind for m in find_identifiers(value, column=column)] == [kind]
    assert find_identifiers(value, column="release_note") == [] or kind == "a-number"


def test_every_kind_can_be_approved():
    assert set(PATTERNS) == set(FindingApproval.model_fields["kind"].annotation.__args__)


# Identifiers in disguise: each is matched in the normalised form of the text.

DISGUISED = [
    # Unicode dashes and minus signs.
    *[(f"SSN 123{dash}45{dash}6789", "ssn") for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"],
    ("call 202\u2013555\u20130143", "phone"),
    # Fullwidth and other-script digits.
    ("\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19", "ssn"),
    ("\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669", "ssn"),
    ("\u0967\u0968\u0969-\u096a\u096b-\u096c\u096d\u096e\u096f", "ssn"),
    ("(\u0968\u0966\u0968) \u096b\u096b\u096b-\u0966\u0967\u096a\u0969", "phone"),
    # Invisible characters and combining marks between digits.
    ("123-4\u00ad5-6789", "ssn"),
    ("1\u200b23-45-6789", "ssn"),
    ("123-45-67\u200d89", "ssn"),
    ("123-45\u2060-6789", "ssn"),
    ("\ufeff123-45-6789\ufeff", "ssn"),
    ("1\ufe0f23-45-6789", "ssn"),
    ("1\U000e003123-45-6789", "ssn"),
    ("1\u030123-4\u20dd5-6789", "ssn"),
    ("202-555-01\u00ad43", "phone"),
    ("ja\u200bne.d\u0301oe@exa\u00admple.org", "email"),
    # No-break and other Unicode spaces.
    ("123\u00a045\u00a06789", "ssn"),
    ("(202)\u202f555-0143", "phone"),
    ("202\u2009555\u20090143", "phone"),
    # A number glued to a word by a hyphen.
    ("SSN-123-45-6789", "ssn"),
    ("ref-123-45-6789", "ssn"),
    ("tel-202-555-0143", "phone"),
    ("SSN-123456789", "ssn"),
    ("DOB-1984-03-02", "birthdate"),
    ("file-A123456789", "a-number"),
    ("passport-X1234567", "passport"),
    ("acct-000123456789", "account"),
    ("contact-jane.doe@example.org", "email"),
    # International numbers with a country code, E.164 or grouped.
    ("+442071838750", "phone"),
    ("+44 20 7183 8750", "phone"),
    ("+44 20 7183 8750 2021", "phone"),  # a trailing number is dropped until the rest is valid
    ("+33 1 23 45 67 89", "phone"),
    ("+49 30 901820", "phone"),
    ("+12025550143", "phone"),
    # Bare ten-digit US numbers with context.
    ("phone 2025550143", "phone"),
    ("call 2025550143", "phone"),
    ("Tel.: 2025550143", "phone"),
    ("Fax #2025550143", "phone"),
    ("cell no. 2025550143", "phone"),
    ("tel\u00e9fono: 2025550143", "phone"),
    ("celular 2025550143", "phone"),
    # URL-encoded and entity-encoded.
    ("%31%32%33-%34%35-%36%37%38%39", "ssn"),
    ("%2531%2532%2533-45-6789", "ssn"),
    ("jane.doe%40example.org", "email"),
    ("Jane%20Doe%20born%20on%201984-03-02", "birthdate"),
    ("&#49;&#50;&#51;-45-6789", "ssn"),
    ("&#x31;23-45-6789", "ssn"),
    ("&amp;#49;23-45-6789", "ssn"),
    ("jane.doe&#64;example.org", "email"),
    ("jane.doe&commat;example.org", "email"),
    ("\uff4a\uff41\uff4e\uff45\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff4f\uff52\uff47", "email"),
]


@pytest.mark.parametrize(("text", "kind"), DISGUISED)
def test_disguised_identifier_is_found(text, kind):
    assert kind in {match.kind for match in find_identifiers(text)}


PRECISION = [
    "1:18-cr-00123",  # docket numbers
    "United States v. Doe, No. 1:18-cr-00123-ABC (S.D.N.Y. 2019)",
    "3:17-cv-02366",  # case numbers
    "Case No. 3:17-cv-02366-BAS-KSC, ECF No. 283",
    "AOL-DEF-00528703",  # Bates numbers
    "AOL-DEF-00528703 to AOL-DEF-00529001",
    "DOJ-OIP-2019-001234",
    "2021-07-13",  # ISO dates
    "released 2021-07-13, updated 2022-01-05T10:00:00Z",
    "567fa645c7526e14d7a2c70352b5b694148b3fa36acad3dfefb1c31444c5e7bf",  # SHA-256
    "sha256-567fa645c7526e14d7a2c70352b5b694148b3fa36acad3dfefb1c31444c5e7bf",
    "4,496 records",  # counts
    "4,496,123 rows and 12,345,678 cells",
    "2,947 pages",  # page counts
    "pages 1-1,234 of 5,000",
    "ZIP 20500",  # ZIP codes
    "Washington, DC 20500-0003",
    "12-202-555-0143",  # not starting inside a longer number
    "1202-555-01434",
    "2025550143",  # a bare ten-digit number without context
    "Request 2025550143 was closed",
    "+1 and +2 votes, +12 percent",  # plus signs that are not phone numbers
    "+1234567",
    "recall 2025550143",  # a keyword inside another word
    "Exhibit A-12, A-123",
    "v1.2.3-rc4",
    "ISBN 978-0-12-345678-9",
]


@pytest.mark.parametrize("text", PRECISION)
def test_look_alike_is_not_an_identifier(text):
    assert find_identifiers(text) == []


# Property: a disguise never hides an identifier.

IGNORABLE = st.sampled_from(
    [chr(c) for start, end in DEFAULT_IGNORABLE for c in range(start, min(end, start + 40) + 1)]
)
MARKS = st.sampled_from([chr(c) for c in range(0x300, 0x370)] + ["\u20dd", "\u0488", "\u093c", "\u05b0", "\u0e31"])
DASHES = st.sampled_from(list("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u207b"))
DIGITS = st.sampled_from([0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE])  # fullwidth, Arabic-Indic, …
IDENTIFIERS = [
    ("123-45-6789", "ssn"),
    ("(202) 555-0143", "phone"),
    ("202-555-0143", "phone"),
    ("jane.doe@example.org", "email"),
]


@settings(deadline=None, max_examples=300)
@given(st.sampled_from(IDENTIFIERS), st.lists(st.tuples(st.integers(0, 30), st.one_of(IGNORABLE, MARKS)), max_size=4))
def test_inserted_invisible_characters_and_marks_do_not_hide_an_identifier(identifier, insertions):
    text, kind = identifier
    for position, char in insertions:
        position %= len(text) + 1
        text = text[:position] + char + text[position:]
    assert kind in {m.kind for m in find_identifiers(f"see {text} here")}


@settings(deadline=None, max_examples=200)
@given(st.sampled_from(IDENTIFIERS[:3]), DASHES, DIGITS, st.booleans())
def test_dash_and_digit_variants_do_not_hide_an_identifier(identifier, dash, zero, replace_digits):
    text, kind = identifier
    text = text.replace("-", dash)
    if replace_digits:
        text = "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)
    assert kind in {m.kind for m in find_identifiers(f"see {text} here")}


# Property: the vectorised selection of CSV cells never skips a cell that holds an identifier.

CELL_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 -./()+@&%;#a", max_size=30),
    st.builds(
        lambda a, b, c: f"{a}{b}{c}",
        st.text(max_size=6),
        st.sampled_from([t for t, _ in MUST_FIND]),
        st.text(max_size=6),
    ),
)


@settings(deadline=None, max_examples=500)
@given(CELL_TEXT)
def test_a_cell_that_cannot_hold_an_identifier_holds_none(text):
    if not may_hold(pa.array([text], type=pa.large_string()))[0]:
        assert find_identifiers(text) == []


@settings(deadline=None, max_examples=100)
@given(st.lists(st.lists(CELL_TEXT, max_size=4), max_size=6), st.sampled_from([("notes", "other"), ("phone", "x")]))
def test_cells_to_scan_selects_every_cell_with_a_finding(rows, header):
    table = Table(header, tuple(map(tuple, rows)))
    every = {
        (number, column)
        for number, row in enumerate(table.rows, start=1)
        for column, cell in enumerate(row[: len(header)])
        if find_identifiers(cell, header[column])
    }
    selected = list(cells_to_scan(table))
    assert every <= set(selected)
    assert selected == sorted(selected)


@settings(deadline=None, max_examples=300)
@given(st.dates(), st.sampled_from(["notes", "filed_on", "date"]))
def test_an_iso_date_alone_holds_no_identifier_and_is_not_scanned(date, column):
    cell = date.isoformat()
    assert find_identifiers(cell, column) == []
    assert not may_hold(pa.array([cell], type=pa.large_string()))[0]
    assert may_hold(pa.array([f"born {cell}", f"{cell}1"], type=pa.large_string())).tolist() == [True, True]


def test_every_known_identifier_may_be_held():
    texts = [text for text, _ in MUST_FIND]
    assert may_hold(pa.array(texts, type=pa.large_string())).tolist() == [True] * len(texts)


def test_cells_to_scan_skips_plain_cells_and_keeps_named_columns():
    table = Table(("notes", "phone"), (("12", "x"), ("SSN 123-45-6789", "y", "extra"), ("plain", "")))
    assert list(cells_to_scan(table)) == [(1, 1), (2, 0), (2, 1), (3, 1)]


def test_approval_compares_in_normalised_form():
    # A cell and a page may spell the same identifier differently; both find the same value.
    assert find_identifiers("Jane.Doe@Example.org") == find_identifiers("jane.doe&#64;exa\u00admple.org")
    assert find_identifiers("SSN 123\u201345\u20136789") == find_identifiers("SSN 123-45-6789")


def test_large_cells_are_scanned():
    # Runs of one character and a text dense with numbers and keywords: seconds, not minutes.
    texts = [
        "7" * 2_000_000,
        "a" * 2_000_000,
        "a@" * 1_000_000,
        "+1234567 " * 200_000,
        "call phone 1:18-cr-00123 AOL-DEF-00528703 2021-07-13 account tel " * 30_000,
    ]
    # How long they take is measured in bench/ (never asserted here); here they must simply be handled.
    found = [find_identifiers(text, "notes") for text in texts]
    assert found == [[]] * len(texts)  # and no look-alike among them is taken for an identifier


# The gate scans every text of the site: the search index and the sitemap too.


def _site(tmp_path, files):
    site = tmp_path / "site"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return SiteFiles(site)


def test_search_index_is_scanned_for_identifiers(room, tmp_path):
    index = {"docs": [{"location": "about/", "title": "About", "text": "<p>Call 202&#8209;555&#8209;0143.</p>"}]}
    files = _site(
        tmp_path,
        {"search/search_index.json": json.dumps(index), "about/index.html": "<article><p>About us.</p></article>"},
    )
    findings = check_identifiers(room.load(), files)
    assert [(f.file, f.place, f.rule) for f in findings] == [
        ("search/search_index.json", "search entry 1 (page 'about/')", "personal-identifier")
    ]
    assert findings[0].detail == "phone (text of 12 characters)"


def test_sitemap_is_scanned_for_identifiers(room, tmp_path):
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset><url><loc>https://example.org/people/'
        "ssn-%31%32%33-45-6789/</loc></url></urlset>\n"
    )
    files = _site(tmp_path, {"sitemap.xml": sitemap, "search/search_index.json": '{"docs": []}'})
    findings = check_identifiers(room.load(), files)
    assert [(f.file, f.rule, f.detail) for f in findings] == [
        ("sitemap.xml", "personal-identifier", "ssn (text of 11 characters)")
    ]


@pytest.mark.parametrize(
    ("summary", "place", "kind"),
    [
        ("Contact SSN \uff11\uff12\uff13\u2013\uff14\uff15\u2013\uff16\uff17\uff18\uff19 about", "page text", "ssn"),
        ("Call +44\u00a020\u00a07183\u00a08750 about", "page text", "phone"),
        ("See [her page](https://example.org/u/jane.doe%40example.org) about", "attribute 'href' of <a>", "email"),
    ],
)
def test_disguised_identifier_fails_the_build(site_room, tmp_path, summary, place, kind):
    site_room.edit("releases/test-release/release.yml", "A test release citing", f"{summary} a test release citing")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert f"releases/test-release/index.html: {place}: [personal-identifier] {kind}" in result.stderr
    assert "7183" not in result.stderr and "example.org" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("text", ["SSN \u202e9876-54-321", "\u2067terceS zepoL\u2069", "a\u202ab"])
def test_characters_that_reorder_what_a_reader_sees_are_a_finding(tmp_path, text):
    files = _site(tmp_path, {"notes.txt": text, "releases/x/data.csv": f"a\r\n{text}\r\n"})
    found = {(f.file, f.rule) for f in check_disguises(files)}
    assert found == {("notes.txt", "disguised-text"), ("releases/x/data.csv", "disguised-text")}
