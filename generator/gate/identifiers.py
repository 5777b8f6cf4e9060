"""Rule 2: personal identifiers in published text outside withheld positions.

Each text is matched in its matching form (generator/gate/normalise.py): entities and URL escapes
decoded, fullwidth and other-script digits made ASCII, every dash a ``-``, every space a space,
invisible characters and combining marks removed. The patterns below therefore only need to know
ASCII. Each is tested (tests/test_gate_identifiers.py) for what it must and must not match; on
the sample site they find nothing (precision: no false positive there). Patterns marked "by
context" need a nearby keyword, since the bare number or date is too common. Phone numbers
written with a country code (``+44 20 7183 8750``) are found when the phonenumbers library
(Apache-2.0) says they are valid. A release may approve a specific finding in a cell
(release.yml `approvals`).

Every number may be glued to a preceding word by a hyphen (``SSN-123-45-6789``,
``tel-202-555-0143``), but no match starts or ends inside a longer number (``12-202-555-0143``,
docket ``1:18-cr-00123``, Bates ``AOL-DEF-00528703``).

Speed: nothing but e-mail addresses is looked for in a text without a digit; digit-led patterns
run only on runs of digits and separators holding at least 9 digits (8 after an "a"),
keyword-led ones only where one of their keywords occurs, e-mail addresses only from an ``@``,
international numbers only from a ``+``. Every repetition is bounded, so a 50 MB cell or a long
run of digits or letters is scanned in linear time (seconds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from generator import urls
from generator.gate.findings import Finding, describe
from generator.gate.normalise import matching_form
from generator.gate.sitefiles import (
    HTML_SUFFIXES,
    SEARCH_INDEX,
    SiteFiles,
    Text,
    is_pagefind_record,
    pdf_page,
    whole_reading_of,
)
from generator.models import BIDI_CONTROLS
from generator.releases import Release
from generator.room import ReadingRoom
from generator.tables import Table

# Not inside a longer number (a digit, or a digit and a separator, before or after), and, for
# patterns that say so, not glued to a word except by a hyphen.
_NUM_L, _NUM_R = r"(?<![0-9])(?<![0-9][-./,:])", r"(?![0-9])(?![-./,][0-9])"
_WORD_L, _WORD_R = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|{_MONTH}\.? {_DAY},? \d{{2,4}}"
    rf"|{_DAY} (?:of )?{_MONTH}\.?,? \d{{2,4}}|\d{{8}}(?![0-9]))"
)
# Words a sentence may put between a keyword and its value: "social security number is", "born on the".
_FILLER = r"(?:\W{0,5}(?:is|was|no|nos|number|num|nr|of|the|on|at|his|her|their|listed as|given as)\b\.?){0,3}\W{0,5}"
_PHONE_WORDS = r"(?:tele)?phones?|tel|cell(?:phone)?|call(?:ed|s)?|fax|mobile|telefono|celular|movil"

# Each kind's patterns, written for lowercased text. In a context pattern the group "v" holds the
# identifier itself (the keyword is not part of the value).
# Led by digits (or "+1", "(", "a-"): looked for only in and around runs of digits (_CLUSTER).
_DIGIT_LED: tuple[tuple[str, str], ...] = (
    # Social Security and taxpayer numbers, full (the last four alone are allowed).
    ("ssn", _NUM_L + r"(?!000|666)[0-9]{3}(?P<s> ?[-./] ?| )(?!00)[0-9]{2}(?P=s)(?!0000)[0-9]{4}" + _NUM_R),
    # US phone numbers: (202) 555-0143, 202-555-0143, 202.555.0143, +1 202 555 0143.
    (
        "phone",
        _WORD_L + _NUM_L + r"(?:\+?1[-. ]?)?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[-. /])[2-9][0-9]{2}[-. ]?"
        r"[0-9]{4}" + _WORD_R + _NUM_R,
    ),
    # Alien registration numbers: A-123-456-789, A123456789.
    ("a-number", _WORD_L + r"(?<![0-9]-)a-?[0-9]{3}-?[0-9]{3}-?[0-9]{2,3}" + _WORD_R + _NUM_R),
)
# Led by a context keyword: tried only where one of its trigger words occurs, each pattern
# starting with that word.
_KEYWORD_LED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "ssn",
        ("ssn", "s.s.n", "social security", "soc", "tin", "itin", "taxpayer"),
        r"\b(?:s\.?s\.?n\.?|soc(?:ial|\.)? ?sec(?:urity|\.)?(?: ?(?:no\.?|number|#))?|i?tin|taxpayer id\w*(?: number)?)"
        + _FILLER
        + r"(?P<v>[0-9]{9}|[0-9]{3}(?P<k> ?[-./] ?| )[0-9]{2}(?P=k)[0-9]{4})"
        + _NUM_R,
    ),
    # A bare 2025550143 needs a keyword: "phone", "tel.:", "call" (or a phone column).
    (
        "phone",
        ("phone", "tel", "cell", "call", "fax", "mobile", "celular", "movil"),
        rf"\b(?:{_PHONE_WORDS}){_FILLER}" r"(?P<v>(?:\+?1)?[2-9][0-9]{2}[2-9][0-9]{6})" + _WORD_R + _NUM_R,
    ),
    (
        "a-number",
        ("a-number", "alien"),
        r"\b(?:a-number|alien (?:registration )?(?:no\.?|number))" + _FILLER + r"(?P<v>[0-9]{8,9})" + _NUM_R,
    ),
    # Dates of birth.
    (
        "birthdate",
        ("born", "birth", "date of birth", "dob", "d.ob", "do.b", "d.o.b", "fecha de nacimiento"),
        r"\b(?:born|birth ?date|date of birth|d\.?o\.?b\.?|fecha de nacimiento)" + _FILLER + rf"(?P<v>{_DATE})",
    ),
    # Passport numbers.
    (
        "passport",
        ("passport",),
        r"\bpassport" + _FILLER + r"(?P<v>(?=[a-z]{0,8}[0-9])[a-z0-9]{6,9})" + _WORD_R + _NUM_R,
    ),
    # Financial account and card numbers.
    (
        "account",
        ("account", "acct", "routing", "iban", "card"),
        r"\b(?:account|acct|routing|iban|card)s?" + _FILLER + r"(?P<v>[0-9][0-9 -]{5,22}[0-9])" + _WORD_R + _NUM_R,
    ),
)
# E-mail addresses; bounded parts keep the scan linear on long runs of letters (see _emails).
_EMAIL = r"[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}"
KINDS = ("ssn", "phone", "email", "birthdate", "a-number", "passport", "account")
# Every kind's patterns in one, case-insensitive: the reference (find_identifiers runs the parts).
PATTERNS: dict[str, re.Pattern[str]] = {
    kind: re.compile(
        "|".join(
            [f"(?:{part})" for name, part in _DIGIT_LED if name == kind]
            + [f"(?:{part})" for name, _, part in _KEYWORD_LED if name == kind]
            + ([_EMAIL] if kind == "email" else [])
        ),
        re.IGNORECASE | re.ASCII,
    )
    for kind in KINDS
}
_KEYWORD_PATTERNS = tuple((kind, words, re.compile(part, re.ASCII)) for kind, words, part in _KEYWORD_LED)
# A run of digits and separators: digit-led identifiers are looked for only in runs with at least
# 9 digits (8 after an "a": an alien number), with a few characters either side ("+", "(", "a-"
# before, an edge after).
_CLUSTER = re.compile(r"[0-9][-. /()0-9]{6,}[0-9]")
_NINE_DIGITS, _EIGHT_DIGITS = re.compile(r"(?:[0-9][-. /()]{0,3}){9}"), re.compile(r"(?:[0-9][-. /()]{0,3}){8}")
_MARGIN = 4


def _combined(parts: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One alternation of the parts, part n as group "pn", its own groups renamed to stay unique."""

    def renamed(number: int, part: str) -> str:
        return f"(?P<p{number}>{part.replace('?P<s>', f'?P<p{number}s>').replace('?P=s)', f'?P=p{number}s)')})"

    return re.compile("|".join(renamed(number, part) for number, (_, part) in enumerate(parts)), re.ASCII)


