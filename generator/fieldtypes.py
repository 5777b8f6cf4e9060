"""Checking released cells against their Frictionless Table Schema type."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from generator.models import FieldType

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_YEAR = re.compile(r"^\d{4}$")
_BOOLEANS = frozenset({"true", "false", "True", "False", "TRUE", "FALSE", "1", "0"})


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_CHECKS: dict[FieldType, Callable[[str], bool]] = {
    FieldType.string: lambda value: True,
    FieldType.integer: lambda value: bool(_INTEGER.match(value)),
    FieldType.number: lambda value: bool(_NUMBER.match(value)),
    FieldType.boolean: lambda value: value in _BOOLEANS,
    FieldType.date: _is_date,
    FieldType.year: lambda value: bool(_YEAR.match(value)),
}


def conforms(field_type: FieldType, value: str) -> bool:
    """True when a released value fits its type; an empty cell is a missing value and fits any type."""
    return value == "" or _CHECKS[field_type](value)
