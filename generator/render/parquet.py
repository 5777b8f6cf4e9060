"""The Parquet copy of a dataset: the published cells with the schema's types, for data tools.

Each column takes its Frictionless type (integer -> int64, number -> float64, boolean -> bool,
date -> date32, year -> int32, string -> string), with an empty cell as null. A column that a
withholding rule covers stays text, since its withheld cells hold markers; so does a column whose
values do not all convert (an integer beyond 64 bits, say), rather than lose any of them. Cells are
not neutralised: Parquet has no formulas. The gate rebuilds this table from the published CSV with
the same function and compares it with what it reads back from the file.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from generator.models import DatasetSpec, FieldType
from generator.tables import Table

ARROW_TYPES: dict[FieldType, pa.DataType] = {
    FieldType.integer: pa.int64(),
    FieldType.number: pa.float64(),
    FieldType.boolean: pa.bool_(),
    FieldType.date: pa.date32(),
    FieldType.year: pa.int32(),
}
# Fixed writer settings, so the same table always gives the same bytes.
WRITER_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "version": "2.6",
    "write_statistics": True,
    "store_schema": True,
}


def _typed(cells: pa.Array, field_type: FieldType) -> pa.Array:
    """The column with its type, or as text when some value does not convert."""
    arrow_type = ARROW_TYPES.get(field_type)
    if arrow_type is None:
        return cells
    values = pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells)
    if field_type == FieldType.integer:
        values = pc.replace_substring_regex(values, r"^\+", "")  # Arrow does not read "+5" as a number
    try:
        return pc.cast(values, arrow_type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return cells


def parquet_table(table: Table, spec: DatasetSpec, text_columns: Collection[str]) -> pa.Table:
    """The published cells as an Arrow table with the schema's types (``text_columns`` kept as text)."""
    types = {field.name: field.type for field in spec.schema_.fields}
    columns = []
    for index, name in enumerate(table.header):
        cells = pa.array([row[index] for row in table.rows], type=pa.string())
        columns.append(cells if name in text_columns else _typed(cells, types.get(name, FieldType.string)))
    return pa.Table.from_arrays(columns, names=list(table.header))


def unconverted(table: pa.Table, spec: DatasetSpec, text_columns: Collection[str]) -> set[str]:
    """The typed columns of a table made by parquet_table that stayed text because a value did not convert."""
    types = {field.name: field.type for field in spec.schema_.fields}
    return {
        name
        for name, column in zip(table.column_names, table.columns, strict=True)
        if name not in text_columns and types.get(name) in ARROW_TYPES and column.type == pa.string()
    }
