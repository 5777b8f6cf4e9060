"""Typed schemas for what maintainers write: release.yml, requests/<id>.yml and opinion front matter.

These classes are the one documented definition of the content formats; the README's
reference tables are checked against their field descriptions by a test.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

# Anchored for pydantic (whose regex engine's "$" matches only at the very end); Python code
# matches SLUG with re.fullmatch, since Python's "$" also matches before a final newline.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """A lowercase slug: ASCII letters and digits in groups joined by single hyphens."""
    return len(text) <= 80 and SLUG.fullmatch(text) is not None


class TextProblem(ValueError):
    """A text field that cannot be published as it is; ``line_offset`` is its line within the text."""

    def __init__(self, what: str, line_offset: int = 0) -> None:
        self.line_offset = line_offset
        super().__init__(what)


# C0 and C1 controls other than tab, line feed and carriage return, DEL, lone surrogates and
# noncharacters: none is printable text, and several break the YAML or HTML they are written into.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# Bidirectional embeddings, overrides and isolates: a reader is shown the text around them in another
# order than it is stored, so `\u202e9876-54-321` reads as an SSN that no pattern matches in the stored text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Default-ignorable code points that are not format characters (Cf): fillers, joiners, selectors.
_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)


def _invisible(char: str) -> bool:
    return char.isspace() or char in _IGNORABLE or unicodedata.category(char) == "Cf"


def checked_text(text: str) -> str:
    """Any printable text; refused when it holds a control character or nothing visible."""
    bad = NOT_TEXT.search(text)
    if bad is not None:
        raise TextProblem(
            f"the text contains a control or non-text character (U+{ord(bad.group()):04X}); remove it",
            text.count("\n", 0, bad.start()),
        )
    first = text.lstrip()[:1]
    if (not first or _invisible(first)) and all(_invisible(char) for char in text):
        raise TextProblem("the text is empty, or only spaces and invisible characters")
    return text


def _iso_date(value: object) -> object:
    """Dates are written YYYY-MM-DD (YAML reads them as text here), not as numbers or timestamps."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("write the date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("the date does not exist (check the month and day)") from None


