"""Typed schemas for what maintainers write: release.yml and opinion front matter.

These classes are the one documented definition of the content formats; the README's
reference tables are checked against their field descriptions by a test.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

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
# What each pattern asks for, in words: error messages never show the value that failed.
PATTERN_WORDS = {
    SLUG_PATTERN: "must be a lowercase slug: letters a-z, digits and single hyphens",
    COLUMN_NAME_PATTERN: "must be a column name: ASCII letters, digits and underscores, not starting with a digit",
    HTTPS_URL_PATTERN: "must be an https:// link without spaces",
}
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
ColumnName = Annotated[str, StringConstraints(pattern=COLUMN_NAME_PATTERN, max_length=64)]
# Text a page shows: titles, names, notes. Description, Markdown and Reason are longer texts.
Text = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(checked_text)]
Description = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(checked_text)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000), AfterValidator(checked_text)]
Reason = Annotated[str, StringConstraints(min_length=10, max_length=500), AfterValidator(checked_text)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]


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


class DatasetSpec(Strict):
    name: Slug = Field(description="Dataset name; the download is `<name>.csv`.")
    file: str = Field(description="CSV file in the release folder.")
    title: Text = Field(description="Dataset title.")
    description: Description = Field(description="What the dataset is (plain text).")
    schema_: TableSchema = Field(alias="schema", description="Frictionless Table Schema with `fields`.")
    withholding: list[WithholdingRule] = Field(default_factory=list, description="Withholding rules per column.")


class ReleaseSpec(Strict):
    id: Slug = Field(description="Release id; equal to the folder name.")
    title: Text = Field(description="Release title.")
    agency: Text = Field(description="Agency that produced the records.")
    component: Text | None = Field(default=None, description="Component or office of the agency.")
    request_id: Text | None = Field(default=None, description="FOIA request or case number, if any.")
    release_date: Date = Field(description="Date the records were released (YYYY-MM-DD).")
    synthetic: bool = Field(default=False, description="True when the records are synthetic sample data.")
    summary: Markdown = Field(description="Markdown summary (no raw HTML).")
    approval: Approval = Field(description="Publication approval.")
    datasets: list[DatasetSpec] = Field(description="The release's datasets (at least one unless withdrawn).")
    approvals: list[FindingApproval] = Field(
        default_factory=list, description="Identifiers the gate found that are approved for publication."
    )

    @model_validator(mode="after")
    def _has_datasets(self) -> ReleaseSpec:
        if not self.datasets and self.approval.status is not Status.withdrawn:
            raise ValueError("a release needs at least one dataset (only a withdrawn release may have none)")
        return self


class OpinionSpec(Strict):
    case_name: Text = Field(description="Case name as captioned.")
    court: Text = Field(description="Court that decided it.")
    case_number: Text | None = Field(description="Case number as printed, or null if the source does not give it.")
    date: Date | None = Field(description="Date of decision, or null if the source does not give it.")
    date_note: Text | None = Field(default=None, description="Why the date is missing, when it is null.")
    judge: Text = Field(description="Judge as printed.")
    outcome: Text = Field(description="One or two sentences: what was decided.")
    bases: list[str] = Field(default_factory=list, description="Basis codes the opinion discusses.")
    related_releases: list[Slug] = Field(default_factory=list, description="Ids of releases drawn from the case.")
    source: Text = Field(description="Where the opinion text comes from (citation or file).")
    source_url: Annotated[str, StringConstraints(pattern=HTTPS_URL_PATTERN)] | None = Field(
        default=None, description="Optional https link to the opinion text."
    )


PageHidden = Literal["navigation", "toc", "footer", "path"]


class PageSpec(Strict):
    """Front matter of a hand-written page in the docs folder (all optional)."""

    title: Text | None = Field(default=None, description="Page title, if not the first heading.")
    description: Text | None = Field(default=None, description="Summary for search engines (plain text).")
    hide: list[PageHidden] = Field(
        default_factory=list, description="Parts of the theme to hide: navigation, toc, footer or path."
    )


# The document kinds a maintainer writes, for the README's reference and its test.
DOCUMENTED_MODELS: dict[str, type[BaseModel]] = {
    "release": ReleaseSpec,
    "approval": Approval,
    "finding approval": FindingApproval,
    "dataset": DatasetSpec,
    "schema": TableSchema,
    "field": SchemaField,
    "constraints": Constraints,
    "withholding rule": WithholdingRule,
    "condition": Condition,
    "opinion": OpinionSpec,
    "page": PageSpec,
}
