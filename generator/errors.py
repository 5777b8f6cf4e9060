"""Content errors: what is wrong, where, and how to fix it.

Messages never quote a cell's value: build logs of public repositories are public,
and the value may be exactly what was meant to be withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, located precisely enough to fix at 2 a.m."""

    file: str
    where: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        text = f"{place}: {self.what}"
        return f"{text} (fix: {self.fix})" if self.fix else text


class ContentErrors(Exception):
    """Raised once, with every error found, so nothing is built from bad content."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{len(self.errors)} content error(s); nothing was published:"]
        lines += [f"  - {error}" for error in self.errors]
        return "\n".join(lines)


class ErrorLog:
    """Collects errors while loading so every one is reported in a single run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []

    def add(self, path: Path | str, where: str, what: str, fix: str = "") -> None:
        self.errors.append(ContentError(self.relative(path), where, what, fix))

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            # The parent only: resolving a link itself would name where it points.
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)