COLUMN_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
HTTPS_URL_PATTERN = r"^https://[^\s]+$"
COURTLISTENER_URL_PATTERN = r"^https://www\.courtlistener\.com/[^\s]*$"
# What each pattern asks for, in words: error messages never show the value that failed.
PATTERN_WORDS = {
    SLUG_PATTERN: "must be a lowercase slug: letters a-z, digits and single hyphens",
    COLUMN_NAME_PATTERN: "must be a column name: ASCII letters, digits and underscores, not starting with a digit",
    HTTPS_URL_PATTERN: "must be an https:// link without spaces",
    COURTLISTENER_URL_PATTERN: "must be a link to https://www.courtlistener.com/ without spaces",
}
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
ColumnName = Annotated[str, StringConstraints(pattern=COLUMN_NAME_PATTERN, max_length=64)]
# Text a page shows: titles, names, notes. Description, Markdown and Reason are longer texts.
Text = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(checked_text)]
Description = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(checked_text)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000), AfterValidator(checked_text)]
Reason = Annotated[str, StringConstraints(min_length=10, max_length=500), AfterValidator(checked_text)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
HttpsUrl = Annotated[str, StringConstraints(pattern=HTTPS_URL_PATTERN, max_length=2000)]

# A file path or name where a citation belongs: "shared/seeds/x.txt", "./x", "C:\\x", "~/x", "opinion.pdf".
_PATH_LIKE = re.compile(
    r"(?:^|[\s(\"'])(?:\.{1,2}/|~/|/[\w.-]+/|[A-Za-z]:\\)"
    r"|[\w.-]+/[\w./-]*\.[A-Za-z0-9]{1,5}\b"
    r"|\b[\w-]+\.(?:txt|pdf|md|html?|docx?|rtf|csv|json|ya?ml|xml)\b",
    re.IGNORECASE,
)


def citation(text: str) -> str:
    """A citation as a reader finds the work (case, court, date, reporter or docket), never a file path."""
    if _PATH_LIKE.search(text):
        raise TextProblem(
            "a citation names the opinion as a reader would find it (case, court, date, docket or reporter), "
            "not a file path or file name; put a link in source_url, courtlistener_url or docket_url"
        )
    return text


Citation = Annotated[Text, AfterValidator(citation)]


class Strict(BaseModel):
    """Base for content schemas: unknown (misspelt) keys are errors, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Status(StrEnum):
    approved = "approved"
    draft = "draft"
    withdrawn = "withdrawn"


class Approval(Strict):
    status: Status = Field(description="`approved`, `draft` or `withdrawn`; only approved releases are published.")
    approved_by: Text = Field(description="Who approved publication (a person or role).")
    approved_on: Date = Field(description="When it was approved (YYYY-MM-DD).")
    embargo_until: Date | None = Field(
        default=None, description="Optional: an approved release is left out of builds before this date."
    )
    withdrawn_on: Date | None = Field(default=None, description="When it was withdrawn (required if withdrawn).")
    withdrawn_reason: Text | None = Field(default=None, description="Why it was withdrawn (required if withdrawn).")

    @model_validator(mode="after")
    def _withdrawal_is_explained(self) -> Approval:
        withdrawn = self.status is Status.withdrawn
        if withdrawn != (self.withdrawn_on is not None) or withdrawn != (self.withdrawn_reason is not None):
            raise ValueError("withdrawn_on and withdrawn_reason are required for, and only for, status withdrawn")
        return self


IdentifierKind = Literal["ssn", "phone", "email", "birthdate", "a-number", "passport", "account"]


class FindingApproval(Strict):
    """Approves one identifier the publishing gate found in a published cell, e.g. an official's work e-mail."""

    dataset: Slug = Field(description="Dataset name.")
    row: Annotated[int, Field(ge=1)] = Field(description="Data row number (1 = first row after the header).")
    column: ColumnName = Field(description="Column name.")
    kind: IdentifierKind = Field(
        description="What the gate found: ssn, phone, email, birthdate, a-number, passport or account."
    )
    reason: Reason = Field(description="Why publishing it is right, e.g. the ruling that made it public.")


class FieldType(StrEnum):
    string = "string"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    date = "date"
    year = "year"


class Constraints(Strict):
    """Frictionless field constraints; only ``enum`` is supported."""

    enum: list[Annotated[str, StringConstraints(max_length=500)]] = Field(
        min_length=1,
        description='Every value the column may hold, exactly (case and spaces count); list `""` to '
        "allow empty cells. Required on a column a withholding condition reads.",
    )


class SchemaField(Strict):
    """A Frictionless Table Schema field descriptor."""

    name: ColumnName = Field(description="Column name, exactly as in the CSV header.")
    type: FieldType = Field(description="Frictionless type: string, integer, number, boolean, date or year.")
    title: Text = Field(description="Human-readable column title.")
    description: Text = Field(description="What the column holds.")
    constraints: Constraints | None = Field(
        default=None, description="Optional Frictionless constraints: `{enum: [...]}`, the allowed values."
    )


class TableSchema(Strict):
    fields: list[SchemaField] = Field(min_length=1, description="One descriptor per CSV column, in order.")


class Condition(Strict):
    column: ColumnName = Field(description="The column whose value decides whether the rule applies.")
    in_: list[str] = Field(alias="in", min_length=1, description="The values for which the rule applies.")


class WithholdingRule(Strict):
    column: ColumnName = Field(description="The column withheld.")
    basis: str = Field(description="A code from the bases catalogue, e.g. `b7c`.")
    where: Condition | None = Field(
        default=None, description="Optional row condition; without it every row is withheld."
    )
    authority: Slug | None = Field(
        default=None, description="Optional id (slug) of the opinion summary that decided it."
    )
    justification: Reason | None = Field(
        default=None, description="Optional: why it is withheld, for the Vaughn index (else the basis's explanation)."
    )


class DatasetSpec(Strict):
    name: Slug = Field(description="Dataset name; the download is `<name>.csv`.")
    file: str = Field(description="CSV file in the release folder.")
    title: Text = Field(description="Dataset title.")
    description: Description = Field(description="What the dataset is (plain text).")
    schema_: TableSchema = Field(alias="schema", description="Frictionless Table Schema with `fields`.")
    withholding: list[WithholdingRule] = Field(default_factory=list, description="Withholding rules per column.")


class Disposition(StrEnum):
    """What became of a document: released (in full, in part or on a court's public docket) or kept back."""

    released_in_full = "released-in-full"
    released_in_part = "released-in-part"
    public_on_docket = "public-on-docket"
    withheld_in_full = "withheld-in-full"
    sealed = "sealed"
    clawed_back = "clawed-back"

    @property
    def published(self) -> bool:
        """Whether the document's file is published (the others are listed with their metadata only)."""
        return self in (Disposition.released_in_full, Disposition.released_in_part, Disposition.public_on_docket)


# A page ("3") or a range of pages ("3-5"), numbered from 1 as in the PDF.
PAGE_RANGE_PATTERN = r"^[1-9][0-9]{0,5}(?:-[1-9][0-9]{0,5})?$"
# A Bates number: a prefix of capitals, digits, hyphens, dots or underscores, then the page's number.
BATES_PATTERN = r"^[A-Z0-9](?:[A-Z0-9_.-]{0,38}[_.-])?[0-9]{1,12}$"
PATTERN_WORDS[PAGE_RANGE_PATTERN] = 'must be a page number or a range of pages such as "3" or "3-5"'
PATTERN_WORDS[BATES_PATTERN] = (
    "must be a Bates number: capitals, digits, hyphens, dots or underscores, ending in digits"
)
PageRange = Annotated[str, StringConstraints(pattern=PAGE_RANGE_PATTERN)]
BatesNumber = Annotated[str, StringConstraints(pattern=BATES_PATTERN)]


def _one_or_more(value: object) -> object:
    """A basis is written as one code or a list of codes: a list either way."""
    return [value] if isinstance(value, str) else value


# One code, or a list of codes (the JSON Schema says so too: the validator makes one code a list of one).
BasisCodes = Annotated[
    list[str],
    BeforeValidator(_one_or_more),
    Field(min_length=1, max_length=10),
    WithJsonSchema(
        {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 10}]}
    ),
]


