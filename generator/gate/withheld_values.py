"""Rule 4: the withheld-values proof.

`generator redact --withheld-values FILE` writes every value it withheld to a private file
(outside the repository). A build given that file proves that none of those values appears
anywhere in the site, in any case or spacing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import ahocorasick  # no type information shipped (see [tool.mypy] in pyproject.toml)

from generator.gate.findings import Finding, GateFailure, GateReport
from generator.gate.normalise import proof_form
from generator.gate.sitefiles import SiteFiles

RULE = "withheld-value"
ENVIRONMENT_VARIABLE = "READING_ROOM_WITHHELD_VALUES"
# Shorter values ("F", "yes") would match everywhere; they are counted, not searched for.
MIN_LENGTH = 4


def normalise(text: str) -> str:
    """The form values and texts are compared in: the gate's shared matching form (entities and URL
    escapes decoded, compatibility forms, accents, invisible characters, dashes, digits folded),
    casefolded, with all whitespace removed. See generator/gate/normalise.py."""
    return proof_form(text)


class ValuesFileError(GateFailure):
    """The values file cannot be read as a JSON list of strings: the proof cannot run, so the gate fails.

    Reported as a finding naming the file (never its content), so that the build and the
    command line stop with a clear message instead of a traceback.
    """

    def __init__(self, path: Path, problem: str) -> None:
        finding = Finding(
            str(path),
            "withheld-values file",
            RULE,
            f"{problem}; expected a JSON list of strings, as `generator redact --withheld-values` writes",
        )
        super().__init__(GateReport(files=0, findings=(finding,)))
        self.problem = problem


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
        raise UnsafeValuesPath(
            f"{path}: the withheld-values file is inside a git repository where it could be "
            "committed; write it outside the repository"
        )


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Arguments are our own and paths; no shell is involved.
    command = ["git", "-C", str(folder), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def write_values(path: Path, values: set[str], root: Path) -> None:
    refuse_unsafe_path(path, root)
    try:
        existing = set(read_values(path)) if path.is_file() else set()
    except ValuesFileError as exc:
        # Overwriting it would lose whatever it holds; the maintainer must look at it first.
        raise UnsafeValuesPath(f"{path}: {exc.problem}; not overwriting it") from None
    path.write_text(json.dumps(sorted(existing | values), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    path.chmod(0o600)


def read_values(path: Path) -> list[str]:
    """The values of a values file; ValuesFileError (a gate failure) if it is missing, empty or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValuesFileError(path, "the withheld-values file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValuesFileError(path, f"the withheld-values file cannot be read ({type(exc).__name__})") from None
    if not text.strip():
        raise ValuesFileError(path, "the withheld-values file is empty")
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        raise ValuesFileError(path, "the withheld-values file is not valid JSON") from None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValuesFileError(path, "the withheld-values file is not a list of strings")
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
        # A page's text is read in several forms (visible text, attributes, source): one finding per value.
        found = sorted({match for _, match in automaton.iter(normalise(files.readable(file)))})
        findings += [
            Finding(
                file.name,
                "file text",
                RULE,
                f"withheld value no. {number} of the values file ({length} characters) appears",
            )
            for number, length in found
        ]
    return findings