_DIGIT_SCAN = _combined(_DIGIT_LED)
_DIGIT_PATTERNS = tuple((kind, re.compile(part, re.ASCII)) for kind, part in _DIGIT_LED)
_LONG_WINDOW = 200
# Any trigger word at all (checked first on short texts such as CSV cells, where most have none).
_TRIGGER_WORDS = "|".join(re.escape(word) for _, words, _ in _KEYWORD_LED for word in words)
_ANY_TRIGGER = re.compile(_TRIGGER_WORDS)
_SHORT = 4096
# A keyword occurring more often than once in this many characters: its pattern scans the whole
# text once instead of being tried at each occurrence.
_TRY_EVERY = 20
# International numbers: a "+" and a country code, then 6 to 16 more digits in groups. The
# candidate is then shortened group by group until phonenumbers accepts it as a valid number.
_INTERNATIONAL = re.compile(r"(?<![a-z0-9_+])\+[1-9](?:[-. /()]{0,2}[0-9]){6,16}")
_GROUP_END = re.compile(r"[0-9][-. /()]+(?=[0-9])")
_DIGIT = re.compile(r"[0-9]")
# An e-mail address is found from its "@": the domain, then the local part read backwards.
_LOCAL_PART = re.compile(_EMAIL.split("@")[0] + r"\Z", re.ASCII)
_DOMAIN = re.compile("@" + _EMAIL.split("@")[1], re.ASCII)

