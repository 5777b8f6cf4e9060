"""Markdown files with YAML front matter (opinion summaries, hand-written pages), read as the engine reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.input_files import read_text_file
from generator.yamlfile import YamlProblem, load_yaml

# MkDocs' form: `---` opens, `---` or `...` closes; a CR alone ends a line as well.
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Split:
    """A file's front matter data (None when it has none), its Markdown body and the body's first line."""

    data: object | None
    body: str
    first_line: int


def split_front_matter(path: Path, text: str, log: ErrorLog) -> Split | None:
    """Split and parse strictly; None after logging a YAML problem. The document is registered with the
    log so later errors about the file name their lines."""
    text = re.sub(r"\r\n?", "\n", text)
    match = FRONT_MATTER.match(text)
    if match is None:
        return Split(None, text, 1)
    try:
        # The front matter starts on the file's second line.
        document = load_yaml(match.group(1), first_line=2)
    except YamlProblem as exc:
        log.add(
            path,
            f"line {exc.line}, front matter" if exc.line else "front matter",
            str(exc),
            "fix the YAML",
            code="RR201",
        )
        return None
    log.add_document(path, document, "front matter: ")
    return Split(document.data, text[match.end() :], text[: match.end()].count("\n") + 1)


def read_front_matter(path: Path, config: RoomConfig, log: ErrorLog) -> Split | None:
    """A Markdown file within the size limit, split into its front matter and body; None after logging."""
    text = read_text_file(path, config, log)
    return None if text is None else split_front_matter(path, text, log)
