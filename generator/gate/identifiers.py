"""Rule 2: personal identifiers in published text outside withheld positions.

Plain patterns, each tested (tests/test_gate_identifiers.py) for what it must and must not
match. On the sample site they find nothing (precision: no false positive there). Patterns
marked "by context" need a nearby keyword, since the bare number or date is too common.
A release may approve a specific finding in a cell (release.yml `approvals`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator import urls
from generator.gate.findings import Finding, describe
from generator.gate.sitefiles import HTML_SUFFIXES, SEARCH_INDEX, SiteFiles, Text
from generator.room import ReadingRoom

_EDGE_L, _EDGE_R = r"(?<![\w-])", r"(?![\w-])"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DATE = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|{_MONTH}\.? \d{{1,2}},? \d{{4}}"
         rf"|\d{{1,2}} {_MONTH} \d{{4}})")

PATTERNS: dict[str, re.Pattern[str]] = {
    # Social Security and taxpayer numbers, full (the last four alone are allowed), formatted
    # or by context.
    "ssn": re.compile(r"(?<![\d-])(?:(?!000|666)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}"
                      r"|(?:ssn|social security(?: no\.?| number)?|tin|taxpayer id\w*(?: number)?)\W{0,5}\d{9})"
                      r"(?![\d-])", re.IGNORECASE),
    # US phone numbers: (202) 555-0143, 202-555-0143, 202.555.0143, +1 202 555 0143.
    "phone": re.compile(_EDGE_L + r"(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[-. /])[2-9]\d{2}[-. ]?\d{4}"
                        + _EDGE_R),
    # Bounded parts keep the scan linear on long runs of letters.
    "email": re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"),
    # Dates of birth, by context.
    "birthdate": re.compile(r"(?:born(?: on)?|birth ?date|date of birth|d\.?o\.?b\.?|fecha de nacimiento)\W{1,5}"
                            + _DATE, re.IGNORECASE),
    # Alien registration numbers: A-123-456-789, A123456789, or by context.
    "a-number": re.compile(r"(?<![\w-])A-?\d{3}-?\d{3}-?\d{2,3}(?![\w-])"
                           r"|(?:a-number|alien (?:registration )?(?:no\.?|number))\W{1,5}\d{8,9}", re.IGNORECASE),
    # Passport numbers, by context.
    "passport": re.compile(r"passport\W{0,3}(?:(?:no\.?|number|#)\W{0,3})?(?=[A-Z]{0,8}\d)[A-Z0-9]{6,9}(?![\w-])",
                           re.IGNORECASE),
    # Financial account and card numbers, by context.
    "account": re.compile(r"(?:account|acct|routing|iban|card)\W{0,3}(?:no\.?|number|#)?\W{0,3}"
                          r"\d[\d -]{5,22}\d(?![\w-])", re.IGNORECASE),
}
# A column's name gives context: a bare value that fits the kind, in a column named for it.
COLUMN_CONTEXT: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "birthdate": (re.compile(r"birth|dob|born|nacimiento", re.I), re.compile(_DATE, re.I)),
    "ssn": (re.compile(r"ssn|social|taxpayer|(?:^|_)tin(?:$|_)", re.I), re.compile(r"\d{3}[- ]?\d{2}[- ]?\d{4}")),
    "phone": (re.compile(r"phone|tel|cell|mobile|fax|tel[eé]fono", re.I),
              re.compile(r"\+?\d{0,3}[-. ]?\(?\d{3}\)?[-. /]?\d{3}[-. ]?\d{4}")),
    "passport": (re.compile(r"passport|pasaporte", re.I), re.compile(r"(?=[A-Z]{0,8}\d)[A-Z0-9]{6,9}", re.I)),
    "a-number": (re.compile(r"a_?num|alien", re.I), re.compile(r"A?-?\d{3}-?\d{3}-?\d{2,3}", re.I)),
    "account": (re.compile(r"account|acct|iban|routing|card", re.I), re.compile(r"[A-Z]{0,4}[\d -]{6,30}", re.I)),
}
RULE = "personal-identifier"


@dataclass(frozen=True)
class Match:
    kind: str
    value: str


def find_identifiers(text: str, column: str = "") -> list[Match]:
    """Every identifier-like match in a text; a column name adds context for dates of birth."""
    found = [Match(kind, m.group(0)) for kind, pattern in PATTERNS.items() for m in pattern.finditer(text)]
    for kind, (name, value) in COLUMN_CONTEXT.items():
        if column and name.search(column) and value.fullmatch(text.strip()) and kind not in {m.kind for m in found}:
            found.append(Match(kind, text.strip()))
    return found


def check_identifiers(room: ReadingRoom, files: SiteFiles) -> list[Finding]:
    approved, findings = _approved_values(room)
    for text in [*files.article_texts(), *files.search_entries(), *_other_texts(room, files)]:
        for match in find_identifiers(text.text):
            if not _is_approved(match, approved.get(_release_of(text.page), set())):
                findings.append(Finding(text.file, text.place, RULE, f"{match.kind} ({describe(match.value)})"))
    findings += _check_downloads(room, files)
    return findings


def _check_downloads(room: ReadingRoom, files: SiteFiles) -> list[Finding]:
    """Each cell of each published CSV, with its column as context; approvals are per cell."""
    findings = []
    for release in room.published:
        cells = {(a.dataset, a.row, a.column, a.kind) for a in release.spec.approvals}
        for dataset in release.datasets:
            name = urls.download(release.id, dataset.spec.name)
            table = files.published_table(name)
            if table is None:
                continue  # the markers rule reports a missing download
            for number, row in enumerate(table.rows, start=1):
                for column, cell in zip(table.header, row, strict=False):
                    for match in find_identifiers(cell, column):
                        if (dataset.spec.name, number, column, match.kind) not in cells:
                            findings.append(Finding(name, f"row {number}, column '{column}'", RULE,
                                                    f"{match.kind} ({describe(match.value)})"))
    return findings


def _other_texts(room: ReadingRoom, files: SiteFiles) -> Iterator[Text]:
    """Every other file: sitemaps, static files copied from the docs folder, and so on."""
    downloads = {urls.download(r.id, d.spec.name) for r in room.published for d in r.datasets}
    for file in files.files:
        if file.suffix not in HTML_SUFFIXES and file.name not in downloads and not file.name.startswith(SEARCH_INDEX):
            yield Text(file.name, "file text", files.readable(file))


def _approved_values(room: ReadingRoom) -> tuple[dict[str, set[Match]], list[Finding]]:
    """Per release id: the identifiers its approvals make publishable, and approvals that approve nothing.

    Only what the gate itself finds in the approved cell is approved, so an approval cannot
    cover more than the identifier it was written for.
    """
    approved: dict[str, set[Match]] = {}
    stale = []
    for release in room.published:
        for number, approval in enumerate(release.spec.approvals):
            dataset = next(d for d in release.datasets if d.spec.name == approval.dataset)
            cell = dataset.table.rows[approval.row - 1][dataset.table.header.index(approval.column)]
            matches = {m for m in find_identifiers(cell, approval.column) if m.kind == approval.kind}
            if not matches:
                stale.append(Finding(f"releases/{release.id}/release.yml", f"approvals[{number}]", RULE,
                                     f"the approved cell holds no {approval.kind}; remove the approval"))
            approved.setdefault(release.id, set()).update(matches)
    return approved, stale


def _release_of(page: str | None) -> str:
    parts = (page or "").split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "releases" else ""


def _is_approved(match: Match, approved: set[Match]) -> bool:
    # Exact: an approval of one identifier never covers a longer one that contains it.
    return Match(match.kind, match.value) in approved
