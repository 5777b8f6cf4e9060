"""Checking released cells against their Frictionless Table Schema type.

Every pattern matches the whole cell (``re.fullmatch``: "$" would also match before a final
newline) and digits are ASCII only ("\\d" would accept any script's digits).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from generator.models import FieldType

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = frozenset({"true", "false", "True", "False", "TRUE", "FALSE", "1", "0"})


def _is_date(value: str) -> bool:
    if _DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_CHECKS: dict[FieldType, Callable[[str], bool]] = {
    FieldType.string: lambda value: True,
    FieldType.integer: lambda value: _INTEGER.fullmatch(value) is not None,
    FieldType.number: lambda value: _NUMBER.fullmatch(value) is not None,
    FieldType.boolean: lambda value: value in _BOOLEANS,
    FieldType.date: _is_date,
    FieldType.year: lambda value: _YEAR.fullmatch(value) is not None,
}


def conforms(field_type: FieldType, value: str) -> bool:
    """True when a released value fits its type; an empty cell is a missing value and fits any type."""
    return value == "" or _CHECKS[field_type](value)
