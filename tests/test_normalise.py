"""The gate's one normalisation: what it folds, that folding twice changes nothing, and that the
withheld-values proof sees through every disguise it folds."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import gate_check

from generator.gate.findings import GateFailure
from generator.gate.normalise import DEFAULT_IGNORABLE, decode, fold, matching_form, proof_form
from generator.gate.sitefiles import SiteFiles
from generator.gate.withheld_values import ValuesFileError, check_withheld_values, read_datasets, write_values

MATCHING_FORM = [
    # Entities and URL escapes, nested.
    ("&#49;&#x32;3", "123"),
    ("&amp;#49;23", "123"),
    ("&amp;amp;#49;", "1"),
    ("%31%32%33", "123"),
    ("%2531", "1"),
    ("Jane%20Doe", "Jane Doe"),
    ("Jane&nbsp;Doe", "Jane Doe"),
    ("&#x25;31", "1"),  # an entity that spells a URL escape
    ("\uff05\uff13\uff11", "1"),  # a fullwidth URL escape
    ("+44 20", "+44 20"),  # a plus sign is not a space
    # Compatibility forms, other-script digits.
    ("\uff11\uff12\uff13", "123"),
    ("\u0661\u0662\u0663", "123"),  # Arabic-Indic
    ("\u06f1\u06f2\u06f3", "123"),  # Extended Arabic-Indic
    ("\u0967\u0968\u0969", "123"),  # Devanagari
    ("\u09e7\u09e8\u09e9", "123"),  # Bengali
    ("\U0001d7cf\U0001d7d0", "12"),  # mathematical bold digits
    ("\u2460\u00b2", "12"),  # circled one, superscript two
    # Dashes and minus signs.
    *[
        (f"1{dash}2", "1-2")
        for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u207b\u02d7"
    ],
    # Invisible characters and combining marks.
    *[(f"1{mark}2", "12") for mark in "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufe0f\u034f\u180e\u202e\u2066"],
    ("1\U000e0031\U000e007f2", "12"),  # tag characters
    ("1\U000e01002", "12"),  # a variation selector supplement
    ("1\u03012\u20dd3", "123"),  # Mn and Me between digits
    ("1\x002\x7f3", "123"),  # control characters
    ("1\ue0002", "12"),  # private use
    # Accents are folded away (a mark after a letter must not make a new letter).
    ("Jos\u00e9 P\u00e9rez", "Jose Perez"),
    ("jan\u0301e", "jane"),
    ("\u0130stanbul", "Istanbul"),
    # Spaces become one ASCII space, line separators a line feed.
    *[(f"1{space}2", "1 2") for space in "\u00a0\u2007\u202f\u2009\u200a\u3000\u1680\u205f\t"],
    ("1\u20282\r3\x854", "1\n2\n3\n4"),
]


@pytest.mark.parametrize(("text", "expected"), MATCHING_FORM)
def test_matching_form(text, expected):
    assert matching_form(text) == expected


def test_proof_form_is_casefolded_without_whitespace():
    assert proof_form("BETA\u00a0Secret\u00adname\nX") == "betasecretnamex"
    assert proof_form("Stra\u00dfe") == "strasse"


@settings(deadline=None, max_examples=400)
@given(st.text())
def test_normalisation_is_idempotent(text):
    once = matching_form(text)
    assert matching_form(once) == once
    assert fold(once) == once
    proof = proof_form(text)
    assert proof_form(proof) == proof


# Pieces that build nested escapes, entities and the characters they decode to.
_PIECES = st.sampled_from(
    [
        "&",
        "amp;",
        "#",
        "x",
        "%",
        "25",
        "3",
        "1",
        "4",
        ";",
        " ",
        "\u00ad",
        "\u0301",
        "\uff05",
        "\uff06",
        "\u0130",
        "A",
        "\u2212",
        "\u0661",
        "\n",
        "\u200b",
        "e",
    ]
)


@settings(deadline=None, max_examples=400)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_normalisation_is_idempotent_on_escapes(text):
    once = matching_form(text)
    assert matching_form(once) == once
    proof = proof_form(text)
    assert proof_form(proof) == proof


def test_every_default_ignorable_code_point_is_removed():
    ignorable = "".join(chr(c) for start, end in DEFAULT_IGNORABLE for c in range(start, end + 1))
    assert matching_form(f"a{ignorable}b") == "ab"


def test_every_decimal_digit_becomes_ascii():
    digits = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"]
    assert all(matching_form(d) == str(unicodedata.decimal(d)) for d in digits)


def test_decode_keeps_plus_signs_and_stops_after_one_round():
    assert decode("a+b%2541") == "a+b%41"


def test_a_large_text_is_normalised():
    text = "Jos\u00e9 \u2014 \u0661\u0662 &amp; %20 " * 100_000  # 2 MB, every kind of fold (timed in bench/)
    assert matching_form(text) == "Jose - 12 &   " * 100_000


# The withheld-values proof sees through the same disguises.


def _site(tmp_path: Path, files: dict[str, str]) -> SiteFiles:
    site = tmp_path / "site"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return SiteFiles(site)


@pytest.mark.parametrize(
    "disguised",
    [
        "Beta%20Secretname",  # URL-encoded
        "%42%65%74%61%20%53%65%63%72%65%74%6E%61%6D%65",  # every character URL-encoded
        "Beta%2520Secretname",  # double URL-encoded
        "&#66;eta Secretname",  # an entity
        "&amp;#66;eta Secretname",  # a double-escaped entity
        "Be\u00adta Se\u00adcret\u00adname",  # soft hyphens
        "B\u200beta\u2060 Secret\ufeffname",  # zero-width characters
        "\uff22\uff45\uff54\uff41\u3000\uff33\uff45\uff43\uff52\uff45\uff54\uff4e\uff41\uff4d\uff45",  # fullwidth
        "BETA\u00a0SECRETNAME",  # case and a no-break space
        "Be\u0301ta Secretname",  # a combining mark
    ],
)
@pytest.mark.parametrize("name", ["page/index.html", "notes.txt", "sitemap.xml"])
def test_withheld_value_is_found_in_any_disguise(tmp_path, disguised, name):
    files = _site(tmp_path, {name: f"<p>Mentions {disguised} once.</p>\n"})
    findings = check_withheld_values({"r/d": ["Beta Secretname"]}, files)
    assert [(f.file, f.rule) for f in findings] == [(name, "withheld-value")]
    assert "Secretname" not in str(findings[0])


def test_withheld_value_with_other_script_digits_is_found(tmp_path):
    files = _site(tmp_path, {"a.txt": "case \u0661\u0662\u0663\u0664\u0665 closed"})
    assert check_withheld_values({"r/d": ["Case 12345"]}, files)


def test_a_clean_site_passes_the_proof(tmp_path):
    files = _site(tmp_path, {"a.txt": "Beta and Secret and name, apart."})
    assert check_withheld_values({"r/d": ["Beta Secretname"]}, files) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "is empty"),
        ("  \n", "is empty"),
        ('["a",', "is not valid JSON"),
        ('{"a": 1}', "is not a JSON object of lists of strings"),
        ("[1, 2]", "is not a JSON object of lists of strings"),
        (b"\xff\xfe[", "cannot be read"),
        ("[" * 100_000, "is not valid JSON"),
    ],
)
def test_a_bad_values_file_is_a_gate_failure_not_a_traceback(tmp_path, content, problem):
    path = tmp_path / "values.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValuesFileError) as caught:
        read_datasets(path)
    assert isinstance(caught.value, GateFailure)
    assert problem in caught.value.report.failure()


def test_a_missing_values_file_is_a_gate_failure(tmp_path):
    with pytest.raises(ValuesFileError, match="does not exist"):
        read_datasets(tmp_path / "missing.json")


def test_redact_does_not_overwrite_a_malformed_values_file(tmp_path):
    from generator.private_files import NotPrivate

    path = tmp_path / "values.json"
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(NotPrivate, match="not valid JSON"):
        write_values(path, "r/d", {"Beta Secretname"}, tmp_path / "repository")
    assert path.read_text(encoding="utf-8") == "not json"


@pytest.mark.parametrize("content", ["", "{not json"])
def test_check_command_with_a_bad_values_file_fails_cleanly(room, tmp_path, content):
    values = tmp_path / "values.json"
    values.write_text(content, encoding="utf-8")
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    (site / "index.html").write_text("<p>A built site has a home page.</p>", encoding="utf-8")
    result = gate_check(room.root, site, "--withheld-values", str(values))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[withheld-value] the withheld-values file is" in result.stderr
    assert not site.exists()


def test_writing_a_dataset_replaces_its_entry_and_keeps_the_others(tmp_path):
    path = tmp_path / "values.json"
    path.write_text('["From before datasets were named"]', encoding="utf-8")  # the earlier format still reads
    write_values(path, "r/one", {"Alpha Person", "Beta Person"}, tmp_path / "repository")
    write_values(path, "r/two", {"Gamma Person"}, tmp_path / "repository")
    write_values(path, "r/one", {"Beta Person"}, tmp_path / "repository")  # after a rule change
    assert read_datasets(path) == {
        "(unnamed)": ["From before datasets were named"],
        "r/one": ["Beta Person"],
        "r/two": ["Gamma Person"],
    }
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_finding_names_the_dataset_a_value_was_withheld_in(tmp_path):
    files = _site(tmp_path, {"a.txt": "Gamma Person"})
    (finding,) = check_withheld_values({"r/one": ["Beta Person"], "r/two": ["Alpha Person", "Gamma Person"]}, files)
    assert finding.detail.startswith("value no. 2 withheld in r/two (11 characters) appears")


def test_a_finding_in_a_csv_names_its_row_and_column(tmp_path):
    files = _site(tmp_path, {"people.csv": "id,full_name\r\n1,Alpha\r\n2,BETA  secretname\r\n"})
    (finding,) = check_withheld_values({"r/d": ["Beta Secretname"]}, files)
    assert (finding.file, finding.place) == ("people.csv", "row 2, column 'full_name'")
