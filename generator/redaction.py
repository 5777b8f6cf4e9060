"""The redaction model: which cells a dataset's rules withhold, checking and applying them.

A committed CSV is the redacted file: every withheld cell holds exactly its basis'
marker (``[REDACTED (b)(7)(C)]``) and no other cell holds anything marker-like.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.bases import MARKER_LIKE, Basis, Catalogue
from generator.errors import ErrorLog, suggest
from generator.models import DatasetSpec, WithholdingRule
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
    """What a dataset withholds: counts per basis code, and per (column, basis code)."""

    by_basis: Counter[str]
    by_column: Counter[tuple[str, str]]

    @property
    def total(self) -> int:
        return sum(self.by_basis.values())


def compile_rules(spec: DatasetSpec, header: tuple[str, ...], bases: Catalogue,
                  path: Path, log: ErrorLog) -> list[CompiledRule] | None:
    """Bind rules to columns, logging unknown columns, bases and unsafe conditions."""
    position = {name: index for index, name in enumerate(header)}
    withheld_columns = {rule.column for rule in spec.withholding}
    compiled: list[CompiledRule] = []
    ok = True
    for number, rule in enumerate(spec.withholding, start=1):
        # Named by position and line only: a basis code or column name may be a value pasted in by mistake.
        where = log.place(path, ("datasets", spec.name, "withholding", number - 1))
        basis = bases.get(rule.basis)
        if basis is None:
            log.add(path, where, f"withholding rule {number}: the basis is not a code from the bases catalogue",
                    f"{suggest(rule.basis, bases.codes())}use a code from the bases catalogue "
                    "(see /bases/ or generator/data/bases.yml)")
            ok = False
        if rule.column not in position:
            log.add(path, where, f"withholding rule {number}: its column is not in the CSV",
                    "name a column of the dataset")
            ok = False
        condition_column = None
        if rule.where is not None:
            condition_column = position.get(rule.where.column)
            if condition_column is None:
                log.add(path, where, f"withholding rule {number}: its condition column is not in the CSV",
                        "name a column of the dataset")
                ok = False
            elif rule.where.column in withheld_columns:
                log.add(path, where, f"withholding rule {number}: its condition column is itself withheld",
                        "base conditions on a column that is always published")
                ok = False
        if ok and basis is not None:
            compiled.append(CompiledRule(rule, basis, position[rule.column], condition_column,
                                         frozenset(rule.where.in_) if rule.where else frozenset()))
    return compiled if ok else None


def withheld_columns(rules: Iterable[CompiledRule], row: tuple[str, ...]) -> set[int]:
    """The column positions of a row that some rule withholds."""
    return {rule.column for rule in rules if rule.applies(row)}


def required_markers(rules: list[CompiledRule], table: Table, number: int, row: tuple[str, ...],
                     path: Path, log: ErrorLog) -> dict[int, Basis]:
    """For one row: the column positions that must be withheld and each one's basis.

    A cell that two rules withhold on different bases is logged and left out, since
    its marker would be ambiguous (the build then fails on the logged error).
    """
    found: dict[int, set[Basis]] = {}
    for rule in rules:
        if rule.applies(row):
            found.setdefault(rule.column, set()).add(rule.basis)
    required: dict[int, Basis] = {}
    for index, bases in found.items():
        if len(bases) == 1:
            required[index] = bases.pop()
        else:
            codes = ", ".join(sorted(basis.code for basis in bases))
            log.add(path, f"row {number}, column '{table.header[index]}'",
                    f"rules with different bases ({codes}) withhold this cell",
                    "make the rules' conditions exclusive so each cell has one basis")
    return required


def check(table: Table, rules: list[CompiledRule], bases: Catalogue,
          path: Path, log: ErrorLog) -> Withheld:
    """Check every cell of a redacted table against the rules; count what is withheld."""
    counts = Withheld(Counter(), Counter())
    for number, row in enumerate(table.rows, start=1):
        required = required_markers(rules, table, number, row, path, log)
        for index, cell in enumerate(row):
            column = table.header[index]
            place = f"row {number}, column '{column}'"
            if index in required:
                _check_withheld(cell, required[index], counts, column, place, path, log)
            elif MARKER_LIKE.search(cell):
                known = bases.by_marker(cell.strip()) is not None
                what = ("holds a redaction marker but no rule withholds this cell" if known
                        else "holds an unknown or malformed redaction marker")
                log.add(path, place, what, "add a withholding rule for it, or restore the released value")
    return counts


def _check_withheld(cell: str, basis: Basis, counts: Withheld, column: str,
                    place: str, path: Path, log: ErrorLog) -> None:
    if cell != basis.marker:
        log.add(path, place, f"must be withheld under {basis.code} but does not hold exactly "
                f"{basis.marker} (found {_kind(cell)})",
                f"run `python -m generator redact` on the unredacted file, or replace the cell with {basis.marker}")
        return
    counts.by_basis[basis.code] += 1
    counts.by_column[(column, basis.code)] += 1


def _kind(cell: str) -> str:
    """Describe a cell without revealing it: its kind and length only."""
    if not cell:
        return "an empty cell"
    if MARKER_LIKE.search(cell):
        return "a different marker"
    return f"a value of {len(cell)} characters"


@dataclass(frozen=True)
class Redacted:
    """The result of applying rules to an unredacted table."""

    table: Table
    withheld: Withheld
    values: frozenset[str]


def apply(table: Table, rules: list[CompiledRule], path: Path, log: ErrorLog) -> Redacted:
    """Replace every cell the rules withhold with its marker; keep the withheld values aside."""
    counts = Withheld(Counter(), Counter())
    values: set[str] = set()
    rows: list[tuple[str, ...]] = []
    for number, row in enumerate(table.rows, start=1):
        cells = list(row)
        for index, basis in required_markers(rules, table, number, row, path, log).items():
            column = table.header[index]
            if cells[index].strip():
                values.add(cells[index])
            cells[index] = basis.marker
            counts.by_basis[basis.code] += 1
            counts.by_column[(column, basis.code)] += 1
        rows.append(tuple(cells))
    return Redacted(Table(table.header, tuple(rows)), counts, frozenset(values))
