"""Turning pydantic validation errors into content errors a maintainer can act on.

An error names the file, the line and the field position, never what the file says there: an
unknown key is "an unknown key" (with a suggestion from the schema's own field names), and
pydantic messages are used only for error kinds whose wording never includes the input.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import ErrorLog, Loc
from generator.models import PATTERN_WORDS, TextProblem

# Error kinds whose pydantic message is built only from the schema (types, limits, allowed values).
_SAFE_MESSAGES = frozenset(
    {
        "bool_parsing",
        "bool_type",
        "date_from_datetime_inexact",
        "date_from_datetime_parsing",
        "date_parsing",
        "date_type",
        "dict_type",
        "enum",
        "float_parsing",
        "float_type",
        "greater_than",
        "greater_than_equal",
        "int_from_float",
        "int_parsing",
        "int_type",
        "less_than",
        "less_than_equal",
        "list_type",
        "literal_error",
        "model_attributes_type",
        "model_type",
        "string_too_long",
        "string_too_short",
        "string_type",
        "too_long",
        "too_short",
    }
)


_FIXES = {
    "missing": "add it (see the README's format reference)",
    "string_type": "quote the value to make it text (YAML reads unquoted numbers, dates and yes/no otherwise)",
}


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    return {info.alias or name: info.annotation for name, info in model.model_fields.items()}


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The schema model that describes the mapping at ``loc``, following fields, lists and optionals."""
    current: Any = model
    for part in loc:
        current = unwrap_annotation(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return None
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            current = _fields(current).get(part)
        else:
            return None
    current = unwrap_annotation(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def unwrap_annotation(annotation: Any) -> Any:
    """Drop Annotated and Optional wrappers."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _unknown_key_fix(model: type[BaseModel], key: str, loc: Loc, missing: list[str]) -> str:
    """A suggestion taken only from the schema's names, preferring a required key that is missing."""
    known = _model_at(model, loc)
    names = list(_fields(known)) if known else []
    close = difflib.get_close_matches(key, missing, n=1) or difflib.get_close_matches(key, names, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    if names:
        return "remove it or check the spelling; the keys allowed here are " + ", ".join(names)
    return "remove it or check the spelling"


def _message(error: Any) -> str:
    """What is wrong, never echoing the input."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "string_pattern_mismatch":
        return PATTERN_WORDS.get(str(error["ctx"]["pattern"]), "the value does not have the required form")
    if kind in _SAFE_MESSAGES:
        return str(error["msg"])
    return f"the value is not valid here ({kind})"


def validate(model: type[BaseModel], data: object, path: Path, log: ErrorLog) -> BaseModel | None:
    """Validate data against a content schema; log each problem with its line and field position.

    The file's YAML document should be registered with ``log.add_document`` for lines to be named.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
    document = log.document(path)
    missing: dict[Loc, list[str]] = {}
    for error in errors:
        if error["type"] == "missing":
            missing.setdefault(tuple(error["loc"][:-1]), []).append(str(error["loc"][-1]))
    for error in errors:
        loc: Loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            parent = loc[:-1]
            fix = _unknown_key_fix(model, str(loc[-1]), parent, missing.get(parent, []))
            log.add(path, log.place(path, parent, line_of=loc), "an unknown key", fix, code="RR202")
            continue
        problem = error.get("ctx", {}).get("error")
        line = None
        if isinstance(problem, TextProblem) and document is not None and document.find(loc)[2]:
            start, block = document.text_start(loc)
            line = start + problem.line_offset if block else start
        where = log.place(path, loc, line=line)
        fix = _FIXES.get(error["type"], "see the README's format reference")
        log.add(path, where, _message(error), fix, code="RR203" if error["type"] == "missing" else "RR204")
    return None
