"""Which releases the site shows, and how: the publishing rules in one place."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from generator.models import ReleaseSpec, Status

# The class of the banner on a draft or embargoed release's page in a private preview; the gate fails any
# published output that carries it.
UNPUBLISHED_BANNER = "rr-unpublished"
# The environment variable that asks `mkdocs serve` to preview draft and embargoed releases.
PREVIEW_VARIABLE = "READING_ROOM_PREVIEW_UNPUBLISHED"


class Publication(Enum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # its URL keeps a page saying when and why, linking nothing
    DRAFT = "draft"
    EMBARGOED = "embargoed"


def publication(spec: ReleaseSpec, today: dt.date) -> Publication:
    approval = spec.approval
    if approval.embargo_until is not None and today < approval.embargo_until and approval.status is not Status.draft:
        return Publication.EMBARGOED  # an embargo holds whatever else the release says, withdrawn included
    if approval.status is Status.withdrawn:
        return Publication.WITHDRAWN
    if approval.status is Status.draft:
        return Publication.DRAFT
    return Publication.PUBLISHED


def notice(spec: ReleaseSpec, today: dt.date) -> str | None:
    """The one log line for a release that is not fully published."""
    state = publication(spec, today)
    if state is Publication.DRAFT:
        return f"Release '{spec.id}' is draft and is not published."
    if state is Publication.EMBARGOED:
        return (
            f"Release '{spec.id}' is embargoed until {spec.approval.embargo_until} "
            f"and is not published (build date {today})."
        )
    if state is Publication.WITHDRAWN:
        return f"Release '{spec.id}' is withdrawn: only its withdrawal notice is published."
    return None
