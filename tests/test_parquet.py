"""The Parquet copy of each dataset: typed as its schema says, the same cells as the CSV, and gated."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sitebuild import gate_check, marker_findings, mkdocs_build
from specs import dataset_spec as spec

from generator.gate.identifiers import check_identifiers
from generator.gate.sitefiles import SiteFiles
from generator.render.parquet import WRITER_OPTIONS, parquet_table
from generator.tables import Table

PARQUET = "releases/test-release/people.parquet"
CSV = "releases/test-release/people.csv"
SSN = "123-45-6789"


def test_each_column_takes_its_schema_type_and_an_empty_cell_is_null():
    fields = [("i", "integer"), ("n", "number"), ("b", "boolean"), ("d", "date"), ("y", "year"), ("s", "string")]
    rows = (("+5", "1e3", "TRUE", "2020-02-29", "2019", ""), ("", ".5", "0", "", "", "x"))
    table = parquet_table(Table(tuple(n for n, _ in fields), rows), spec(fields), text_columns=())
    assert [str(t) for t in table.schema.types] == ["int64", "double", "bool", "date32[day]", "int32", "string"]
    assert table.column("i").to_pylist() == [5, None]
    assert table.column("n").to_pylist() == [1000.0, 0.5]
    assert table.column("b").to_pylist() == [True, False]
    assert table.column("s").to_pylist() == ["", "x"]  # text keeps an empty cell as it is


def test_a_withheld_column_and_one_that_does_not_convert_stay_text():
    fields = [("i", "integer"), ("big", "integer")]
    rows = (("[REDACTED (b)(6)]", "99999999999999999999"), ("7", "1"))
    table = parquet_table(Table(("i", "big"), rows), spec(fields), text_columns={"i"})
    assert table.column("i").to_pylist() == ["[REDACTED (b)(6)]", "7"]
    assert table.column("big").to_pylist() == ["99999999999999999999", "1"]  # nothing lost to an overflow


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **WRITER_OPTIONS)
    return buffer.getvalue()


def test_the_same_table_gives_the_same_bytes():
    table = parquet_table(Table(("a",), (("1",), ("2",))), spec([("a", "integer")]), ())
    assert parquet_bytes(table) == parquet_bytes(table)
    assert pq.read_table(io.BytesIO(parquet_bytes(table))).equals(table)


def build(room, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(room.root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_the_parquet_copy_round_trips_to_the_csv_and_is_listed_with_size_and_digest(site_room, tmp_path):
    site = build(site_room, tmp_path)
    table = pq.read_table(site / PARQUET)
    assert table.schema.field("person_id").type == pa.int64()
    assert table.schema.field("full_name").type == pa.string()  # withheld in some rows: text
    rows = list(csv.reader(io.StringIO((site / CSV).read_text(encoding="utf-8"), newline="")))
    as_text = [[str(value) for value in row.values()] for row in table.to_pylist()]
    assert [rows[0], *as_text] == rows
    page = (site / "releases/test-release/index.html").read_text(encoding="utf-8")
    size = (site / PARQUET).stat().st_size
    assert 'href="people.parquet"' in page and f"({size:,} bytes)" in page
    assert hashlib.sha256((site / PARQUET).read_bytes()).hexdigest() in page


def rewrite(site, change) -> None:
    table = pq.read_table(site / PARQUET)
    (site / PARQUET).write_bytes(parquet_bytes(change(table)))


def test_a_withheld_value_put_back_into_the_parquet_copy_fails_the_gate(site_room, tmp_path):
    site = build(site_room, tmp_path)
    names = pa.array(["Alpha Person", "Beta Person", "Gamma Person"])
    rewrite(site, lambda t: t.set_column(1, "full_name", names))
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert f"{PARQUET}: file: [altered-download] differs from the file the build produced" in outcome.stderr
    assert (
        f"{PARQUET}: column 'full_name': [withheld-marker] 1 values differ from the published CSV (the first in row 2)"
    ) in outcome.stderr
    assert "Beta" not in outcome.stderr


@pytest.mark.parametrize(
    ("change", "finding"),
    [
        (lambda t: t.slice(0, 2), "has 2 rows, the published CSV 3"),
        (lambda t: t.drop_columns(["outcome"]), "schema: [withheld-marker] its columns or their types differ"),
        (lambda t: t.set_column(0, "person_id", pa.array([1.0, 2.0, 3.0])), "schema: [withheld-marker] its columns"),
        # A typed column may be text (when some value would not convert), but only with the CSV's exact text.
        (lambda t: t.set_column(0, "person_id", pa.array(["1", "2", "4"])), "1 values differ from the published CSV"),
    ],
)
def test_a_parquet_copy_that_differs_from_the_csv_is_a_finding(site_room, tmp_path, change, finding):
    site = build(site_room, tmp_path)
    rewrite(site, change)
    assert any(f.startswith(PARQUET) and finding in f for f in marker_findings(site_room.load(), site))


def test_a_missing_or_broken_parquet_copy_is_a_finding(site_room, tmp_path):
    site = build(site_room, tmp_path)
    (site / PARQUET).write_bytes(b"PAR1 not really")
    assert f"{PARQUET}: file: [withheld-marker] cannot be read as Parquet" in marker_findings(site_room.load(), site)
    (site / PARQUET).unlink()
    assert f"{PARQUET}: file: [withheld-marker] the dataset's Parquet copy is missing" in marker_findings(
        site_room.load(), site
    )


def test_text_hidden_in_a_parquet_files_metadata_or_statistics_is_read(site_room, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    table = pa.table({"a": ["x"]}).replace_schema_metadata({"note": json.dumps({"ssn": SSN})})
    (site / "data.parquet").write_bytes(parquet_bytes(table))
    found = check_identifiers(site_room.load(), SiteFiles(site))
    assert ("data.parquet (values)", "ssn (text of 11 characters)") in [(f.file, f.detail) for f in found]
    # Its raw bytes are read too, since the core did not produce it.
    assert "data.parquet (raw bytes)" in {file.name for file in SiteFiles(site).files}


def test_a_dataset_with_no_rows_publishes_and_passes_the_gate(site_room, tmp_path):
    site_room.write(CSV, "person_id,full_name,outcome\n")
    site = build(site_room, tmp_path)
    assert pq.read_table(site / PARQUET).num_rows == 0
    assert (site / CSV).read_bytes() == b"person_id,full_name,outcome\r\n"
