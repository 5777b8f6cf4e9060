"""Typed schemas for what maintainers write: release.yml and opinion front matter.

These classes are the one documented definition of the content formats; the README's
reference tables are checked against their field descriptions by a test.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
ColumnName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]


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
    approved_on: dt.date = Field(description="When it was approved (YYYY-MM-DD).")
    embargo_until: dt.date | None = Field(
        default=None, description="Optional: an approved release is left out of builds before this date.")
    withdrawn_on: dt.date | None = Field(default=None, description="When it was withdrawn (required if withdrawn).")
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
    kind: IdentifierKind = Field(description="What the gate found: ssn, phone, email, birthdate, a-number, passport "
                                 "or account.")
    reason: Annotated[str, StringConstraints(min_length=10, max_length=500)] = Field(
        description="Why publishing it is right, e.g. the ruling that made it public.")


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
        min_length=1, description="Every value the column may hold, exactly (case and spaces count); list `\"\"` to "
        "allow empty cells. Required on a column a withholding condition reads.")


class SchemaField(Strict):
    """A Frictionless Table Schema field descriptor."""

    name: ColumnName = Field(description="Column name, exactly as in the CSV header.")
    type: FieldType = Field(description="Frictionless type: string, integer, number, boolean, date or year.")
    title: Text = Field(description="Human-readable column title.")
    description: Text = Field(description="What the column holds.")
    constraints: Constraints | None = Field(
        default=None, description="Optional Frictionless constraints: `{enum: [...]}`, the allowed values.")


class TableSchema(Strict):
    fields: list[SchemaField] = Field(min_length=1, description="One descriptor per CSV column, in order.")


class Condition(Strict):
    column: ColumnName = Field(description="The column whose value decides whether the rule applies.")
    in_: list[str] = Field(alias="in", min_length=1, description="The values for which the rule applies.")


class WithholdingRule(Strict):
    column: ColumnName = Field(description="The column withheld.")
    basis: str = Field(description="A code from the bases catalogue, e.g. `b7c`.")
    where: Condition | None = Field(
        default=None, description="Optional row condition; without it every row is withheld.")
    authority: Slug | None = Field(
        default=None, description="Optional id (slug) of the opinion summary that decided it.")


class DatasetSpec(Strict):
    name: Slug = Field(description="Dataset name; the download is `<name>.csv`.")
    file: str = Field(description="CSV file in the release folder.")
    title: Text = Field(description="Dataset title.")
    description: str = Field(min_length=1, max_length=4000, description="What the dataset is (plain text).")
    schema_: TableSchema = Field(alias="schema", description="Frictionless Table Schema with `fields`.")
    withholding: list[WithholdingRule] = Field(default_factory=list, description="Withholding rules per column.")


class ReleaseSpec(Strict):
    id: Slug = Field(description="Release id; equal to the folder name.")
    title: Text = Field(description="Release title.")
    agency: Text = Field(description="Agency that produced the records.")
    component: Text | None = Field(default=None, description="Component or office of the agency.")
    request_id: Text | None = Field(default=None, description="FOIA request or case number, if any.")
    release_date: dt.date = Field(description="Date the records were released (YYYY-MM-DD).")
    synthetic: bool = Field(default=False, description="True when the records are synthetic sample data.")
    summary: str = Field(min_length=1, max_length=20000, description="Markdown summary (no raw HTML).")
    approval: Approval = Field(description="Publication approval.")
    datasets: list[DatasetSpec] = Field(description="The release's datasets (at least one unless withdrawn).")
    approvals: list[FindingApproval] = Field(
        default_factory=list, description="Identifiers the gate found that are approved for publication.")

    @model_validator(mode="after")
    def _has_datasets(self) -> ReleaseSpec:
        if not self.datasets and self.approval.status is not Status.withdrawn:
            raise ValueError("a release needs at least one dataset (only a withdrawn release may have none)")
        return self


class OpinionSpec(Strict):
    case_name: Text = Field(description="Case name as captioned.")
    court: Text = Field(description="Court that decided it.")
    case_number: Text | None = Field(description="Case number as printed, or null if the source does not give it.")
    date: dt.date | None = Field(description="Date of decision, or null if the source does not give it.")
    date_note: Text | None = Field(default=None, description="Why the date is missing, when it is null.")
    judge: Text = Field(description="Judge as printed.")
    outcome: Text = Field(description="One or two sentences: what was decided.")
    bases: list[str] = Field(default_factory=list, description="Basis codes the opinion discusses.")
    related_releases: list[Slug] = Field(default_factory=list, description="Ids of releases drawn from the case.")
    source: Text = Field(description="Where the opinion text comes from (citation or file).")
    source_url: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")] | None = Field(
        default=None, description="Optional https link to the opinion text."
    )


# The document kinds a maintainer writes, for the README's reference and its test.
DOCUMENTED_MODELS: dict[str, type[BaseModel]] = {
    "release": ReleaseSpec,
    "approval": Approval,
    "finding approval": FindingApproval,
    "dataset": DatasetSpec,
    "field": SchemaField,
    "constraints": Constraints,
    "withholding rule": WithholdingRule,
    "condition": Condition,
    "opinion": OpinionSpec,
}
