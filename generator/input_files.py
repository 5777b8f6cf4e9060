"""Reading the files maintainers commit: size limits, text, strict YAML, and the files a release.yml names.

Every file is read only after the input boundary (generator/boundary.py) found it a regular file inside
the repository; these readers add the size limit and, for a release's files, that the name stays inside
its release folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from generator.config import MAX_WHOLE_FILE_BYTES, RoomConfig
from generator.errors import ErrorLog, Loc
from generator.schema_errors import validate
from generator.tables import decode
from generator.yamlfile import YamlProblem, load_yaml

Spec = TypeVar("Spec", bound=BaseModel)


def within_size_limit(path: Path, config: RoomConfig, log: ErrorLog, whole: bool = False) -> bool:
    """A readable regular file within the size limit (for a file read ``whole``, the smaller one); False after
    logging why not."""
    limit = min(config.max_file_bytes, MAX_WHOLE_FILE_BYTES) if whole else config.max_file_bytes
    try:
        size = path.stat().st_size
        readable = path.is_file() and os.access(path, os.R_OK)
    except OSError:
        readable = False
    if not readable:
        log.add(
            path,
            "",
            "the file cannot be read (a folder, a broken link, or no read permission)",
            "make it a readable regular file",
            code="RR111",
        )
        return False
    if size > limit:
        fix = "split it" if whole else "split it, or raise max_file_bytes in the plugin configuration"
        log.add(path, "", f"the file is {size} bytes, over the limit of {limit}", fix, code="RR112")
    return size <= limit


def read_file_bytes(path: Path, config: RoomConfig, log: ErrorLog) -> bytes | None:
    """A readable file's bytes within the size limit; None after logging why not."""
    if not within_size_limit(path, config, log, whole=True):
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        log.add(
            path, "", f"the file cannot be read ({type(exc).__name__})", "make it a readable regular file", code="RR111"
        )
        return None


def read_text_file(path: Path, config: RoomConfig, log: ErrorLog) -> str | None:
    """A UTF-8 text file within the size limit; None after logging why not."""
    data = read_file_bytes(path, config, log)
    return None if data is None else decode(path, data, log)


def read_yaml(path: Path, config: RoomConfig, log: ErrorLog) -> object | None:
    """The data of a YAML file, registered with the log so later errors name lines; None if unusable."""
    text = read_text_file(path, config, log)
    if text is None:
        return None
    try:
        document = load_yaml(text)
    except YamlProblem as exc:
        log.add(path, f"line {exc.line}" if exc.line else "", str(exc), "fix the YAML", code="RR201")
        return None
    if document.data is None:
        log.add(path, "", "the file is empty", "write the release's metadata (see the README)", code="RR113")
        return None
    log.add_document(path, document)
    data: object = document.data
    return data


def release_file_path(
    name: str, folder: Path, release_file: Path, loc: Loc, log: ErrorLog, suffix: str, kind: str
) -> Path | None:
    """A file a release.yml names (at ``loc``): a regular file inside its release folder, named ``suffix``."""
    where = log.place(release_file, loc)
    candidate = folder / name
    example = f"data{suffix}"
    try:
        inside = not Path(name).is_absolute() and candidate.resolve().is_relative_to(folder.resolve())
        exists = candidate.is_file()
    except (OSError, ValueError):
        log.add(
            release_file,
            where,
            "the file name is not a usable path",
            f"name the {kind} file, e.g. {example}",
            code="RR305",
        )
        return None
    if not inside:
        log.add(
            release_file,
            where,
            "the file path leaves the release folder",
            f"put the {kind} file in the release folder and name it relative to it",
            code="RR305",
        )
        return None
    if not exists:
        log.add(
            release_file, where, "the file does not exist in the release folder", "check the file name", code="RR306"
        )
        return None
    if candidate.suffix.lower() != suffix:
        log.add(release_file, where, f"the file must be a {suffix} file", code="RR307" if suffix == ".csv" else "RR310")
        return None
    return candidate


def read_spec(model: type[Spec], path: Path, config: RoomConfig, log: ErrorLog) -> Spec | None:
    """A YAML file validated against its schema; None (each problem logged) when it is unusable."""
    data = read_yaml(path, config, log)
    if data is None:
        return None
    spec = validate(model, data, path, log)
    return spec if isinstance(spec, model) else None