def page_span(pages: str) -> tuple[int, int]:
    """The first and last page of a page range ("3" is (3, 3))."""
    first, _, last = pages.partition("-")
    return int(first), int(last or first)


class DocumentRedaction(Strict):
    """Something withheld from a document: some of its pages, or (for a document not released) all of it."""

    pages: PageRange | None = Field(
        default=None,
        description='Page or pages redacted, e.g. `"3"` or `"3-5"`; omit only for a document withheld whole.',
    )
    basis: BasisCodes = Field(description="A code from the bases catalogue, or a list of codes.")
    authority: Slug | None = Field(
        default=None, description="Optional id (slug) of the opinion summary that decided it."
    )
    justification: Reason = Field(description="Why it is withheld, in a sentence, for the Vaughn index.")


class DocumentSpec(Strict):
    id: Slug = Field(description="Document id (slug); its page is `/releases/<release-id>/documents/<id>/`.")
    file: str | None = Field(
        default=None,
        description="The PDF in the release folder; required when the document is published, "
        "and never given when it is withheld, sealed or clawed back.",
    )
    title: Text = Field(description="Document title.")
    date: Date | None = Field(default=None, description="Optional: the document's date (YYYY-MM-DD).")
    bates_start: BatesNumber | None = Field(default=None, description="Optional: Bates number of the first page.")
    bates_end: BatesNumber | None = Field(
        default=None, description="Optional: Bates number of the last page (with `bates_start`)."
    )
    exhibit: Text | None = Field(default=None, description="Optional: the exhibit number, e.g. `Gov't Ex. 14`.")
    component: Text | None = Field(default=None, description="Optional: the component that produced it.")
    disposition: Disposition = Field(
        description="released-in-full, released-in-part, public-on-docket, withheld-in-full, sealed or clawed-back."
    )
    pages: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        description="Page count (for a published PDF, checked against the file)."
    )
    description: Description | None = Field(default=None, description="Optional: what the document is (plain text).")
    redactions: list[DocumentRedaction] = Field(
        default_factory=list, description="What is withheld, with basis and justification (none if released in full)."
    )

    @model_validator(mode="after")
    def _disposition_fits(self) -> DocumentSpec:
        published = self.disposition.published
        if published != (self.file is not None):
            raise ValueError(
                "a published document (released-in-full, released-in-part, public-on-docket) needs `file`, "
                "and a withheld, sealed or clawed-back one must not have one"
            )
        if self.disposition is Disposition.released_in_full and self.redactions:
            raise ValueError("a document released in full has no redactions (use released-in-part)")
        if self.disposition is Disposition.released_in_part and not self.redactions:
            raise ValueError("a document released in part needs its redactions listed")
        if not published and not self.redactions:
            raise ValueError("a document that is not published needs a redaction saying why (its basis)")
        if published and any(r.pages is None for r in self.redactions):
            raise ValueError("each redaction of a published document names its pages")
        if any(
            r.pages is not None and not 1 <= page_span(r.pages)[0] <= page_span(r.pages)[1] <= self.pages
            for r in self.redactions
        ):
            raise ValueError(f"a redaction's pages are not within the document's {self.pages} pages (or run backwards)")
        if self.bates_end is not None and self.bates_start is None:
            raise ValueError("bates_end needs bates_start")
        return self


