"""Loading requests: requests/<id>.yml, one FOIA request each, from filing to final release.

Requests live in a top-level folder beside releases/ (not under content/): like a release.yml, a
request file is data a maintainer writes about records, not a page; it is read by the generator,
never copied into the site. Each is validated against RequestSpec; its cross-references (the
releases its timeline names, the opinions it names, the releases that name it) are checked with
the rest of the room in generator/room.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.input_files import read_spec
from generator.models import EventKind, RequestSpec, RequestStatus, is_slug
from generator.prose import Prose, parse_prose

REQUEST_SUFFIX = ".yml"
# Events after which a request's age stops counting: it has been answered in full or closed.
_ENDS = (EventKind.final_release, EventKind.closed)


@dataclass(frozen=True)
class Request:
    """A validated request file."""

    spec: RequestSpec
    summary: Prose | None
    path: Path

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def ended(self) -> dt.date | None:
        """The date it was answered in full or closed: for a closed request, its last such event (else its last)."""
        if self.spec.status is not RequestStatus.closed:
            return None
        return next((e.date for e in reversed(self.spec.timeline) if e.kind in _ENDS), self.spec.timeline[-1].date)

    @property
    def as_of(self) -> dt.date:
        """The date its age is counted to: its end, or (still open) its last event on record.

        Never the build's clock: the same files give the same site on any day (an open request's
        page says how old it was at its last recorded event)."""
        return self.ended or self.spec.timeline[-1].date

    @property
    def age(self) -> int | None:
        """Days from submission to ``as_of``; None when the submission date is not known."""
        return (self.as_of - self.spec.submitted).days if self.spec.submitted else None

    def pages_found(self) -> tuple[int, bool]:
        """Total pages the components found, and whether the total is approximate (any count is, or missing)."""
        counts = [c.pages for c in self.spec.components]
        total = sum(count for count in counts if count is not None)
        return total, any(c.approximate or c.pages is None for c in self.spec.components)


def request_paths(config: RoomConfig) -> list[Path]:
    """Every entry of requests/, sorted (each must be a request file)."""
    folder = config.requests_dir
    return sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []


def load_requests(config: RoomConfig, log: ErrorLog) -> list[Request]:
    return [request for path in request_paths(config) if (request := load_request(path, config, log)) is not None]


def load_request(path: Path, config: RoomConfig, log: ErrorLog) -> Request | None:
    if path.name.startswith("."):
        return None  # hidden files (.gitkeep) are never read
    if not path.is_file() or path.suffix != REQUEST_SUFFIX or not is_slug(path.stem):
        log.add(
            path,
            "file name",
            "requests/ holds only request files named <request-id>.yml",
            "name it with lowercase letters, digits and hyphens and .yml, e.g. aclu-ice-facial-recognition.yml, "
            "or move it out of requests/",
            code="RR801",
        )
        return None
    spec = read_spec(RequestSpec, path, config, log)
    if spec is None:
        return None
    if spec.id != path.stem:
        log.add(
            path, log.place(path, ("id",)), f"the request id differs from its file name '{path.stem}'", code="RR802"
        )
        return None
    document = log.document(path)
    summary = None
    if spec.summary is not None:
        first_line = document.text_start(("summary",))[0] if document else 1
        summary = parse_prose(spec.summary, path, "summary", log, first_line)
    return Request(spec, summary, path)
