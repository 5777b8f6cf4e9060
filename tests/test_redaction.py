"""The redaction check on committed files, and the redact command on unredacted ones."""

from __future__ import annotations

import csv
import io

from generator.cli import main

CSV = "releases/test-release/people.csv"
HEADER = "person_id,full_name,outcome\n"


def test_withheld_position_without_marker_fails_without_echoing(room):
    room.write(CSV, HEADER + "1,Alpha Person,convicted\n2,Secret Person,acquitted\n")
    (error,) = room.errors()
    assert error.startswith(f"{CSV}: row 2, column 'full_name': must be withheld under b6 but does not hold "
                            "exactly [REDACTED (b)(6)] (found a value of 13 characters)")
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
    room.write(CSV, HEADER + "1,Alpha,convicted [redacted (b)(99)]\n")
    (error,) = room.errors()
    assert error.startswith(f"{CSV}: row 1, column 'outcome': holds an unknown or malformed redaction marker")


def test_rule_without_condition_withholds_every_row(room):
    room.edit("releases/test-release/release.yml", "        where: {column: outcome, in: [acquitted]}\n", "")
    errors = room.errors()
    assert [e.split(":")[1] for e in errors] == [" row 1, column 'full_name'", " row 3, column 'full_name'"]


def test_condition_on_withheld_column_is_refused(room):
    room.edit("releases/test-release/release.yml", "{column: outcome, in: [acquitted]}", "{column: full_name, in: [x]}")
    assert "withholding rule 1: its condition column is itself withheld" in room.errors()[0]


def test_conflicting_bases_are_refused(room):
    room.edit("releases/test-release/release.yml", "        authority: test-opinion\n",
              "        authority: test-opinion\n      - {column: full_name, basis: b7c}\n")
    assert any("rules with different bases (b6, b7c) withhold this cell" in e for e in room.errors())


def test_redact_command_writes_markers_and_counts(room, tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + "1,Alpha,convicted\n2,Beta,acquitted\n3,Gamma,acquitted\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    monkeypatch.chdir(room.root)
    assert main(["redact", str(raw), "--release", "test-release", "--dataset", "people", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1:] == [["1", "Alpha", "convicted"], ["2", "[REDACTED (b)(6)]", "acquitted"],
                        ["3", "[REDACTED (b)(6)]", "acquitted"]]
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