class DocumentApproval(Strict):
    """Approves one identifier the publishing gate found on a page of a published document."""

    document: Slug = Field(description="Document id.")
    page: Annotated[int, Field(ge=1)] = Field(description="Page number in the PDF (1 = first page).")
    kind: IdentifierKind = Field(
        description="What the gate found: ssn, phone, email, birthdate, a-number, passport or account."
    )
    reason: Reason = Field(description="Why publishing it is right, e.g. the ruling that made it public.")


# The languages a release or opinion may give its text in, besides English (see generator/languages.py).
TranslationLanguage = Literal["es"]


class ReleaseTranslation(Strict):
    title: Text | None = Field(default=None, description="Optional: the title in this language.")
    summary: Markdown | None = Field(
        default=None, description="Optional: the summary in this language (Markdown, as `summary`)."
    )


class OpinionTranslation(Strict):
    outcome: Text | None = Field(default=None, description="Optional: the outcome in this language.")
    summary: Markdown | None = Field(
        default=None,
        description="Optional: the summary in this language (Markdown, as the file's body), shown instead of it.",
    )


class ReleaseSpec(Strict):
    id: Slug = Field(description="Release id; equal to the folder name.")
    title: Text = Field(description="Release title.")
    agency: Text = Field(description="Agency that produced the records.")
    component: Text | None = Field(default=None, description="Component or office of the agency.")
    request_id: Text | None = Field(
        default=None,
        description="The id of the request file under `requests/` it was released under, or else a FOIA "
        "request or case number as free text (an id-like value must name a request file).",
    )
    release_date: Date = Field(description="Date the records were released (YYYY-MM-DD).")
    synthetic: bool = Field(default=False, description="True when the records are synthetic sample data.")
    summary: Markdown = Field(description="Markdown summary (no raw HTML).")
    translations: dict[TranslationLanguage, ReleaseTranslation] = Field(
        default_factory=dict,
        description="Optional: the title and summary in another language (`es`), shown on that language's page; "
        "without them the page shows the English text with a note saying so.",
    )
    approval: Approval = Field(description="Publication approval.")
    datasets: list[DatasetSpec] = Field(
        default_factory=list, description="The release's datasets (a release has datasets, documents or both)."
    )
    documents: list[DocumentSpec] = Field(
        default_factory=list, description="The release's documents: PDFs, and documents listed without a file."
    )
    approvals: list[FindingApproval] = Field(
        default_factory=list, description="Identifiers the gate found in cells that are approved for publication."
    )
    document_approvals: list[DocumentApproval] = Field(
        default_factory=list,
        description="Identifiers the gate found on document pages that are approved for publication.",
    )

    @model_validator(mode="after")
    def _has_records(self) -> ReleaseSpec:
        if not self.datasets and not self.documents and self.approval.status is not Status.withdrawn:
            raise ValueError(
                "a release needs at least one dataset or document (only a withdrawn release may have none)"
            )
        return self


