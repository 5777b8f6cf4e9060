"""Every kind of content error: one clear message naming the file and place, never the value."""

from __future__ import annotations

import pytest

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
    assert only_error(room) == (f"{RELEASE}: agency: required field is missing "
                                "(fix: add it (see the README's format reference))")


def test_misspelt_field_suggests_the_right_one(room):
    room.edit(RELEASE, "agency: Test Agency", "agnecy: Test Agency")
    errors = room.errors()
    assert f"{RELEASE}: agnecy: unknown field 'agnecy' (fix: did you mean 'agency'?)" in errors
    assert f"{RELEASE}: agency: required field is missing (fix: add it (see the README's format reference))" in errors


def test_misspelt_nested_field_names_its_path(room):
    room.edit(RELEASE, "{name: outcome, type: string", "{name: outcome, typ: string")
    errors = room.errors()
    assert any(e.startswith(f"{RELEASE}: datasets[0].schema.fields[2].typ: unknown field 'typ'") for e in errors)


def test_unknown_basis(room):
    room.edit(RELEASE, "basis: b6", "basis: b7z")
    error = only_error(room)
    assert error.startswith(f"{RELEASE}: dataset 'people', withholding rule 1: unknown basis 'b7z'")


def test_unknown_authority(room):
    room.edit(RELEASE, "authority: test-opinion", "authority: no-such-opinion")
    error = only_error(room)
    assert error.startswith(f"{RELEASE}: dataset 'people', withholding rule 1: unknown authority 'no-such-opinion'")
    assert "content/opinions/no-such-opinion.md" in error


def test_unknown_basis_in_opinion(room):
    room.edit(OPINION, "bases: [b6]", "bases: [b6, bx]")
    assert only_error(room).startswith(f"{OPINION}: front matter: bases: unknown basis 'bx'")


def test_column_in_schema_but_not_csv(room):
    room.edit(RELEASE, "        - {name: outcome", "        - {name: extra, type: string, title: X, description: X.}\n"
              "        - {name: outcome")
    assert only_error(room).startswith(f"{RELEASE}: dataset 'people', schema: column 'extra' is in the schema "
                                       "but not in people.csv")


def test_column_in_csv_but_not_schema(room):
    room.write(CSV, "person_id,full_name,outcome,note\n1,A B,convicted,x\n")
    assert only_error(room).startswith(f"{CSV}: header, column 4: the column is in the CSV but not in the schema")


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
    assert any(e.startswith(f"{RELEASE}: id: release id 'other-release' differs from its folder name "
                            "'test-release'") for e in errors)


def test_release_id_not_a_slug(room):
    room.edit(RELEASE, "id: test-release", "id: Test_Release")
    assert any(e.startswith(f"{RELEASE}: id: String should match pattern") for e in room.errors())


def test_type_mismatch_does_not_echo_value(room):
    room.write(CSV, "person_id,full_name,outcome\nSSN-123,A B,convicted\n")
    error = only_error(room)
    assert error.startswith(f"{CSV}: row 1, column 'person_id': the value is not a valid integer (7 characters)")
    assert "SSN-123" not in error


def test_duplicate_yaml_key(room):
    room.edit(RELEASE, "title: Test release\n", "title: Test release\ntitle: Again\n")
    assert only_error(room) == f"{RELEASE}: line 3: duplicate key 'title' (fix: fix the YAML syntax)"


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
    assert only_error(room).startswith(f"{RELEASE}: dataset 'people', file: the file path leaves the release folder")


def test_symlink_leaving_release_folder(room, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes((room.release / "people.csv").read_bytes())
    (room.release / "people.csv").unlink()
    (room.release / "people.csv").symlink_to(outside)
    assert only_error(room) == (f"{CSV}: a symbolic link, which could publish a file from outside the repository "
                                "(fix: replace the link with a copy of the file)")


def test_duplicate_and_empty_column_names(room):
    room.write(CSV, "person_id,full_name,full_name,\n1,A,B,C\n")
    errors = room.errors()
    assert f"{CSV}: header, column 3: has the same name as column 2 (fix: give every column a unique name)" in errors
    assert f"{CSV}: header, column 4: the column has no name (fix: name every column)" in errors


def test_raw_html_in_summary_is_refused(room):
    room.edit(RELEASE, "A test release citing", "A <b>test</b> release citing")
    assert only_error(room).startswith(f"{RELEASE}: summary, line 1: raw HTML is not allowed in Markdown")


def test_raw_html_in_opinion_body_names_file_line(room):
    room.edit(OPINION, "The opinion body", "<script>alert(1)</script>\n\nThe opinion body")
    assert only_error(room).startswith(f"{OPINION}: body, line 15: raw HTML is not allowed in Markdown")


def test_link_must_resolve(room):
    room.edit(OPINION, "release:test-release", "release:missing-release")
    assert only_error(room).startswith(f"{OPINION}: body, line 15: link to release:missing-release does not resolve")


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
    assert any(e.startswith("content/opinions/Test_Opinion.md: file name: an opinion's file name must be a "
                            "lowercase slug") for e in errors)


def test_csv_without_header_row_does_not_echo_data(room):
    room.write(CSV, "1,Jane Q. Sensitive,acquitted\n2,B,convicted\n")
    errors = room.errors()
    assert errors and not any("Sensitive" in e for e in errors)
    assert any("header, column 2: the column is in the CSV but not in the schema" in e for e in errors)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("release_date: 2020-01-02", "release_date: 2020-13-45", f"{RELEASE}: release_date: Input should be a valid date"),
    ("title: Test release", "? [a, b]\n: 1\ntitle: Test release", f"{RELEASE}: line 2: a mapping key must be a plain"),
    ("file: people.csv", 'file: "people.csv\\0"', f"{RELEASE}: dataset 'people', file: the file name is not a usable"),
    ("file: people.csv", f"file: {'x' * 300}.csv", f"{RELEASE}: dataset 'people', file: the file name is not a usable"),
])
def test_malformed_values_give_clean_errors(room, old, new, expected):
    room.edit(RELEASE, old, new)
    assert any(e.startswith(expected) for e in room.errors())


def test_invalid_opinion_date(room):
    room.edit(OPINION, "date: 2020-01-01", "date: 2020-02-30")
    assert any(e.startswith(f"{OPINION}: front matter: date: Input should be a valid date") for e in room.errors())


def test_empty_release_file(room):
    room.write(RELEASE, "# nothing yet\n")
    assert f"{RELEASE}: the file is empty (fix: write the release's metadata (see the README))" in room.errors()


def test_opinion_named_index_is_refused(room):
    room.write("content/opinions/index.md", (room.root / OPINION).read_text())
    assert any(e.startswith("content/opinions/index.md: file name: 'index' is reserved") for e in room.errors())


def test_deeply_nested_yaml(room):
    room.edit(RELEASE, "component: Test Component", "component: " + "[" * 5000 + "]" * 5000)
    assert any("the YAML is nested too deeply" in e for e in room.errors())


def test_opinion_path_that_is_a_folder(room):
    room.path("content/opinions/folder.md").mkdir()
    assert any(e.startswith("content/opinions/folder.md: not a regular file") for e in room.errors())
