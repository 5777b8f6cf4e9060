"""Turning pydantic validation errors into content errors a maintainer can act on."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.errors import ErrorLog
from generator.models import DOCUMENTED_MODELS


@cache
def _known_keys() -> tuple[str, ...]:
    keys: set[str] = set()
    for model in DOCUMENTED_MODELS.values():
        keys |= {info.alias or name for name, info in model.model_fields.items()}
    return tuple(sorted(keys))


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "top level"


def _message(error: dict) -> tuple[str, str]:  # type: ignore[type-arg]
    """What is wrong and how to fix it, never echoing the input value."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing", "add it (see the README's format reference)"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, _known_keys(), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check the spelling"
        return f"unknown field '{key}'", hint
    return error["msg"], "see the README's format reference"


def validate(model: type[BaseModel], data: object, path: Path, where: str,
             log: ErrorLog) -> BaseModel | None:
    """Validate data against a content schema; log each problem with its field path."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            what, fix = _message(error)
            location = _location(tuple(error["loc"]))
            log.add(path, f"{where}{location}" if where else location, what, fix)
        return None
