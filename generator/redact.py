"""Applying a release's withholding rules to an unredacted file (run privately, never in CI)."""

from __future__ import annotations

from pathlib import Path

from generator.bases import catalogue
from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.private_files import refuse_unless_private
from generator.redaction import Columns, Redacted, apply, compile_rules
from generator.releases import RELEASE_FILE, check_released_cells, columns_match, load_spec
from generator.tables import Table, read_table


def redact_table(
    config: RoomConfig, release_id: str, dataset_name: str, table: Table, source: Path, log: ErrorLog
) -> Redacted | None:
    """Redact a table with the rules of dataset ``dataset_name`` in release ``release_id``."""
    folder = config.releases_dir / release_id
    spec = load_spec(folder, config, log)
    if spec is None:
        return None
    dataset = next((d for d in spec.datasets if d.name == dataset_name), None)
    if dataset is None:
        names = ", ".join(d.name for d in spec.datasets)
        log.add(
            folder / RELEASE_FILE,
            "datasets",
            f"no dataset named '{dataset_name}'",
            f"use one of: {names}",
            code="RR511",
        )
        return None
    # The whole dataset spec, as the build checks it, before anything is written: columns, then rules,
    # then every released cell's type and enum (a condition value spelt differently must not leave a cell
    # unredacted).
    if not columns_match(dataset, table.header, source, folder / RELEASE_FILE, log):
        return None
    rules = compile_rules(dataset, table.header, catalogue(), folder / RELEASE_FILE, log)
    if rules is None:
        return None
    check_released_cells(dataset, table, Columns.of(table, rules), rules, source, log)
    if log.count:
        return None
    return apply(table, rules, catalogue())


def redact_file(config: RoomConfig, release_id: str, dataset_name: str, raw: Path, log: ErrorLog) -> Redacted | None:
    """Read an unredacted CSV and redact it; None (with errors logged) if it cannot be.

    NotPrivate when the raw file lies where it could be published or committed.
    """
    refuse_unless_private(raw, config.root, "unredacted file")
    table = read_table(raw, log)
    if table is None:
        return None
    return redact_table(config, release_id, dataset_name, table, raw, log)
