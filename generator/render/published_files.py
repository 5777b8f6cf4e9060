"""Files written for the site outside it (the build cache's folder, or a temporary one), handed to the
site engine by path: each written under a partial name and renamed when complete, its size and SHA-256
taken as it is written.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class WrittenFile:
    """A file written for the site: where it is now, its size and its SHA-256."""

    path: Path
    size: int
    sha256: str


def partial_name(path: Path) -> Path:
    """Where a file is written before it is complete: builds sharing a cache folder may write the same
    (content-addressed, so identical) file at once, and none may read one half written."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")


class HashingFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: IO[bytes] = partial_name(path).open("wb")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> WrittenFile:
        self.stream.close()
        partial_name(self.path).replace(self.path)
        return WrittenFile(self.path, self.size, self.digest.hexdigest())


def file_digest(path: Path) -> WrittenFile:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
            size += len(block)
    return WrittenFile(path, size, digest.hexdigest())


def copied(source: Path, target: Path) -> WrittenFile:
    """A copy of ``source`` at ``target`` (a document's PDF, published exactly as committed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = HashingFile(target)
    try:
        with source.open("rb") as stream:
            while block := stream.read(1 << 20):
                copy.write(block)
    except BaseException:
        copy.stream.close()
        partial_name(target).unlink(missing_ok=True)
        raise
    return copy.close()
