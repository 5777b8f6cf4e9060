"""The redaction model: which cells a dataset's rules withhold, checking and applying them.

A committed CSV is the redacted file: every withheld cell holds exactly its marker
(``[REDACTED (b)(7)(C)]``, or ``[REDACTED (b)(6), (b)(7)(C)]`` when rules on several bases
withhold it) and no other cell holds anything marker-like.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.bases import MARKER_LIKE, Basis, Catalogue
from generator.errors import ErrorLog
from generator.models import Condition, DatasetSpec, SchemaField, WithholdingRule
from generator.tables import Table


@dataclass(frozen=True)
class CompiledRule:
    """A withholding rule bound to column positions of one table."""

    rule: WithholdingRule
    basis: Basis
    column: int
    condition_column: int | None
    condition_values: frozenset[str]

    def applies(self, row: tuple[str, ...]) -> bool:
        if self.condition_column is None:
            return True
        return row[self.condition_column] in self.condition_values


@dataclass(frozen=True)
class Withheld:
    """What a dataset withholds.

    A cell withheld on several bases counts once under each of them in ``by_basis`` and
    ``by_column`` (column, basis code), and once in ``cells_by_column`` and ``total``.
    """

    by_basis: Counter[str]
    by_column: Counter[tuple[str, str]]
    cells_by_column: Counter[str]

    @property
    def total(self) -> int:
        """Withheld cells, each counted once whatever the number of its bases."""
        return sum(self.cells_by_column.values())

    def merge(self, other: Withheld) -> None:
        """Add another part's counts (a dataset is checked a chunk at a time)."""
        self.by_basis.update(other.by_basis)
        self.by_column.update(other.by_column)
        self.cells_by_column.update(other.cells_by_column)

    def add(self, column: str, bases: tuple[Basis, ...], cells: int = 1) -> None:
        self.cells_by_column[column] += cells
        for basis in bases:
            self.by_basis[basis.code] += cells
            self.by_column[(column, basis.code)] += cells


def empty_counts() -> Withheld:
    return Withheld(Counter(), Counter(), Counter())


def compile_rules(
    spec: DatasetSpec, header: tuple[str, ...], bases: Catalogue, path: Path, log: ErrorLog
) -> list[CompiledRule] | None:
    """Bind rules to columns, logging unknown columns, bases and unsafe conditions.

    A condition may only read a column that declares its values (``constraints.enum``), and
    every value of its ``in`` list must be one of them, so no spelling can fail open.
    """
    position = {name: index for index, name in enumerate(header)}
    fields = {field.name: field for field in spec.schema_.fields}
    withheld_columns = {rule.column for rule in spec.withholding}
    compiled: list[CompiledRule] = []
    ok = True
    for number, rule in enumerate(spec.withholding, start=1):
        # Named by position and line only: a basis code or column name may be a value pasted in by mistake.
        where = log.place(path, ("datasets", spec.name, "withholding", number - 1))
        basis = bases.get(rule.basis)
        if basis is None:
            log.add(
                path,
                where,
                f"withholding rule {number}: the basis is not a code from the bases catalogue",
                (f"did you mean '{likely}'? " if (likely := bases.likely(rule.basis)) else "")
                + "use a code from the bases catalogue "
                "(see /bases/ or generator/data/bases.yml)",
                code="RR501",
            )
            ok = False
        if rule.column not in position:
            log.add(
                path,
                where,
                f"withholding rule {number}: its column is not in the CSV",
                "name a column of the dataset",
                code="RR502",
            )
            ok = False
        condition_column = None
        if rule.where is not None:
            condition_column = position.get(rule.where.column)
            if condition_column is None:
                log.add(
                    path,
                    where,
                    f"withholding rule {number}: its condition column is not in the CSV",
                    "name a column of the dataset",
                    code="RR503",
                )
                ok = False
            elif rule.where.column in withheld_columns:
                log.add(
                    path,
                    where,
                    f"withholding rule {number}: its condition column is itself withheld",
                    "base conditions on a column that is always published",
                    code="RR504",
                )
                ok = False
            elif not _condition_values_declared(rule.where, fields.get(rule.where.column), number, where, path, log):
                ok = False
        if ok and basis is not None:
            compiled.append(
                CompiledRule(
                    rule,
                    basis,
                    position[rule.column],
                    condition_column,
                    frozenset(rule.where.in_) if rule.where else frozenset(),
                )
            )
    return compiled if ok else None


