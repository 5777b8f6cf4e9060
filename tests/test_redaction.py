"""The redaction check on committed files, and the redact command on unredacted ones."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.bases import catalogue
from generator.cli import main
from generator.errors import ErrorLog
from generator.models import DatasetSpec
from generator.redaction import Columns, check, check_row, compile_rules, empty_counts, required_bases
from generator.tables import Table

CSV = "releases/test-release/people.csv"
HEADER = "person_id,full_name,outcome\n"


def test_withheld_position_without_marker_fails_without_echoing(room):
    room.write(CSV, HEADER + "1,Alpha Person,convicted\n2,Secret Person,acquitted\n")
    (error,) = room.errors()
    assert error.startswith(
        f"{CSV}: row 2, column 'full_name': must be withheld under b6 but does not hold "
        "exactly [REDACTED (b)(6)] (found a value)"
    )
    assert "Secret" not in error


def test_withheld_position_with_other_basis_marker_fails(room):
    room.write(CSV, HEADER + "2,[REDACTED (b)(7)(C)],acquitted\n")
    (error,) = room.errors()
    assert "row 1, column 'full_name': must be withheld under b6" in error
    assert "(found a different marker)" in error


def test_empty_withheld_position_fails(room):
    room.write(CSV, HEADER + "2,,acquitted\n")
    assert "(found an empty cell)" in room.errors()[0]


def test_marker_where_no_rule_applies_fails(room):
    room.write(CSV, HEADER + "1,[REDACTED (b)(6)],convicted\n")
    (error,) = room.errors()
    assert error.startswith(f"{CSV}: row 1, column 'full_name': holds a redaction marker but no rule withholds")


def test_unknown_marker_fails(room):
    room.write(CSV, HEADER + "1,Alpha [redacted (b)(99)],convicted\n")
    (error,) = room.errors()
    assert error.startswith(f"{CSV}: row 1, column 'full_name': holds an unknown or malformed redaction marker")


def test_rule_without_condition_withholds_every_row(room):
    room.edit("releases/test-release/release.yml", "        where: {column: outcome, in: [acquitted]}\n", "")
    errors = room.errors()
    assert [e.split(":")[1] for e in errors] == [" column 'full_name', 2 cells in rows 1, 3"]


def test_condition_on_withheld_column_is_refused(room):
    room.edit("releases/test-release/release.yml", "{column: outcome, in: [acquitted]}", "{column: full_name, in: [x]}")
    assert "withholding rule 1: its condition column is itself withheld" in room.errors()[0]


def test_rules_on_different_bases_need_a_combined_marker(room):
    room.edit(
        "releases/test-release/release.yml",
        "        authority: test-opinion\n",
        "        authority: test-opinion\n      - {column: full_name, basis: b7c}\n",
    )
    errors = room.errors()
    assert errors[0].startswith(
        f"{CSV}: column 'full_name', 2 cells in rows 1, 3: must be withheld under b7c but does not hold "
        "exactly [REDACTED (b)(7)(C)] (found a value)"
    )
    assert (
        f"{CSV}: row 2, column 'full_name': must be withheld under b6 and b7c but does not hold exactly "
        "[REDACTED (b)(6), (b)(7)(C)] (found a different marker)"
    ) in errors[1]


def test_redact_command_writes_markers_and_counts(room, tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + "1,Alpha,convicted\n2,Beta,acquitted\n3,Gamma,acquitted\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    monkeypatch.chdir(room.root)
    assert main(["redact", str(raw), "--release", "test-release", "--dataset", "people", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1:] == [
        ["1", "Alpha", "convicted"],
        ["2", "[REDACTED (b)(6)]", "acquitted"],
        ["3", "[REDACTED (b)(6)]", "acquitted"],
    ]
    printed = capsys.readouterr().out
    assert "b6: 2 cells" in printed
    assert "Beta" not in printed


def test_redacted_output_passes_the_build_check(room, tmp_path, monkeypatch):
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + "1,Alpha,convicted\n2,Beta,acquitted\n", encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert main(["redact", str(raw), "--release", "test-release", "--dataset", "people", "-o", CSV]) == 0
    (release,) = room.load().published
    assert release.datasets[0].withheld.by_basis == {"b6": 1}


def test_redact_unknown_dataset_is_an_error(room, tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER, encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert main(["redact", str(raw), "--release", "test-release", "--dataset", "nope", "-o", "x.csv"]) == 1
    assert "no dataset named 'nope' (fix: use one of: people)" in capsys.readouterr().err


def _redact(raw, out, *extra):
    return main(["redact", str(raw), "--release", "test-release", "--dataset", "people", "-o", str(out), *extra])


@pytest.mark.parametrize(
    ("raw_rows", "problem"),
    [
        ("x,Alpha,convicted\n", "row 1, column 'person_id': is not an integer such as 1234"),
        ("1,Alpha,Convicted\n", "row 1, column 'outcome': is not one of the column's enum values"),
    ],
)
def test_redact_checks_the_whole_dataset_spec_before_writing(room, tmp_path, capsys, monkeypatch, raw_rows, problem):
    raw, out = tmp_path / "raw.csv", tmp_path / "out.csv"
    raw.write_text(HEADER + raw_rows, encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert _redact(raw, out) == 1
    assert problem in capsys.readouterr().err
    assert not out.exists()


def test_redact_names_another_delimiter_and_a_missing_column(room, tmp_path, capsys, monkeypatch):
    raw, out = tmp_path / "raw.csv", tmp_path / "out.csv"
    monkeypatch.chdir(room.root)
    raw.write_text("person_id;full_name;outcome\n1;Alpha;convicted\n", encoding="utf-8")
    assert _redact(raw, out) == 1
    assert "the columns are separated by semicolons, not commas" in capsys.readouterr().err
    raw.write_text("person_id,full_name\n1,Alpha\n", encoding="utf-8")
    assert _redact(raw, out) == 1
    assert "the column is in the schema but not in raw.csv" in capsys.readouterr().err
    assert not out.exists()


def test_redact_refuses_a_raw_file_git_would_commit(room, tmp_path, capsys, monkeypatch):
    subprocess.run(["git", "init", "-q", str(room.root)], check=True)
    raw, out = room.path("raw.csv"), tmp_path / "out.csv"
    raw.write_text(HEADER + "1,Alpha,convicted\n", encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert _redact(raw, out) == 1
    assert "the unredacted file is inside a git repository" in capsys.readouterr().err
    assert not out.exists()
    room.write(".gitignore", "raw.csv\n")
    assert _redact(raw, out) == 0


def test_redact_prints_its_counts_first_and_warns_of_values_released_elsewhere(room, tmp_path, capsys, monkeypatch):
    raw, out = tmp_path / "raw.csv", tmp_path / "out.csv"
    # The same name is withheld where the outcome is "acquitted" and released where it is "convicted".
    raw.write_text(HEADER + "1,Beta Person,convicted\n2,Beta  person,acquitted\n3,Gamma,convicted\n", encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert _redact(raw, out) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:2] == ["Withheld in 3 rows:", "  b6: 1 cells"]
    assert "a value withheld in some rows is released in rows 1;" in captured.err
    assert "Beta" not in captured.out + captured.err


def test_redact_replaces_its_datasets_values_after_a_rule_change(room, tmp_path, monkeypatch):
    raw, out, values = tmp_path / "raw.csv", tmp_path / "out.csv", tmp_path / "values.json"
    raw.write_text(HEADER + "1,Alpha Person,convicted\n2,Beta Person,acquitted\n", encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert _redact(raw, out, "--withheld-values", str(values)) == 0
    assert json.loads(values.read_text()) == {"test-release/people": ["Beta Person"]}
    room.edit(
        RELEASE,
        "        where: {column: outcome, in: [acquitted]}\n",
        "        where: {column: outcome, in: [convicted]}\n",
    )
    assert _redact(raw, out, "--withheld-values", str(values)) == 0
    assert json.loads(values.read_text()) == {"test-release/people": ["Alpha Person"]}


# A condition cannot fail open: its column declares its values, and every cell is one of them.

RELEASE = "releases/test-release/release.yml"


@pytest.mark.parametrize("spelling", ["Acquitted", "acquitted ", " acquitted", "ACQUITTED", "acquited", ""])
def test_condition_value_spelt_differently_is_an_error(room, spelling):
    room.write(CSV, HEADER + f"1,Alpha Person,convicted\n2,Secret Person,{spelling}\n")
    (error,) = room.errors()
    assert error.startswith(f"{CSV}: row 2, column 'outcome': is not one of the column's enum values (found ")
    assert "constraints.enum" in error
    assert "Secret" not in error and (not spelling.strip() or spelling.strip() not in error)


def test_empty_cell_is_allowed_when_the_enum_lists_it(room):
    room.edit(RELEASE, "enum: [convicted, acquitted]", "enum: [convicted, acquitted, '']")
    room.write(CSV, HEADER + "1,Alpha Person,\n2,[REDACTED (b)(6)],acquitted\n")
    (release,) = room.load().published
    assert release.datasets[0].withheld.total == 1


def test_condition_column_without_enum_is_an_error(room):
    room.edit(RELEASE, ", constraints: {enum: [convicted, acquitted]}", "")
    (error,) = room.errors()
    assert error.startswith(
        f"{RELEASE}: line 25, datasets[0].withholding[0]: withholding rule 1: its condition column does not "
        "declare its values (fix: list every value the column may hold under constraints:"
    )


def test_condition_value_outside_the_enum_is_an_error(room):
    room.edit(RELEASE, "in: [acquitted]", "in: [acquitted, Dismissed]")
    (error,) = room.errors()
    assert error.startswith(
        f"{RELEASE}: line 25, datasets[0].withholding[0]: withholding rule 1: value 2 of its condition is not "
        "one of the condition column's enum values (a value of 9 characters)"
    )
    assert "Dismissed" not in error


def test_enum_on_a_column_no_condition_reads_is_checked_too(room):
    room.edit(
        RELEASE,
        "{name: person_id, type: integer, title: Id, description: Row id.}",
        "{name: person_id, type: integer, title: Id, description: Row id., constraints: {enum: ['1', '2']}}",
    )
    assert [e.split(": is")[0] for e in room.errors()] == [f"{CSV}: row 3, column 'person_id'"]


def test_redact_refuses_a_condition_value_spelt_differently_and_writes_nothing(room, tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + "1,Alpha,convicted\n2,Beta Secret,Acquitted\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    values = tmp_path / "values.json"
    monkeypatch.chdir(room.root)
    assert _redact(raw, out, "--withheld-values", str(values)) == 1
    err = capsys.readouterr().err
    assert "row 2, column 'outcome': is not one of the column's enum values (found a value)" in err
    assert "Beta" not in err and "Acquitted" not in err
    assert not out.exists() and not values.exists()


# Combined bases: one cell withheld on several bases names each, in catalogue order.


def combined_rules(room):
    room.edit(
        RELEASE,
        "        authority: test-opinion\n",
        "        authority: test-opinion\n"
        "      - {column: full_name, basis: b7c, where: {column: outcome, in: [acquitted]}}\n",
    )


def test_combined_marker_is_accepted_and_counted_once_in_total(room):
    combined_rules(room)
    room.write(CSV, HEADER + '1,Alpha Person,convicted\n2,"[REDACTED (b)(6), (b)(7)(C)]",acquitted\n')
    (release,) = room.load().published
    withheld = release.datasets[0].withheld
    assert withheld.by_basis == {"b6": 1, "b7c": 1}
    assert withheld.by_column == {("full_name", "b6"): 1, ("full_name", "b7c"): 1}
    assert withheld.total == 1


@pytest.mark.parametrize(
    "marker",
    [
        "[REDACTED (b)(6)]",
        "[REDACTED (b)(7)(C)]",
        "[REDACTED (b)(7)(C), (b)(6)]",
        "[REDACTED (b)(6),(b)(7)(C)]",
        "[REDACTED (b)(6), (b)(6), (b)(7)(C)]",
    ],
)
def test_combined_position_with_another_marker_fails(room, marker):
    combined_rules(room)
    room.write(CSV, HEADER + f'2,"{marker}",acquitted\n')
    (error,) = room.errors()
    assert (
        "row 1, column 'full_name': must be withheld under b6 and b7c but does not hold exactly "
        "[REDACTED (b)(6), (b)(7)(C)] (found a different marker)" in error
    )


def test_combined_marker_where_no_rule_applies_is_recognised(room):
    room.write(CSV, HEADER + '1,"[REDACTED (b)(6), (b)(7)(C)]",convicted\n')
    (error,) = room.errors()
    assert "row 1, column 'full_name': holds a redaction marker but no rule withholds this cell" in error


def test_parse_marker_single_combined_and_malformed():
    from generator.bases import catalogue

    bases = catalogue()
    b6, b7c, seal = bases.get("b6"), bases.get("b7c"), bases.get("court-seal")
    assert bases.parse_marker("[REDACTED (b)(6)]") == (b6,)
    assert bases.parse_marker("[REDACTED (b)(6), (b)(7)(C), court seal]") == (b6, b7c, seal)
    assert bases.marker([seal, b7c, b6, b7c]) == "[REDACTED (b)(6), (b)(7)(C), court seal]"
    for bad in (
        "[REDACTED (b)(7)(C), (b)(6)]",
        "[REDACTED (b)(6), (b)(6)]",
        "[REDACTED (b)(6),]",
        "[REDACTED (b)(99)]",
        "[REDACTED ]",
        "[REDACTED (b)(6)",
        "[redacted (b)(6)]",
    ):
        assert bases.parse_marker(bad) is None, bad


def test_no_basis_mark_contains_the_separator():
    from generator.bases import MARK_SEPARATOR, MARKER_SUFFIX, catalogue

    assert MARK_SEPARATOR == ", "
    assert [
        b.code
        for b in catalogue().bases
        if MARK_SEPARATOR in b.mark or "," in b.mark or MARKER_SUFFIX in b.mark or b.mark != b.mark.strip()
    ] == []


def test_redact_writes_combined_markers(room, tmp_path, capsys, monkeypatch):
    combined_rules(room)
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + "1,Alpha,convicted\n2,Beta,acquitted\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    monkeypatch.chdir(room.root)
    assert main(["redact", str(raw), "--release", "test-release", "--dataset", "people", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[2] == ["2", "[REDACTED (b)(6), (b)(7)(C)]", "acquitted"]
    printed = capsys.readouterr().out
    assert "b6: 1 cells" in printed and "b7c: 1 cells" in printed


def test_redact_reports_a_thousand_bad_cells_in_one_line(room, tmp_path, capsys, monkeypatch):
    raw, out = tmp_path / "raw.csv", tmp_path / "out.csv"
    raw.write_text(HEADER + "1,Alpha,Convicted\n" * 1000, encoding="utf-8")
    monkeypatch.chdir(room.root)
    assert _redact(raw, out) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "1,000 content error(s); nothing was written:"
    assert len(lines) == 2 and "column 'outcome', 1,000 cells in rows 1, 2, 3, 4, 5 and 995 more" in lines[1]


# Property: the core's column-at-a-time check and the gate's row-at-a-time check agree, error for error.


SPEC = DatasetSpec.model_validate(
    {
        "name": "people",
        "file": "people.csv",
        "title": "People",
        "description": "People.",
        "schema": {
            "fields": [
                {"name": "name", "type": "string", "title": "N", "description": "N."},
                {
                    "name": "outcome",
                    "type": "string",
                    "title": "O",
                    "description": "O.",
                    "constraints": {"enum": ["convicted", "acquitted", "dismissed"]},
                },
                {"name": "note", "type": "string", "title": "T", "description": "T."},
            ]
        },
        "withholding": [
            {"column": "name", "basis": "b6", "where": {"column": "outcome", "in": ["acquitted", "dismissed"]}},
            {"column": "name", "basis": "b7c", "where": {"column": "outcome", "in": ["dismissed"]}},
            {"column": "note", "basis": "b5"},
        ],
    }
)
CELLS = st.sampled_from(
    [
        "Alpha Person",
        "",
        "[REDACTED (b)(6)]",
        "[REDACTED (b)(7)(C)]",
        "[REDACTED (b)(6), (b)(7)(C)]",
        "[REDACTED (b)(5)]",
        "[redacted (b)(6)]",
        "[\u00a0REDACTED x]",
        "Unredacted",
        "REDACTED",
        "[REDACTEDé]",
    ]
)
ROWS = st.lists(st.tuples(CELLS, st.sampled_from(["convicted", "acquitted", "dismissed"]), CELLS), max_size=12)


@given(ROWS)
def test_the_column_check_and_the_row_check_agree(rows):
    table = Table(("name", "outcome", "note"), tuple(rows))
    bases = catalogue()
    rules = compile_rules(SPEC, table.header, bases, Path("release.yml"), ErrorLog(Path()))
    by_column, by_row = ErrorLog(Path()), ErrorLog(Path())
    counts = check(table, Columns.of(table, rules), rules, bases, Path("people.csv"), by_column)
    expected = empty_counts()
    for number, row in enumerate(table.rows, start=1):
        check_row(table.header, number, row, range(3), rules, bases, Path("people.csv"), by_row)
        for index, withheld_on in required_bases(rules, row, bases).items():
            if row[index] == bases.marker(withheld_on):
                expected.add(table.header[index], withheld_on)
    assert sorted(map(str, by_column.errors)) == sorted(map(str, by_row.errors))
    assert counts == expected