# A column's name gives context: a bare value that fits the kind, in a column named for it.
COLUMN_CONTEXT: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "birthdate": (re.compile(r"birth|dob|born|nacimiento", re.I), re.compile(_DATE, re.I)),
    "ssn": (re.compile(r"ssn|social|taxpayer|(?:^|_)tin(?:$|_)", re.I), re.compile(r"\d{3}[- ]?\d{2}[- ]?\d{4}")),
    "phone": (
        re.compile(r"phone|tel|cell|mobile|fax|telefono|celular", re.I),
        re.compile(r"\+?\d{0,3}[-. ]?\(?\d{3}\)?[-. /]?\d{3}[-. ]?\d{4}"),
    ),
    "passport": (re.compile(r"passport|pasaporte", re.I), re.compile(r"(?=[A-Z]{0,8}\d)[A-Z0-9]{6,9}", re.I)),
    "a-number": (re.compile(r"a_?num|alien", re.I), re.compile(r"A?-?\d{3}-?\d{3}-?\d{2,3}", re.I)),
    "account": (re.compile(r"account|acct|iban|routing|card", re.I), re.compile(r"[A-Z]{0,4}[\d -]{6,30}", re.I)),
}
RULE = "personal-identifier"


@dataclass(frozen=True)
class Match:
    """One identifier found: its kind and its value in matching form (never logged, only described)."""

    kind: str
    value: str


def find_identifiers(text: str, column: str = "") -> list[Match]:
    """Every identifier in a text, matched in its matching form; a column name adds context.

    Each (kind, value) is listed once. Values are in matching form, lowercased, so that an
    approval (found in a release's own data) and the same identifier on a page compare equal.
    """
    form = matching_form(text).lower()
    found: dict[Match, None] = {}
    if _DIGIT.search(form):
        found.update(dict.fromkeys(_digit_led(form)))
        if len(form) > _SHORT or _ANY_TRIGGER.search(form):
            found.update(dict.fromkeys(_keyword_led(form)))
        if "+" in form:
            found.update(dict.fromkeys(Match("phone", number) for number in _international(form)))
    if "@" in form:
        found.update(dict.fromkeys(Match("email", address) for address in _emails(form)))
    if column and (kinds := _column_kinds(column)):
        value = form.strip()
        found.update(
            dict.fromkeys(
                Match(kind, value)
                for kind in kinds
                if kind not in {m.kind for m in found} and COLUMN_CONTEXT[kind][1].fullmatch(value)
            )
        )
    return list(found)


def _digit_led(form: str) -> Iterator[Match]:
    for cluster in _CLUSTER.finditer(form):
        start = cluster.start()
        after_a = form[max(0, start - 2) : start].rstrip("-").endswith("a")
        if not (_EIGHT_DIGITS if after_a else _NINE_DIGITS).search(form, start, cluster.end()):
            continue  # too few digits for any identifier
        # The window ends past the run, so the patterns' edge checks see what follows it. A short
        # window is scanned once by all patterns together, a long one by each (faster per character).
        window = (max(0, start - _MARGIN), cluster.end() + _MARGIN)
        if window[1] - window[0] <= _LONG_WINDOW:
            for m in _DIGIT_SCAN.finditer(form, *window):
                yield Match(_DIGIT_LED[int((m.lastgroup or "p0")[1:])][0], m.group(0))
        else:
            for kind, pattern in _DIGIT_PATTERNS:
                yield from (Match(kind, m.group(0)) for m in pattern.finditer(form, *window))