def _condition_values_declared(
    condition: Condition, field: SchemaField | None, number: int, where: str, path: Path, log: ErrorLog
) -> bool:
    """The condition's column lists its values with an enum, and each value of ``in`` is one of them."""
    column = condition.column
    if field is None or field.constraints is None:
        log.add(
            path,
            where,
            f"withholding rule {number}: its condition column does not declare its values",
            f"list every value the column may hold under constraints: {{enum: [...]}} of field '{column}' "
            "in the schema, so a value spelt differently is an error instead of a published cell",
            code="RR505",
        )
        return False
    allowed = set(field.constraints.enum)
    ok = True
    for index, value in enumerate(condition.in_, start=1):
        if value not in allowed:
            log.add(
                path,
                where,
                f"withholding rule {number}: value {index} of its condition is not one of the condition column's "
                f"enum values (a value of {len(value)} characters)",
                "spell it exactly as in the column's constraints.enum (case and spaces count)",
                code="RR506",
            )
            ok = False
    return ok


def check_enums(
    spec: DatasetSpec,
    table: Table,
    columns: list[pa.Array],
    withheld: dict[int, np.ndarray],
    path: Path,
    log: ErrorLog,
) -> None:
    """Every released cell of a column with ``constraints.enum`` is exactly one of its values (a column at once)."""
    position = {name: index for index, name in enumerate(table.header)}
    for field in spec.schema_.fields:
        if field.constraints is None or field.name not in position:
            continue
        index = position[field.name]
        allowed = pa.array(sorted(set(field.constraints.enum)), type=pa.large_string())
        outside = ~np.asarray(pc.is_in(columns[index], value_set=allowed), dtype=bool)
        if index in withheld:
            outside &= ~withheld[index]
        for row in np.flatnonzero(outside).tolist():
            what = f"is not one of the column's enum values (found {_kind(table.rows[row][index])})"
            log.cell(path, row + 1, field.name, what, code="RR507")


def ruled_columns(rules: Iterable[CompiledRule]) -> frozenset[str]:
    """The names of the columns some rule withholds cells of (in some rows or all)."""
    return frozenset(rule.rule.column for rule in rules)


def withheld_columns(rules: Iterable[CompiledRule], row: tuple[str, ...]) -> dict[int, str]:
    """The column positions of a row that some rule withholds, each with the basis of the first such rule."""
    found: dict[int, str] = {}
    for rule in rules:
        if rule.applies(row):
            found.setdefault(rule.column, rule.basis.code)
    return found


def required_bases(
    rules: Iterable[CompiledRule], row: tuple[str, ...], bases: Catalogue
) -> dict[int, tuple[Basis, ...]]:
    """For one row: the column positions that must be withheld, each with its bases in catalogue order.

    A cell that rules withhold on several bases carries a combined marker naming each of them.
    """
    found: dict[int, set[Basis]] = {}
    for rule in rules:
        if rule.applies(row):
            found.setdefault(rule.column, set()).add(rule.basis)
    return {index: bases.in_order(found[index]) for index in sorted(found)}


@dataclass(frozen=True)
class Columns:
    """What the column-at-a-time checks of one table share, computed once: its columns as string arrays
    and, for each rule (in the rules' order), the rows it applies to."""

    arrays: list[pa.Array]
    applies: list[np.ndarray]

    @classmethod
    def of(cls, table: Table, rules: list[CompiledRule]) -> Columns:
        if table.rows:
            arrays = [pa.array(cells, type=pa.large_string()) for cells in zip(*table.rows, strict=True)]
        else:
            arrays = [pa.array([], type=pa.large_string()) for _ in table.header]
        return cls(arrays, [_applies(rule, arrays) for rule in rules])

    def withheld(self, rules: list[CompiledRule]) -> dict[int, np.ndarray]:
        """Column position -> per row, whether some rule withholds that cell."""
        masks: dict[int, np.ndarray] = {}
        for rule, applies in zip(rules, self.applies, strict=True):
            masks[rule.column] = masks[rule.column] | applies if rule.column in masks else applies
        return masks


def check(
    table: Table, columns: Columns, rules: list[CompiledRule], bases: Catalogue, path: Path, log: ErrorLog
) -> Withheld:
    """Check every cell of a redacted table against the rules; count what is withheld.

    A column at a time (pyarrow): which rules apply to each row is computed once per rule, the cells a
    combination of rules withholds are compared with its marker in one pass, and only cells that fail,
    or that mention REDACTED where nothing is withheld, are looked at in Python. The gate checks the
    published CSV independently, a row at a time (``check_row``).
    """
    counts = empty_counts()
    if not table.rows:
        return counts
    for index, column in enumerate(table.header):
        # Which of the column's rules apply to each row, as bits: each combination has one marker.
        mine = [(rule, columns.applies[number]) for number, rule in enumerate(rules) if rule.column == index]
        combination = np.zeros(len(table.rows), dtype=np.int64)
        for bit, (_, mask) in enumerate(mine):
            combination |= mask.astype(np.int64) << bit
        for key in np.unique(combination[combination != 0]).tolist():
            withheld_on = bases.in_order(rule.basis for bit, (rule, _) in enumerate(mine) if key >> bit & 1)
            rows = np.flatnonzero(combination == key)
            marked = np.asarray(pc.equal(pc.take(columns.arrays[index], rows), bases.marker(withheld_on)), dtype=bool)
            if marked.any():
                counts.add(column, withheld_on, int(marked.sum()))
            for row in rows[~marked].tolist():
                _log_unmarked(log, path, row + 1, column, table.rows[row][index], withheld_on, bases)
        # Elsewhere a marker is a mistake. "redacted" in any case is a superset of what MARKER_LIKE finds.
        mentions = np.asarray(pc.match_substring(columns.arrays[index], "redacted", ignore_case=True), dtype=bool)
        for row in np.flatnonzero(mentions & (combination == 0)).tolist():
            _check_stray_marker(log, path, row + 1, column, table.rows[row][index], bases)
    return counts