class OpinionSpec(Strict):
    case_name: Text = Field(description="Case name as captioned.")
    court: Text = Field(description="Court that decided it.")
    case_number: Text | None = Field(
        description="The court's docket number as printed (e.g. 3:17-cv-2366-BAS-KSC), or null if the source "
        "does not give it."
    )
    date: Date | None = Field(description="Date of decision, or null if the source does not give it.")
    date_note: Text | None = Field(default=None, description="Why the date is missing, when it is null.")
    judge: Text = Field(description="Judge as printed.")
    outcome: Text = Field(description="One or two sentences: what was decided.")
    bases: list[str] = Field(default_factory=list, description="Basis codes the opinion discusses.")
    related_releases: list[Slug] = Field(default_factory=list, description="Ids of releases drawn from the case.")
    source: Citation = Field(
        description="A citation of the opinion as a reader finds it (case, court, date, docket or reporter); "
        "never a file path."
    )
    source_url: HttpsUrl | None = Field(default=None, description="Optional: https link to the court's text.")
    courtlistener_url: Annotated[str, StringConstraints(pattern=COURTLISTENER_URL_PATTERN, max_length=2000)] | None = (
        Field(default=None, description="Optional: the opinion or its docket on https://www.courtlistener.com/.")
    )
    docket_url: HttpsUrl | None = Field(
        default=None, description="Optional: https link to the case's docket (the court's, PACER's or RECAP's)."
    )
    translations: dict[TranslationLanguage, OpinionTranslation] = Field(
        default_factory=dict,
        description="Optional: the outcome and summary in another language (`es`), shown on that language's page.",
    )


class EventKind(StrEnum):
    submitted = "submitted"
    acknowledged = "acknowledged"
    transferred = "transferred"
    fee_decision = "fee-decision"
    appeal = "appeal"
    complaint_filed = "complaint-filed"
    interim_release = "interim-release"
    final_release = "final-release"
    closed = "closed"
    other = "other"


class RequestEvent(Strict):
    date: Date = Field(description="When it happened (YYYY-MM-DD).")
    kind: EventKind = Field(
        description="submitted, acknowledged, transferred, fee-decision, appeal, complaint-filed, "
        "interim-release, final-release, closed or other."
    )
    description: Text = Field(description="What happened, in a sentence.")
    release: Slug | None = Field(
        default=None, description="Optional: for an interim or final release, the id of the release made."
    )


class ComponentSearch(Strict):
    """A component searched for the request, with the pages it found as the source gives them."""

    agency: Text = Field(description="The agency, e.g. DHS.")
    component: Text = Field(description="The office searched, e.g. ICE FOIA Office.")
    pages: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Pages found, or null when the source gives no number."
    )
    approximate: bool = Field(default=False, description="True when the source gives the page count as approximate.")
    note: Text | None = Field(default=None, description="Optional: what the source adds (status, transfer).")


class RequestStatus(StrEnum):
    open = "open"
    appealed = "appealed"
    in_litigation = "in-litigation"
    closed = "closed"