def _keyword_led(form: str) -> Iterator[Match]:
    for kind, words, pattern in _KEYWORD_PATTERNS:
        if sum(form.count(word) for word in words) * _TRY_EVERY > len(form):
            matches: Iterator[re.Match[str] | None] = pattern.finditer(form)
        else:
            matches = (pattern.match(form, at) for word in words for at in _occurrences(form, word))
        yield from (Match(kind, m.group("v")) for m in matches if m)


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


@lru_cache(maxsize=1024)
def _column_kinds(column: str) -> tuple[str, ...]:
    """The kinds a column's name gives context for (a table has few columns and many rows)."""
    form = matching_form(column)
    return tuple(kind for kind, (name, _) in COLUMN_CONTEXT.items() if name.search(form))


def _emails(form: str) -> Iterator[str]:
    """E-mail addresses: each domain found from its "@", then its local part read backwards (linear)."""
    previous_end = 0
    for domain in _DOMAIN.finditer(form):
        start = domain.start()
        local = _LOCAL_PART.search(form, max(previous_end, start - 64), start)
        if local:
            previous_end = domain.end()
            yield local.group(0) + domain.group(0)


def _international(form: str) -> Iterator[str]:
    """Numbers written with a country code that phonenumbers says are valid (trailing groups dropped if needed)."""
    for candidate in _INTERNATIONAL.finditer(form):
        text = candidate.group(0)
        if _valid_phone(text):
            yield text
            continue
        for group_end in reversed(list(_GROUP_END.finditer(text))):
            if _valid_phone(text[: group_end.start() + 1]):
                yield text[: group_end.start() + 1]
                break


@lru_cache(maxsize=65536)
def _valid_phone(candidate: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(candidate, None)))
    except phonenumbers.NumberParseException:
        return False


def check_identifiers(room: ReadingRoom, files: SiteFiles) -> list[Finding]:
    approved, findings = _approved_values(room, files)
    for text in [*files.article_texts(), *files.search_entries(), *_other_texts(files)]:
        for match in find_identifiers(text.text):
            if not _is_approved(match, approved.allowed(text)):
                findings.append(Finding(text.file, text.place, RULE, f"{match.kind} ({describe(match.value)})"))
    return findings  # each published CSV's cells: see generator/gate/datasets.py


DISGUISED = "disguised-text"
DISGUISE_DETAIL = (
    "a bidirectional override or isolate character, which shows text in another order than it is stored; remove it"
)


def check_disguises(files: SiteFiles) -> list[Finding]:
    """Every text of the site read whole: no character that reorders what a reader sees (the published
    datasets, read a chunk at a time, are checked in generator/gate/datasets.py)."""
    return [
        Finding(file.name, "file text", DISGUISED, DISGUISE_DETAIL)
        for file in files.files
        if BIDI_CONTROLS.search(file.text)
    ]


def approved_cells(release: Release) -> set[tuple[str, int, str, str]]:
    """(dataset, row, column, kind) of each cell a release's approvals let hold an identifier of that kind."""
    return {(a.dataset, a.row, a.column, a.kind) for a in release.spec.approvals}


# A cell that matches none of these, has fewer than 8 ASCII digits and is not in a column named for
# a kind holds no identifier: it is printable ASCII without an escape (so its matching form is
# itself), too few digits for a digit-led pattern, no keyword, no "+" and no "@". The property is
# tested against find_identifiers (tests/test_gate_identifiers.py).
_MAY_HOLD = "[^ -~]|[&%@+]|" + _TRIGGER_WORDS
_FEWEST_DIGITS = 8


# A whole cell that is an ISO date has 8 digits but no identifier: a date of birth needs its context (a
# keyword, or a column named for it), and every digit-led pattern needs 9 digits or a letter prefix.
_ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def may_hold(cells: pa.Array) -> np.ndarray:
    """Per cell (a string array), False when it cannot hold an identifier outside a column named for one."""
    keyworded = pc.match_substring_regex(cells, _MAY_HOLD, ignore_case=True)
    digits = pc.greater_equal(pc.count_substring_regex(cells, "[0-9]"), _FEWEST_DIGITS)
    digits = pc.and_(digits, pc.invert(pc.match_substring_regex(cells, _ISO_DATE)))
    return np.asarray(pc.fill_null(pc.or_(keyworded, digits), False), dtype=bool)