def _applies(rule: CompiledRule, columns: list[pa.Array]) -> np.ndarray:
    """Per row, whether the rule applies (its condition holds, or it has none)."""
    if rule.condition_column is None:
        return np.ones(len(columns[rule.column]), dtype=bool)
    values = pa.array(sorted(rule.condition_values), type=pa.large_string())
    return np.asarray(pc.is_in(columns[rule.condition_column], value_set=values), dtype=bool)


def check_row(
    header: tuple[str, ...],
    number: int,
    row: tuple[str, ...],
    columns: Iterable[int],
    rules: Iterable[CompiledRule],
    bases: Catalogue,
    path: Path,
    log: ErrorLog,
) -> None:
    """Check the cells at ``columns`` of one row (numbered from 1) against the rules, one cell at a time."""
    required = required_bases(rules, row, bases)
    for index in columns:
        cell, column = row[index], header[index]
        if index in required:
            if cell != bases.marker(required[index]):
                _log_unmarked(log, path, number, column, cell, required[index], bases)
        else:
            _check_stray_marker(log, path, number, column, cell, bases)


def _log_unmarked(
    log: ErrorLog, path: Path, row: int, column: str, cell: str, withheld_on: tuple[Basis, ...], bases: Catalogue
) -> None:
    marker = bases.marker(withheld_on)
    codes = " and ".join(basis.code for basis in withheld_on)
    log.cell(
        path,
        row,
        column,
        f"must be withheld under {codes} but does not hold exactly {marker} (found {_kind(cell)})",
        f"run `python -m generator redact` on the unredacted file, or replace the cell with {marker}",
        code="RR508",
    )


def _check_stray_marker(log: ErrorLog, path: Path, row: int, column: str, cell: str, bases: Catalogue) -> None:
    """A cell no rule withholds must not hold a marker, or anything that looks like one."""
    if not MARKER_LIKE.search(cell):
        return
    if bases.parse_marker(cell.strip()) is not None:
        log.cell(path, row, column, "holds a redaction marker but no rule withholds this cell", code="RR509")
    else:
        log.cell(path, row, column, "holds an unknown or malformed redaction marker", code="RR510")


def _kind(cell: str) -> str:
    """Describe a cell without revealing it, in a few kinds (so that cells with one problem group together)."""
    if not cell:
        return "an empty cell"
    if MARKER_LIKE.search(cell):
        return "a different marker"
    return "a value"


@dataclass(frozen=True)
class Redacted:
    """The result of applying rules to an unredacted table."""

    table: Table
    withheld: Withheld
    values: frozenset[str]

    def also_released(self) -> list[int]:
        """Rows (from 1) where a value withheld elsewhere in the table is released, as the same words.

        A conditional rule withholds a name in some rows; if the same name is released in another row, the
        build's withheld-values proof fails. Compared casefolded with spaces squeezed, like the proof.
        """
        withheld = {_squeezed(value) for value in self.values}
        return sorted(
            {
                number
                for number, row in enumerate(self.table.rows, start=1)
                for cell in row
                if cell.strip() and not MARKER_LIKE.search(cell) and _squeezed(cell) in withheld
            }
        )


def _squeezed(text: str) -> str:
    return "".join(text.casefold().split())


def apply(table: Table, rules: list[CompiledRule], bases: Catalogue) -> Redacted:
    """Replace every cell the rules withhold with its marker; keep the withheld values aside."""
    counts = empty_counts()
    values: set[str] = set()
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        cells = list(row)
        for index, cell_bases in required_bases(rules, row, bases).items():
            if cells[index].strip():
                values.add(cells[index])
            cells[index] = bases.marker(cell_bases)
            counts.add(table.header[index], cell_bases)
        rows.append(tuple(cells))
    return Redacted(Table(table.header, tuple(rows)), counts, frozenset(values))
