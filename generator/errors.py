"""Content errors: what is wrong, where, and how to fix it.

Messages never quote anything from the content (a cell, a key, a value, free text): build
logs of public repositories are public, and the text may be exactly what was meant to be
withheld. A place is named by file, line and position instead, e.g.
``releases/x/release.yml: line 27, datasets[0].schema.fields[2]: an unknown key``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.error_codes import CODES
from generator.yamlfile import YamlDocument

Loc = tuple[int | str, ...]


def suggest(word: str, known: Iterable[str]) -> str:
    """ "did you mean 'x'? " for the closest known name (never the word itself), or nothing."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def position(loc: Loc) -> str:
    """A field position such as ``datasets[0].schema.fields[2].name``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "top level"


# A group of cells with the same problem lists this many rows; `validate --verbose` lists them all.
ROWS_SHOWN = 5


@dataclass(frozen=True)
class ContentError:
    """One problem in the content, located precisely enough to fix at 2 a.m., with its stable code.

    A group of cells in one column with the same problem is one error: ``where`` names the column
    and ``rows`` every row, ascending.
    """

    file: str
    where: str
    what: str
    fix: str = ""
    code: str = ""
    rows: tuple[int, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """File, then row in numeric order (row 2 before row 10), then place and problem."""
        return (self.file, self.rows[0] if self.rows else 0, self.where, self.what)

    def place(self, verbose: bool = False) -> str:
        """Where it is: for a group of cells, the column, how many and which rows."""
        if len(self.rows) == 1:
            return f"row {self.rows[0]}, {self.where}"
        if not self.rows:
            return self.where
        shown = self.rows if verbose else self.rows[:ROWS_SHOWN]
        more = f" and {len(self.rows) - len(shown):,} more" if len(shown) < len(self.rows) else ""
        return f"{self.where}, {len(self.rows):,} cells in rows {', '.join(map(str, shown))}{more}"

    def describe(self, verbose: bool = False) -> str:
        place = self.place(verbose)
        text = f"{self.file}: {place}: {self.what}" if place else f"{self.file}: {self.what}"
        text = f"{text} (fix: {self.fix})" if self.fix else text
        return f"{text} [{self.code}]" if self.code else text

    def __str__(self) -> str:
        return self.describe()


# Past this many errors in one file (groups of cells count once), the rest are counted, not listed.
MAX_ERRORS_PER_FILE = 100


class ContentErrors(Exception):
    """Raised once, with every error found, so nothing is built from bad content."""

    def __init__(self, errors: list[ContentError], omitted: dict[str, int] | None = None) -> None:
        self.errors = sorted(set(errors), key=lambda error: error.sort_key)
        self.omitted = dict(sorted((omitted or {}).items()))
        super().__init__(self.report())

    def report(self, verbose: bool = False, consequence: str = "nothing was published") -> str:
        total = sum(max(1, len(error.rows)) for error in self.errors) + sum(self.omitted.values())
        lines = [f"{total:,} content error(s); {consequence}:"]
        lines += [f"  - {error.describe(verbose)}" for error in self.errors]
        lines += [
            f"  - {file}: {count} more error(s) not shown (fix the ones above and run again)"
            for file, count in self.omitted.items()
        ]
        return "\n".join(lines)


class ErrorLog:
    """Collects errors while loading so every one is reported in a single run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._errors: list[ContentError] = []
        # (file, column, what, fix, code) -> rows: one error per column and problem, however many cells.
        self._cells: dict[tuple[str, str, str, str, str], list[int]] = {}
        self.omitted: dict[str, int] = {}
        self.count = 0  # every problem logged, each cell counted
        self._per_file: dict[str, int] = {}
        self._documents: dict[str, tuple[YamlDocument, str]] = {}
        # Added to every cell's row number: a dataset checked a chunk at a time sets it to the rows before.
        self.row_offset = 0

    @property
    def errors(self) -> list[ContentError]:
        """Every error logged: single ones, then one per group of cells."""
        groups = [
            ContentError(file, f"column '{column}'", what, fix, code, tuple(sorted(rows)))
            for (file, column, what, fix, code), rows in self._cells.items()
        ]
        return self._errors + groups

    def add(self, path: Path | str, where: str, what: str, fix: str | None = None, *, code: str) -> None:
        """One problem; ``fix`` defaults to the code's own (generator/error_codes.py)."""
        self.count += 1
        file = self.relative(path)
        self._per_file[file] = self._per_file.get(file, 0) + 1
        if self._per_file[file] > MAX_ERRORS_PER_FILE:
            # One broken column of a million rows must not print a million lines (or take hours).
            self.omitted[file] = self.omitted.get(file, 0) + 1
            return
        self._errors.append(ContentError(file, where, what, CODES[code].fix if fix is None else fix, code))

    def cell(self, path: Path | str, row: int, column: str, what: str, fix: str | None = None, *, code: str) -> None:
        """A problem in one cell (row counted from 1); cells of a column with the same problem are grouped."""
        self.count += 1
        key = (self.relative(path), column, what, CODES[code].fix if fix is None else fix, code)
        rows = self._cells.setdefault(key, [])
        if not rows:
            self._per_file[key[0]] = self._per_file.get(key[0], 0) + 1
        rows.append(row + self.row_offset)

    def duplicates(self, path: Path | str, section: str, field: str, values: list[str], *, code: str) -> None:
        """One error for each item of a list in a YAML file (``section``) whose ``field`` repeats an earlier one's."""
        for index, value in enumerate(values):
            if value in values[:index]:
                self.add(
                    path,
                    self.place(path, (section, index, field)),
                    f"the {field} is also used by {section}[{values.index(value)}]",
                    code=code,
                )

    def add_document(self, path: Path | str, document: YamlDocument, prefix: str = "") -> None:
        """Remember a file's YAML so later errors about it can name lines (prefix, e.g. "front matter: ")."""
        self._documents[self.relative(path)] = (document, prefix)

    def document(self, path: Path | str) -> YamlDocument | None:
        entry = self._documents.get(self.relative(path))
        return entry[0] if entry else None

    def place(self, path: Path | str, loc: Loc, line_of: Loc | None = None, line: int | None = None) -> str:
        """Where a value of a YAML file is: ``line 12, datasets[0].withholding[1]``.

        The line is ``line``, or that of ``line_of`` (default ``loc``); a text part of ``loc`` at a
        list names the item by its ``name`` and is shown as its index.
        """
        entry = self._documents.get(self.relative(path))
        if entry is None:
            return position(loc)
        document, prefix = entry
        found_line, found, _ = document.find(loc if line_of is None else line_of)
        shown = found + loc[len(found) :] if line_of is None else loc
        return f"line {found_line if line is None else line}, {prefix}{position(shown)}"

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            # The parent only: resolving a link itself would name where it points.
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def raise_if_any(self) -> None:
        if self.count:
            raise ContentErrors(self.errors, self.omitted)
