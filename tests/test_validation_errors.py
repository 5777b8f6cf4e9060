"""Every kind of content error: one clear message naming the file and place, never the value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import UNPUBLISHED

from generator.errors import ContentErrors

RELEASE = "releases/test-release/release.yml"
CSV = "releases/test-release/people.csv"
OPINION = "content/opinions/test-opinion.md"


def only_error(room) -> str:
    errors = room.errors()
    assert len(errors) == 1, errors
    return errors[0]


def test_missing_field(room):
    room.edit(RELEASE, "agency: Test Agency\n", "")
    assert only_error(room) == (
        f"{RELEASE}: line 1, agency: required field is missing "
        "(fix: add it (see the README's format reference)) [RR203]"
    )


def test_misspelt_field_suggests_the_right_one(room):
    room.edit(RELEASE, "agency: Test Agency", "agnecy: Test Agency")
    errors = room.errors()
    assert f"{RELEASE}: line 3, top level: an unknown key (fix: did you mean 'agency'?) [RR202]" in errors
    assert (
        f"{RELEASE}: line 1, agency: required field is missing "
        "(fix: add it (see the README's format reference)) [RR203]" in errors
    )
    assert not any("agnecy" in e for e in errors)


def test_misspelt_nested_field_names_its_path(room):
    room.edit(RELEASE, "{name: outcome, type: string", "{name: outcome, typ: string")
    errors = room.errors()
    assert (
        f"{RELEASE}: line 23, datasets[0].schema.fields[2]: an unknown key (fix: did you mean 'type'?) [RR202]"
        in errors
    )
    assert (
        f"{RELEASE}: line 23, datasets[0].schema.fields[2].type: required field is missing (fix: add it (see the "
        "README's format reference)) [RR203]" in errors
    )


def test_unknown_basis(room):
    room.edit(RELEASE, "basis: b6", "basis: b7z")
    error = only_error(room)
    assert error.startswith(
        f"{RELEASE}: line 25, datasets[0].withholding[0]: withholding rule 1: the basis is not a "
        "code from the bases catalogue (fix: did you mean 'b7f'?"
    )
    assert "b7z" not in error


def test_unknown_authority(room):
    room.edit(RELEASE, "authority: test-opinion", "authority: no-such-opinion")
    error = only_error(room)
    assert error.startswith(
        f"{RELEASE}: line 28, datasets[0].withholding[0].authority: the authority is not an "
        "opinion summary in content/opinions/"
    )
    assert "no-such-opinion" not in error


def test_unknown_basis_in_opinion(room):
    room.edit(OPINION, "bases: [b6]", "bases: [b6, bx]")
    assert only_error(room).startswith(
        f"{OPINION}: line 8, front matter: bases[1]: not a code from the bases catalogue"
    )


@pytest.mark.parametrize(
    "source",
    [
        "Court opinion text, shared/seeds/000_f6497a279f6a317b.txt",
        "/home/editor/opinions/brennan.pdf",
        "./opinion",
        "~/Downloads/order",
        "C:\\\\Users\\\\editor\\\\order",
        "order.pdf",
        "See opinion.HTML",
    ],
)
def test_an_opinion_source_is_a_citation_never_a_path(room, source):
    room.edit(OPINION, 'source: "Test source"', f'source: "{source}"')
    error = only_error(room)
    assert error.startswith(f"{OPINION}: line 10, front matter: source: a citation names the opinion"), error
    assert source not in error  # the value itself is never shown


@pytest.mark.parametrize(
    "source",
    [
        "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366-BAS-KSC (S.D. Cal. June 26, 2020)",
        "Brennan Ctr. for Just. v. U.S. Dep't of Just., 2019 WL 1234 (D.D.C. 2019)",
        "5 U.S.C. § 552(b)(7)(C); ACLU v. DOJ, 655 F.3d 1 (D.C. Cir. 2011)",
        "Slip op. at 3-4, ECF No. 12",
    ],
)
def test_a_citation_is_accepted(room, source):
    room.edit(OPINION, 'source: "Test source"', f'source: "{source}"')
    assert room.load().opinions[0].spec.source == source


def test_a_courtlistener_link_must_be_to_courtlistener(room):
    room.edit(OPINION, 'source: "Test source"', 'source: "Test source"\ncourtlistener_url: "https://evil.example/x"')
    assert "courtlistener_url: must be a link to https://www.courtlistener.com/" in only_error(room)


def test_column_in_schema_but_not_csv(room):
    room.edit(
        RELEASE,
        "        - {name: outcome",
        "        - {name: extra, type: string, title: X, description: X.}\n        - {name: outcome",
    )
    error = only_error(room)
    assert error.startswith(
        f"{RELEASE}: line 23, datasets[0].schema.fields[2]: the column is in the schema but not in people.csv"
    )
    assert "extra" not in error


def test_column_in_csv_but_not_schema(room):
    room.write(CSV, "person_id,full_name,outcome,note\n1,A B,convicted,x\n")
    assert only_error(room).startswith(
        f"{CSV}: header, column 4 (after 'outcome'): the column is in the CSV but not in the schema"
    )


def test_file_that_is_not_utf8_names_encoding(room):
    room.write(CSV, "person_id,full_name,outcome\n1,José Müller Peña,convicted\n".encode("cp1252"))
    error = only_error(room)
    assert error.startswith(f"{CSV}: byte 33: the file is not UTF-8 (it looks like cp1252)")
    assert "iconv -f cp1252 -t UTF-8" in error
    assert "Jos" not in error


def test_ragged_row(room):
    room.write(CSV, "person_id,full_name,outcome\n1,Secret Name,convicted,extra\n2,B,convicted\n")
    error = only_error(room)
    assert error.startswith(f"{CSV}: row 1 (line 2): has 4 cells but the header has 3 columns")
    assert "Secret" not in error


def test_release_id_differs_from_folder(room):
    room.edit(RELEASE, "id: test-release", "id: other-release")
    errors = room.errors()
    assert (
        f"{RELEASE}: line 1, id: the release id differs from its folder name 'test-release' (fix: make the id "
        "equal to the folder name) [RR302]" in errors
    )
    assert not any("other-release" in e for e in errors)


def test_release_id_not_a_slug(room):
    room.edit(RELEASE, "id: test-release", "id: Test_Release")
    errors = room.errors()
    assert any(e.startswith(f"{RELEASE}: line 1, id: must be a lowercase slug") for e in errors)
    assert not any("Test_Release" in e for e in errors)


def test_type_mismatch_does_not_echo_value(room):
    room.write(CSV, "person_id,full_name,outcome\nSSN-123,A B,convicted\n")
    error = only_error(room)
    assert error == (
        f"{CSV}: row 1, column 'person_id': is not an integer such as 1234 "
        "(fix: correct the value or the column's type in the schema) [RR410]"
    )
    assert "SSN-123" not in error


def test_duplicate_yaml_key(room):
    room.edit(RELEASE, "title: Test release\n", "title: Test release\ntitle: Again\n")
    assert only_error(room) == (
        f"{RELEASE}: line 3: duplicate key (the same key appears twice in one mapping) (fix: fix the YAML) [RR201]"
    )


def test_yaml_alias_bomb(room):
    previous = ["a"] + [f"b{i}" for i in range(29)]
    bomb = "a: &a [x, x]\n" + "".join(f"b{i}: &b{i} [*{p}, *{p}]\n" for i, p in enumerate(previous))
    room.write(RELEASE, bomb)
    assert "more than 20 YAML aliases" in only_error(room)


def test_nul_byte(room):
    room.write(CSV, b"person_id,full_name,outcome\n1,A\x00B,convicted\n")
    assert only_error(room).startswith(f"{CSV}: byte 31: the file contains a NUL byte")


@pytest.mark.parametrize("reference", ["../other/people.csv", "/etc/passwd"])
def test_file_reference_leaving_release_folder(room, reference):
    room.edit(RELEASE, "file: people.csv", f"file: {reference}")
    assert only_error(room).startswith(f"{RELEASE}: line 16, datasets[0].file: the file path leaves the release folder")


def test_symlink_leaving_release_folder(room, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes((room.release / "people.csv").read_bytes())
    (room.release / "people.csv").unlink()
    (room.release / "people.csv").symlink_to(outside)
    assert only_error(room) == (
        f"{CSV}: a symbolic link, which could publish a file from outside the repository "
        "(fix: replace the link with a copy of the file) [RR102]"
    )


def test_duplicate_and_empty_column_names(room):
    room.write(CSV, "person_id,full_name,full_name,\n1,A,B,C\n")
    errors = room.errors()
    assert (
        f"{CSV}: header, column 3: has the same name as column 2 (fix: give every column a unique name) [RR406]"
        in errors
    )
    assert f"{CSV}: header, column 4: the column has no name (fix: name every column) [RR405]" in errors


def test_raw_html_in_summary_is_refused(room):
    room.edit(RELEASE, "A test release citing", "A <b>test</b> release citing")
    assert only_error(room).startswith(f"{RELEASE}: line 9, summary: raw HTML is not allowed in Markdown")


def test_raw_html_in_opinion_body_names_file_line(room):
    room.edit(OPINION, "The opinion body", "<script>alert(1)</script>\n\nThe opinion body")
    assert only_error(room).startswith(f"{OPINION}: line 15, body: raw HTML is not allowed in Markdown")


def test_link_must_resolve(room):
    room.edit(OPINION, "release:test-release", "release:missing-release")
    error = only_error(room)
    assert error.startswith(f"{OPINION}: line 15, body: a link to a release does not resolve to any page")
    assert "missing-release" not in error


@pytest.mark.parametrize("state", sorted(UNPUBLISHED))
def test_a_link_to_an_unpublished_release_says_which_state_it_is_in(room, state):
    room.edit(RELEASE, "status: approved", UNPUBLISHED[state])
    error = next(e for e in room.errors() if "a link to a release" in e)
    assert f"a link to a release goes to a release that is {state}, so it has no page" in error


def test_link_scheme_must_be_https_or_internal(room):
    room.edit(OPINION, "release:test-release", "http://example.org/")
    assert "a link is neither https:// nor" in only_error(room)


def test_every_error_is_reported_at_once(room):
    room.edit(RELEASE, "basis: b6", "basis: b7z")
    room.edit(OPINION, "bases: [b6]", "bases: [bx]")
    assert len(room.errors()) == 2


def test_file_over_the_size_limit(room):
    room.write(CSV, "person_id,full_name,outcome\n" + "".join(f"{i},Name {i},convicted\n" for i in range(1, 200)))
    size = room.path(CSV).stat().st_size
    assert size > 3000
    with pytest.raises(ContentErrors) as caught:
        room.load(max_file_bytes=3000)
    (error,) = caught.value.errors
    assert str(error).startswith(f"{CSV}: the file is {size} bytes, over the limit of 3000")


def test_opinion_file_name_must_be_a_slug(room):
    (room.root / OPINION).rename(room.root / "content/opinions/Test_Opinion.md")
    errors = room.errors()
    assert any(
        e.startswith("content/opinions/Test_Opinion.md: file name: an opinion's file name must be a lowercase slug")
        for e in errors
    )


def test_csv_without_header_row_does_not_echo_data(room):
    room.write(CSV, "1,Jane Q. Sensitive,acquitted\n2,B,convicted\n")
    errors = room.errors()
    assert errors and not any("Sensitive" in e for e in errors)
    assert any("header, column 2: the column is in the CSV but not in the schema" in e for e in errors)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("release_date: 2020-01-02", "release_date: 2020-13-45", f"{RELEASE}: line 6, release_date: the date does not"),
        ("release_date: 2020-01-02", "release_date: 2021-02-30", f"{RELEASE}: line 6, release_date: the date does not"),
        ("release_date: 2020-01-02", "release_date: 1577836800", f"{RELEASE}: line 6, release_date: write the date as"),
        (
            "title: Test release",
            "? [a, b]\n: 1\ntitle: Test release",
            f"{RELEASE}: line 2: a mapping key must be plain",
        ),
        ("file: people.csv", 'file: "people.csv\\0"', f"{RELEASE}: line 16, datasets[0].file: the file name is not a"),
        ("file: people.csv", f"file: {'x' * 300}.csv", f"{RELEASE}: line 16, datasets[0].file: the file name is not a"),
        ("file: people.csv", "file: nowhere.csv", f"{RELEASE}: line 16, datasets[0].file: the file does not exist"),
    ],
)
def test_malformed_values_give_clean_errors(room, old, new, expected):
    room.edit(RELEASE, old, new)
    errors = room.errors()
    assert any(e.startswith(expected) for e in errors), errors


def test_invalid_opinion_date(room):
    room.edit(OPINION, "date: 2020-01-01", "date: 2020-02-30")
    # One mistake, one error: the release citing the opinion as its authority is not reported as well.
    assert room.errors() == [
        f"{OPINION}: line 5, front matter: date: the date does not exist (check the month and day) (fix: see the "
        "README's format reference) [RR204]"
    ]


def test_empty_release_file(room):
    room.write(RELEASE, "# nothing yet\n")
    assert f"{RELEASE}: the file is empty (fix: write the release's metadata (see the README)) [RR113]" in room.errors()


def test_opinion_named_index_is_refused(room):
    room.write("content/opinions/index.md", (room.root / OPINION).read_text())
    assert any(e.startswith("content/opinions/index.md: file name: 'index' is reserved") for e in room.errors())


def test_deeply_nested_yaml(room):
    room.edit(RELEASE, "component: Test Component", "component: " + "[" * 5000 + "]" * 5000)
    assert any("the YAML is nested too deeply" in e for e in room.errors())


def test_opinion_path_that_is_a_folder(room):
    room.path("content/opinions/folder.md").mkdir()
    assert any(e.startswith("content/opinions/folder.md: not a regular file") for e in room.errors())


@pytest.mark.parametrize("title", ["\u200b", " \u00ad\ufeff ", "\u2060\u3164", "\t\n"])
def test_invisible_title_is_refused(room, title):
    room.edit(RELEASE, "title: Test release", f"title: {json.dumps(title)}")
    assert only_error(room) == (
        f"{RELEASE}: line 2, title: the text is empty, or only spaces and invisible characters "
        "(fix: see the README's format reference) [RR204]"
    )


@pytest.mark.parametrize(
    "title",
    [
        '"Data: arrests by year"',
        "'JavaScript: the good parts'",
        "Q&A <draft>",
        '"Soft\\u00adhyphen and zero\\u200bwidth"',
        "Ünïcödé — “quoted” 日本",
    ],
)
def test_any_printable_title_loads(room, title):
    room.edit(RELEASE, "title: Test release", f"title: {title}")
    (release,) = room.load().published
    assert release.spec.title


def test_control_character_names_field_and_line(room):
    room.edit(RELEASE, "title: Test release", 'title: "Test \\e release"')
    assert only_error(room) == (
        f"{RELEASE}: line 2, title: the text contains a control or non-text character "
        "(U+001B); remove it (fix: see the README's format reference) [RR204]"
    )


def test_raw_control_character_names_line(room):
    room.edit(RELEASE, "  A test release citing", "  First line.\n\n  Second \x1b line citing")
    assert only_error(room).startswith(f"{RELEASE}: line 11: the file holds a character YAML does not allow")


def test_tab_and_newlines_are_accepted_in_text(room):
    room.edit(RELEASE, "description: Test people.", 'description: "Test\\tpeople.\\r\\nMore."')
    (release,) = room.load().published
    assert release.datasets[0].spec.description == "Test\tpeople.\r\nMore."


def test_release_file_that_is_a_folder(room):
    (room.release / "release.yml").unlink()
    (room.release / "release.yml").mkdir()
    assert only_error(room).startswith(f"{RELEASE}: the file cannot be read (a folder, a broken link")


def test_unreadable_files_are_content_errors(room, monkeypatch):
    original = Path.read_bytes

    def refuse(path):
        if path.name in ("release.yml", "test-opinion.md"):
            raise PermissionError(13, "Permission denied")
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    errors = room.errors()
    assert (
        f"{RELEASE}: the file cannot be read (PermissionError) (fix: make it a readable regular file) [RR111]" in errors
    )
    assert (
        f"{OPINION}: the file cannot be read (PermissionError) (fix: make it a readable regular file) [RR111]" in errors
    )


def test_opinion_front_matter_not_utf8(room):
    room.write(OPINION, room.path(OPINION).read_text().replace("Judge Test", "Judge Müller").encode("cp1252"))
    error = only_error(room)
    assert error.startswith(f"{OPINION}: byte ") and "the file is not UTF-8" in error
    assert "Judge" not in error


def test_file_name_with_a_final_newline_is_not_a_slug(room):
    (room.root / OPINION).rename(room.root / "content/opinions/test-opinion\n.md")
    assert any("an opinion's file name must be a lowercase slug" in e for e in room.errors())


@pytest.mark.parametrize(
    ("cell", "valid"),
    [("12", True), ("12\n", False), ("\u0661\u0662", False), ("+7", True), ("1.5", False), ("", True)],
)
def test_integer_cells_are_ascii_and_whole(room, cell, valid):
    room.write(CSV, f'person_id,full_name,outcome\n"{cell}",A B,convicted\n')
    if valid:
        room.load()
    else:
        assert only_error(room).startswith(f"{CSV}: row 1, column 'person_id': is not an integer such as 1234")


def test_huge_integer_in_yaml_is_a_content_error(room):
    room.edit(RELEASE, "component: Test Component", "component: " + "9" * 5000)
    assert only_error(room).startswith(f"{RELEASE}: line 4: a number is too long")


def test_yes_as_a_key_is_refused(room):
    room.edit(RELEASE, "synthetic: true", "synthetic: true\nyes: 1")
    assert only_error(room).startswith(f"{RELEASE}: line 8: a mapping key must be plain text")


def test_set_is_refused(room):
    room.edit(OPINION, "bases: [b6]", "bases: !!set {b6}")
    assert only_error(room).startswith(f"{OPINION}: line 8, front matter: a YAML tag other than the core ones")


def test_release_id_with_a_final_newline_is_not_a_slug(room):
    room.edit(RELEASE, "id: test-release", 'id: "test-release\\n"')
    assert any(e.startswith(f"{RELEASE}: line 1, id: must be a lowercase slug") for e in room.errors())


def test_number_where_text_belongs_says_to_quote_it(room):
    room.edit(RELEASE, "title: Test release", "title: 2020")
    assert only_error(room) == (
        f"{RELEASE}: line 2, title: Input should be a valid string (fix: quote the value to "
        "make it text (YAML reads unquoted numbers, dates and yes/no otherwise)) [RR204]"
    )


def test_control_character_in_opinion_body_names_line(room):
    room.edit(OPINION, "The opinion body", "The \x1b opinion body")
    assert only_error(room) == (
        f"{OPINION}: line 15, body: the text contains a control or non-text character (U+001B) (fix: remove it) [RR601]"
    )


def test_a_flood_of_cell_errors_is_one_grouped_line_with_rows_in_numeric_order(room):
    rows = "".join(f"{'x' if n % 2 else n},A,convicted\n" for n in range(1, 5001))  # odd rows are broken
    room.write(CSV, "person_id,full_name,outcome\n" + rows)
    with pytest.raises(ContentErrors) as caught:
        room.load()
    report = caught.value.report()
    assert report.splitlines() == [
        "2,500 content error(s); nothing was published:",
        f"  - {CSV}: column 'person_id', 2,500 cells in rows 1, 3, 5, 7, 9 and 2,495 more: is not an integer such "
        "as 1234 (fix: correct the value or the column's type in the schema) [RR410]",
    ]
    verbose = caught.value.report(verbose=True)
    assert ", 9, 11, 13," in verbose and verbose.rstrip().endswith(
        "4999: is not an integer such as 1234 (fix: correct the value or the column's type in the schema) [RR410]"
    )


def test_cells_of_one_column_group_by_problem(room):
    room.write(
        CSV, "person_id,full_name,outcome\n1,A,convicted\n1.5,B,convicted\n1\u00a0234,C,convicted\n2.5,D,convicted\n"
    )
    errors = room.errors()
    assert errors == [  # in order of each group's first row
        f"{CSV}: column 'person_id', 2 cells in rows 2, 4: is not an integer such as 1234: it has a fractional part "
        "(fix: correct the value or the column's type in the schema) [RR410]",
        f"{CSV}: row 3, column 'person_id': is not an integer such as 1234 "
        "(fix: correct the value or the column's type in the schema) [RR410]",
    ]


def test_a_flood_of_single_errors_in_one_file_is_cut_short_and_counted(room):
    body = "".join(f"        - {{name: c{n}, type: string, title: C, description: C., oops: 1}}\n" for n in range(300))
    room.edit(RELEASE, "      fields:\n", "      fields:\n" + body)
    with pytest.raises(ContentErrors) as caught:
        room.load()
    report = caught.value.report()
    assert len([e for e in caught.value.errors if e.file == RELEASE]) == 100
    assert f"  - {RELEASE}: " in report and "more error(s) not shown (fix the ones above and run again)" in report


@pytest.mark.parametrize(
    "stray",
    [
        "releases/test-release/people-raw.csv",  # the unredacted export beside the redacted one
        "releases/test-release/originals/people.csv",
        "releases/test-release/.raw.csv",
        "releases/.drafts/people.csv",
        "releases/people.csv",
        "releases/test-release/notes.txt",
    ],
)
def test_a_file_no_release_lists_is_an_error_naming_it(room, stray):
    room.write(stray, "id,full_name\n1,Secret Person\n")
    errors = room.errors()
    assert [e for e in errors if e.startswith(f"{stray}: file: a file no release.yml lists as a dataset")], errors
    assert "Secret" not in "\n".join(errors)


def test_the_csvs_of_a_release_that_did_not_load_are_not_reported_as_stray(room):
    room.edit("releases/test-release/release.yml", "title:", "titel:")
    assert not [e for e in room.errors() if "lists as a dataset" in e]


# Spreadsheet-aware hints: the cause, once, not a cascade.


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")])
def test_another_delimiter_is_named_once(room, separator, named):
    room.write(CSV, f"person_id{separator}full_name{separator}outcome\n1{separator}A B{separator}convicted\n")
    error = only_error(room)
    assert error.startswith(f"{CSV}: line 1: the columns are separated by {named}, not commas")
    assert error.endswith("[RR411]")


def test_an_unclosed_quote_is_reported_where_it_opens(room):
    room.write(
        CSV, 'person_id,full_name,outcome\n1,A B,convicted\n2,"Secret, acquitted\n3,C D,convicted\n4,E,convicted\n'
    )
    assert only_error(room).startswith(f"{CSV}: line 3: a quoted cell that starts on this line is never closed")


def test_an_extra_column_is_placed_by_its_neighbour_not_named(room):
    room.write(CSV, "person_id,full_name,Secret Person,outcome\n1,A B,x,convicted\n")
    error = only_error(room)
    assert error.startswith(f"{CSV}: header, column 3 (after 'full_name'): the column is in the CSV but not in")
    assert "Secret" not in error


@pytest.mark.parametrize(("written", "meant"), [("(b)(6)", "b6"), ("B6", "b6"), ("Exemption 6", "b6"), ("b7C", "b7c")])
def test_a_basis_written_as_on_paper_suggests_its_code(room, written, meant):
    room.edit(RELEASE, "basis: b6", f"basis: {json.dumps(written)}")
    assert f"(fix: did you mean '{meant}'? use a code from the bases catalogue" in only_error(room)


def test_a_bad_link_is_reported_at_its_own_line_of_a_paragraph(room):
    room.edit(
        RELEASE,
        "  A test release citing",
        "  A paragraph over\n  three lines, whose last one\n  has [a link](http://example.org). A test release citing",
    )
    (error,) = room.errors()
    assert error.startswith(f"{RELEASE}: line 11, summary: a link is neither https://")


# Hints that name what a spreadsheet wrote instead of the expected form, by shape, never by value.


@pytest.mark.parametrize(
    ("field_type", "cell", "hint"),
    [
        (
            "date",
            "03/04/2021",
            "is not a date in the form YYYY-MM-DD: it looks like a month/day/year or day/month/year date",
        ),
        ("date", "04.03.2021", "is not a date in the form YYYY-MM-DD: it looks like a day-month-year date"),
        ("date", "2021-02-30", "is not a date in the form YYYY-MM-DD: no such day exists"),
        ("date", "2021-02-03T10:00", "is not a date in the form YYYY-MM-DD: it has a time of day"),
        ("integer", "1,234", "is not an integer such as 1234: it has thousands separators (write 1234, not 1,234)"),
        ("integer", "12.5", "is not an integer such as 1234: it has a fractional part"),
        ("number", "$1,234.50", "is not a number such as 1234.5: it has a currency sign"),
        ("number", "3,5", "is not a number such as 1234.5: it has a decimal comma (write 1234.5, not 1234,5)"),
        ("number", "45 %", "is not a number such as 1234.5: it is a percentage"),
        ("boolean", "yes", "is not true or false"),
        ("year", "'21", "is not a year of four digits"),
    ],
)
def test_a_type_error_says_what_the_spreadsheet_wrote(field_type, cell, hint):
    from generator.fieldtypes import mismatch
    from generator.models import FieldType

    assert mismatch(FieldType(field_type), cell) == hint


def test_a_thousand_bad_dates_are_one_line_in_numeric_row_order(room):
    room.edit(RELEASE, "{name: person_id, type: integer", "{name: person_id, type: date")
    room.write(CSV, "person_id,full_name,outcome\n" + "03/04/2021,A,convicted\n" * 1000)
    errors = room.errors()
    assert errors == [
        f"{CSV}: column 'person_id', 1,000 cells in rows 1, 2, 3, 4, 5 and 995 more: is not a date in the form "
        "YYYY-MM-DD: it looks like a month/day/year or day/month/year date (fix: correct the value or the column's "
        "type in the schema) [RR410]"
    ]
