"""Dataset specs for tests that write a dataset's files directly."""

from __future__ import annotations

from generator.models import DatasetSpec


def dataset_spec(fields: list[tuple[str, str]]) -> DatasetSpec:
    """A dataset "t" whose columns are (name, type) pairs, each titled and described by its name."""
    return DatasetSpec.model_validate(
        {
            "name": "t",
            "file": "t.csv",
            "title": "T",
            "description": "T.",
            "schema": {"fields": [{"name": n, "type": t, "title": n, "description": n} for n, t in fields]},
        }
    )
