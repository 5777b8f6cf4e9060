"""Checking released cells against their Frictionless Table Schema type.

Every pattern matches the whole cell (``re.fullmatch``: "$" would also match before a final
newline) and digits are ASCII only ("\\d" would accept any script's digits).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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


# The same forms for a whole column at once, in RE2 (pyarrow compute), anchored ("$" is the end of the
# text there). A date's year of 0000 is no date to Python's datetime either, hence its own form; its day is
# checked by a parse round trip (see nonconforming).
_COLUMN_PATTERNS = {
    field_type: f"^(?:{pattern.pattern})$"
    for field_type, pattern in ((FieldType.integer, _INTEGER), (FieldType.number, _NUMBER), (FieldType.year, _YEAR))
} | {FieldType.date: r"^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-[0-9]{2}-[0-9]{2}$"}


def nonconforming(field_type: FieldType, cells: pa.Array) -> np.ndarray:
    """Per cell of a string column, True where ``conforms`` is False: one vectorised pass, no Python loop."""
    if field_type is FieldType.string:
        return np.zeros(len(cells), dtype=bool)
    if field_type is FieldType.boolean:
        fits = pc.is_in(cells, value_set=pa.array(sorted(_BOOLEANS), type=cells.type))
    else:
        fits = pc.match_substring_regex(cells, _COLUMN_PATTERNS[field_type])
    if field_type is FieldType.date:
        # A real day: parsing rolls 2021-02-30 over to March, so the day must print back as written.
        parsed = pc.strptime(cells, format="%Y-%m-%d", unit="s", error_is_null=True)
        fits = pc.and_(fits, pc.fill_null(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), cells), False))
    fits = pc.or_(pc.fill_null(fits, False), pc.equal(cells, ""))
    return ~np.asarray(fits, dtype=bool)


# What a spreadsheet export most often writes instead of the expected form: each described by its shape,
# never by its value, and in few enough kinds that a column's mistakes group into one error.
_FORMS: dict[FieldType, str] = {
    FieldType.integer: "an integer such as 1234",
    FieldType.number: "a number such as 1234.5",
    FieldType.boolean: "true or false",
    FieldType.date: "a date in the form YYYY-MM-DD",
    FieldType.year: "a year of four digits",
}
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s.*|.*\s"), "it has spaces around it"),
    (re.compile(r"[+-]?[$€£¥][0-9.,]+|[0-9.,]+ ?[$€£¥]"), "it has a currency sign"),
    (re.compile(r"[+-]?[0-9.,]+ ?%"), "it is a percentage"),
    (re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?"), "it has thousands separators (write 1234, not 1,234)"),
    (re.compile(r"[+-]?[0-9]+,[0-9]+"), "it has a decimal comma (write 1234.5, not 1234,5)"),
    (re.compile(r"[+-]?[0-9]*\.[0-9]+"), "it has a fractional part"),
    (re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}"), "it looks like a month/day/year or day/month/year date"),
    (re.compile(r"[0-9]{1,2}[.-][0-9]{1,2}[.-][0-9]{2,4}"), "it looks like a day-month-year date"),
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "no such day exists"),
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ].+"), "it has a time of day"),
)


def mismatch(field_type: FieldType, value: str) -> str:
    """Why a value does not fit its type, by the value's shape only (never quoting it)."""
    expected = f"is not {_FORMS[field_type]}"
    shape = next((words for pattern, words in _SHAPES if pattern.fullmatch(value)), None)
    return f"{expected}: {shape}" if shape else expected
