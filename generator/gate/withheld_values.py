"""Rule 4: the withheld-values proof.

`generator redact --withheld-values FILE` writes every value it withheld to a private file
(outside the repository). A build given that file proves that none of those values appears
anywhere in the site, in any case or spacing.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import ahocorasick

from generator.gate.findings import Finding
from generator.gate.sitefiles import SiteFiles

RULE = "withheld-value"
ENVIRONMENT_VARIABLE = "READING_ROOM_WITHHELD_VALUES"
# Shorter values ("F", "yes") would match everywhere; they are counted, not searched for.
MIN_LENGTH = 4


@cache
def _invisible() -> dict[int, None]:
    """Every whitespace and format character, for str.translate to delete in one fast pass."""
    return {code: None for code in range(0x110000) if chr(code).isspace() or unicodedata.category(chr(code)) == "Cf"}


def normalise(text: str) -> str:
    """Case- and spacing-insensitive form: NFKC, casefolded, whitespace and invisible format characters
    (soft hyphens, zero-width spaces) removed."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_invisible())


class UnsafeValuesPath(ValueError):
    """The values file would be published or committed."""


def refuse_unsafe_path(path: Path, root: Path) -> None:
    """The values file must not be inside site/, nor anywhere git would commit it."""
    target = path.resolve()
    if target.is_relative_to((root / "site").resolve()):
        raise UnsafeValuesPath(f"{path}: the withheld-values file must never be written inside site/")
    folder = target.parent if target.parent.exists() else root
    inside = _git(folder, "rev-parse", "--is-inside-work-tree").stdout.strip() == "true"
    if not inside:
        return
    tracked = _git(folder, "ls-files", "--error-unmatch", str(target)).returncode == 0
    ignored = _git(folder, "check-ignore", "-q", str(target)).returncode == 0
    if tracked or not ignored:
        raise UnsafeValuesPath(f"{path}: the withheld-values file is inside a git repository where it could be "
                               "committed; write it outside the repository")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Arguments are our own and paths; no shell is involved.
    return subprocess.run(["git", "-C", str(folder), *args],  # noqa: S603, S607
                          capture_output=True, text=True, check=False)


def write_values(path: Path, values: set[str], root: Path) -> None:
    refuse_unsafe_path(path, root)
    existing = set(read_values(path)) if path.is_file() else set()
    path.write_text(json.dumps(sorted(existing | values), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    path.chmod(0o600)


def read_values(path: Path) -> list[str]:
    values = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{path}: expected a JSON list of strings, as `generator redact` writes")
    return values


def searchable(values: list[str]) -> dict[str, int]:
    """Normalised value -> its number in the file (1-based), for values long enough to search."""
    found: dict[str, int] = {}
    for number, value in enumerate(values, start=1):
        key = normalise(value)
        if len(key) >= MIN_LENGTH:
            found.setdefault(key, number)
    return found


def check_withheld_values(values: list[str], files: SiteFiles) -> list[Finding]:
    keys = searchable(values)
    if not keys:
        return []
    automaton = ahocorasick.Automaton()
    for key, number in keys.items():
        automaton.add_word(key, (number, len(key)))
    automaton.make_automaton()
    findings = []
    for file in files.files:
        for _, (number, length) in automaton.iter(normalise(files.readable(file))):
            findings.append(Finding(file.name, "file text", RULE,
                                    f"withheld value no. {number} of the values file ({length} characters) appears"))
    return findings