def cells_to_scan(table: Table) -> Iterator[tuple[int, int]]:
    """(row number, column index) of each cell that may hold an identifier, in row order.

    Selected over all cells at once by pyarrow's RE2 (no Python loop over cells): every cell of a
    column named for a kind, and every other cell that ``may_hold`` one. Cells beyond the header of
    a ragged row have no column; the markers rule reports the row.
    """
    lengths = np.fromiter(map(len, table.rows), dtype=np.int64, count=len(table.rows))
    if not lengths.sum():
        return
    flat = pa.array(list(chain.from_iterable(table.rows)), type=pa.large_string())
    starts = np.cumsum(lengths) - lengths
    column = np.arange(len(flat)) - np.repeat(starts, lengths)
    context = [index for index, name in enumerate(table.header) if _column_kinds(name)]
    selected = (may_hold(flat) | np.isin(column, context)) & (column < len(table.header))
    indexes = np.flatnonzero(selected)
    rows = np.searchsorted(starts, indexes, side="right")  # 1-based: the row whose start is the last <= index
    yield from zip(rows.tolist(), column[indexes].tolist(), strict=True)


def _other_texts(files: SiteFiles) -> Iterator[Text]:
    """Every other file: sitemaps, static files copied from the docs folder, and so on (the published
    datasets are read a chunk at a time, cell by cell with approvals, in generator/gate/datasets.py)."""
    for file in files.files:
        searched = file.name.startswith(SEARCH_INDEX) or is_pagefind_record(file)  # see search_entries
        if file.suffix not in HTML_SUFFIXES and not searched:
            yield Text(file.name, "file text", files.readable(file), file.name)


@dataclass(frozen=True)
class _Approved:
    """What approvals make publishable, and where.

    A cell approval covers its identifier anywhere in its release. A document approval covers it on the
    approved page's text, on the document's own page and search entry (which show every page's text), and in
    the readings of the whole PDF (its objects' strings and raw bytes): not on the PDF's other pages, and not
    elsewhere in the release.
    """

    releases: dict[str, set[Match]]  # release id -> from its cell approvals
    scoped: dict[str, set[Match]]  # an approved page's text file, or a document's page URL -> from its approvals
    whole: dict[str, set[Match]]  # a PDF's site path -> from its approvals

    def allowed(self, text: Text) -> set[Match]:
        allowed = self.releases.get(_release_of(text.page), set()) | self.scoped.get(text.file, set())
        allowed = allowed | self.scoped.get(text.page or "", set())
        pdf = whole_reading_of(text.file)
        return allowed | self.whole.get(pdf, set()) if pdf is not None else allowed


def _approved_values(room: ReadingRoom, files: SiteFiles) -> tuple[_Approved, list[Finding]]:
    """What every published release's approvals make publishable, and the approvals that approve nothing.

    Only what the gate itself finds in the approved cell, or on the approved page of the PDF as the
    gate read it, is approved, so an approval cannot cover more than the identifier it was written for.
    """
    approved = _Approved({}, {}, {})
    stale = []
    for release in room.published:
        release_file = f"releases/{release.id}/release.yml"
        for number, approval in enumerate(release.spec.approvals):
            dataset = next(d for d in release.datasets if d.spec.name == approval.dataset)
            cell = dataset.approved_rows[approval.row][dataset.header.index(approval.column)]
            matches = {m for m in find_identifiers(cell, approval.column) if m.kind == approval.kind}
            if not matches:
                what = f"the approved cell holds no {approval.kind}"
                stale.append(_stale(release_file, f"approvals[{number}]", what))
            approved.releases.setdefault(release.id, set()).update(matches)
        for number, page_approval in enumerate(release.spec.document_approvals):
            pdf = urls.document_pdf(release.id, page_approval.document)
            text = files.pdf_page_text(pdf, page_approval.page)
            matches = {m for m in find_identifiers(text) if m.kind == page_approval.kind} if text else set()
            if not matches:
                where = f"document_approvals[{number}]"
                stale.append(_stale(release_file, where, f"the approved page holds no {page_approval.kind}"))
            document_pages = urls.in_every_language(urls.document(release.id, page_approval.document))
            for key in (pdf_page(pdf, page_approval.page), *document_pages):
                approved.scoped.setdefault(key, set()).update(matches)
            approved.whole.setdefault(pdf, set()).update(matches)
    return approved, stale


def _stale(release_file: str, where: str, what: str) -> Finding:
    return Finding(release_file, where, RULE, f"{what}; remove the approval")


def _release_of(page: str | None) -> str:
    parts = urls.without_language(page or "").split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "releases" else ""


def _is_approved(match: Match, approved: set[Match]) -> bool:
    # Exact: an approval of one identifier never covers a longer one that contains it.
    return Match(match.kind, match.value) in approved