class RequestSpec(Strict):
    id: Slug = Field(description="Request id; equal to the file name without .yml.")
    title: Text = Field(description="What the request asks for, in a line.")
    requester: Text = Field(description="Who made the request.")
    agencies: list[Text] = Field(min_length=1, description="The agencies (and components) it was made to.")
    tracking_numbers: list[Text] = Field(default_factory=list, description="The agencies' tracking numbers.")
    submitted: Date | None = Field(
        description="Date the request was submitted (YYYY-MM-DD), or null if the source does not give it."
    )
    submitted_note: Text | None = Field(default=None, description="Why the date is missing, when it is null.")
    status: RequestStatus = Field(description="open, appealed, in-litigation or closed.")
    synthetic: bool = Field(default=False, description="True when the request is a synthetic sample.")
    summary: Markdown | None = Field(default=None, description="Optional Markdown summary (no raw HTML).")
    timeline: list[RequestEvent] = Field(min_length=1, description="Dated events, in order, from the submission on.")
    components: list[ComponentSearch] = Field(
        default_factory=list, description="The components searched, with their page counts."
    )
    court_case: Text | None = Field(default=None, description="Optional: the lawsuit over the request.")
    opinions: list[Slug] = Field(default_factory=list, description="Ids of opinion summaries from the case.")

    @model_validator(mode="after")
    def _timeline_in_order(self) -> RequestSpec:
        dates = [event.date for event in self.timeline]
        if dates != sorted(dates):
            raise ValueError("the timeline's events are not in date order")
        if self.submitted is not None and dates[0] < self.submitted:
            raise ValueError("the timeline starts before the request was submitted")
        if self.submitted is None and self.submitted_note is None:
            raise ValueError("a request without a submission date needs a submitted_note saying why")
        return self


PageHidden = Literal["navigation", "toc", "footer", "path"]


class PageSpec(Strict):
    """Front matter of a hand-written page in the docs folder (all optional)."""

    title: Text | None = Field(default=None, description="Page title, if not the first heading.")
    description: Text | None = Field(default=None, description="Summary for search engines (plain text).")
    hide: list[PageHidden] = Field(
        default_factory=list, description="Parts of the theme to hide: navigation, toc, footer or path."
    )


# The document kinds a maintainer writes, for the README's reference and its test.
class RequestPortal(Strict):
    agency: Text = Field(description="The agency or component, as a reader would look for it.")
    url: HttpsUrl = Field(description="Its FOIA request portal or page (https).")


class License(Strict):
    title: Text = Field(description="The licence's name as people know it, e.g. `Public Domain Mark 1.0`.")
    url: HttpsUrl = Field(description="Its text (https).")
    spdx: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.+-]{1,64}$")] | None = Field(
        default=None, description="Optional: its SPDX identifier, e.g. `CC0-1.0` (data packages name it so)."
    )


class SiteSettings(Strict):
    organisation: Text = Field(description="Who runs this reading room.")
    organisation_url: HttpsUrl | None = Field(default=None, description="Optional: the organisation's website.")
    contact_url: HttpsUrl = Field(
        description="Where to write to the editors: a contact page or form (https). Not an e-mail address: the "
        "publishing gate refuses e-mail addresses in pages as personal identifiers."
    )
    corrections: Description = Field(
        description="The corrections policy: how to report an error and what happens then (plain text)."
    )
    requesting: Description = Field(
        description="How to request records yourself (plain text); the page adds FOIA.gov, the federal portal."
    )
    appeals: Description = Field(
        description="How to appeal a denial and where to get help (plain text); the page adds OGIS, the federal "
        "FOIA ombudsman."
    )
    portals: list[RequestPortal] = Field(
        default_factory=list, description="Agencies' request portals, listed on the About page."
    )
    about: Markdown | None = Field(
        default=None, description="Optional: what this reading room is (Markdown, as in a release summary)."
    )
    license: License | None = Field(
        default=None,
        description="Optional: the licence the room's data is published under, named in its data packages, "
        "catalogue and page metadata (without one, none is claimed).",
    )


DOCUMENTED_MODELS: dict[str, type[BaseModel]] = {
    "release": ReleaseSpec,
    "release translation": ReleaseTranslation,
    "approval": Approval,
    "finding approval": FindingApproval,
    "dataset": DatasetSpec,
    "schema": TableSchema,
    "field": SchemaField,
    "constraints": Constraints,
    "withholding rule": WithholdingRule,
    "condition": Condition,
    "document": DocumentSpec,
    "document redaction": DocumentRedaction,
    "document approval": DocumentApproval,
    "request": RequestSpec,
    "request event": RequestEvent,
    "component search": ComponentSearch,
    "opinion": OpinionSpec,
    "opinion translation": OpinionTranslation,
    "page": PageSpec,
    "site settings": SiteSettings,
    "license": License,
    "request portal": RequestPortal,
}
