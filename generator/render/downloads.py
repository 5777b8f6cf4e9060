"""The published form of a dataset: the CSV a visitor downloads, with its size and digest."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from generator.tables import Table


@dataclass(frozen=True)
class Download:
    """A dataset's published CSV bytes and what the release page says about them."""

    url: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def published_csv(table: Table) -> bytes:
    """The CSV as published: UTF-8, comma-separated, minimal quoting, LF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8")


def human_size(size: int) -> str:
    """'1.2 MB'-style size for people; the exact byte count is shown beside it."""
    if size < 1000:
        return f"{size} bytes"
    value, unit = size / 1000, "KB"
    for bigger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"
