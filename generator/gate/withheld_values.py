"""Rule 4: the withheld-values proof.

`generator redact --withheld-values FILE` writes every value it withheld to a private file
(outside the repository). A build given that file proves that none of those values appears
anywhere in the site, in any case or spacing.
"""

from __future__ import annotations

import json
from pathlib import Path

import ahocorasick  # no type information shipped (see [tool.mypy] in pyproject.toml)

from generator.gate.findings import Finding, GateFailure, GateReport
from generator.gate.normalise import proof_form
from generator.gate.sitefiles import SiteFiles, parse_csv
from generator.private_files import NotPrivate, refuse_unless_private

RULE = "withheld-value"
ENVIRONMENT_VARIABLE = "READING_ROOM_WITHHELD_VALUES"
# Shorter values ("F", "yes") would match everywhere; they are counted, not searched for.
MIN_LENGTH = 4
# The dataset a values file written before datasets were named is read as.
UNNAMED = "(unnamed)"


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
            f"{problem}; expected what `generator redact --withheld-values` writes",
        )
        super().__init__(GateReport(files=0, findings=(finding,)))
        self.problem = problem


def write_values(path: Path, dataset: str, values: set[str], root: Path) -> None:
    """Replace one dataset's entry (``release-id/dataset``) in a private values file, keeping the others.

    Replacing, not adding: after a rule change the file holds exactly what the rules now withhold.
    """
    refuse_unless_private(path, root, "withheld-values file")
    try:
        existing = read_datasets(path) if path.is_file() else {}
    except ValuesFileError as exc:
        # Overwriting it would lose whatever it holds; the maintainer must look at it first.
        raise NotPrivate(f"{path}: {exc.problem}; not overwriting it") from None
    existing[dataset] = sorted(values)
    text = json.dumps(dict(sorted(existing.items())), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)


def read_datasets(path: Path) -> dict[str, list[str]]:
    """Each dataset's withheld values; a file from before datasets were named is one entry, ``(unnamed)``.

    ValuesFileError (a gate failure) if the file is missing, empty or malformed.
    """
    data = _read_json(path)
    if isinstance(data, list) and all(isinstance(v, str) for v in data):
        return {UNNAMED: data}
    if isinstance(data, dict) and all(
        isinstance(values, list) and all(isinstance(v, str) for v in values) for values in data.values()
    ):
        return {str(key): values for key, values in data.items()}
    raise ValuesFileError(path, "the withheld-values file is not a JSON object of lists of strings")


def _read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValuesFileError(path, "the withheld-values file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValuesFileError(path, f"the withheld-values file cannot be read ({type(exc).__name__})") from None
    if not text.strip():
        raise ValuesFileError(path, "the withheld-values file is empty")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise ValuesFileError(path, "the withheld-values file is not valid JSON") from None


def searchable(datasets: dict[str, list[str]]) -> dict[str, tuple[str, int]]:
    """Normalised value -> (its dataset, its number there, 1-based), for values long enough to search."""
    found: dict[str, tuple[str, int]] = {}
    for dataset, values in sorted(datasets.items()):
        for number, value in enumerate(values, start=1):
            key = normalise(value)
            if len(key) >= MIN_LENGTH:
                found.setdefault(key, (dataset, number))
    return found


def values_automaton(datasets: dict[str, list[str]]) -> ahocorasick.Automaton | None:
    """A matcher for every searchable withheld value, giving (dataset, number, length); None if there are none."""
    keys = searchable(datasets)
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, (dataset, number) in keys.items():
        automaton.add_word(key, (dataset, number, len(key)))
    automaton.make_automaton()
    return automaton


def finding_detail(dataset: str, number: int, length: int) -> str:
    return (
        f"value no. {number} withheld in {dataset} ({length} characters) appears; if the rules release "
        "it elsewhere, run redact again with --withheld-values to rebuild that dataset's entry"
    )


def check_withheld_values(datasets: dict[str, list[str]], files: SiteFiles) -> list[Finding]:
    """Every text of the site but the published datasets' (read a chunk at a time: generator/gate/datasets.py)."""
    automaton = values_automaton(datasets)
    if automaton is None:
        return []
    findings = []
    for file in files.files:
        # A page's text is read in several forms (visible text, attributes, source): one finding per value.
        found = sorted({match for _, match in automaton.iter(normalise(files.readable(file)))})
        if not found:
            continue
        places = _csv_places(file.text, automaton) if file.suffix == ".csv" else {}
        findings += [
            Finding(
                file.name, places.get((dataset, number), "file text"), RULE, finding_detail(dataset, number, length)
            )
            for dataset, number, length in found
        ]
    return findings


def _csv_places(text: str, automaton: ahocorasick.Automaton) -> dict[tuple[str, int], str]:
    """For a CSV with findings: the first row and column where each value appears (rows counted from 1)."""
    rows = parse_csv(text)
    header = rows[0] if rows else []
    places: dict[tuple[str, int], str] = {}
    for number, row in enumerate(rows[1:], start=1):
        for index, cell in enumerate(row):
            column = header[index] if index < len(header) else f"{index + 1}"
            for _, (dataset, value, _length) in automaton.iter(normalise(cell)):
                places.setdefault((dataset, value), f"row {number}, column '{column}'")
    return places
