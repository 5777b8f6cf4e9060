"""A release's whole download: ``releases/<release-id>/<release-id>.zip``.

It holds, under a folder named for the release, exactly the files the release publishes beside its
page (its data package, each dataset's CSV, Parquet and spreadsheet copies, each document's PDF, the
Vaughn index's CSV) at the same paths, and ``SHA256SUMS`` listing each one's SHA-256 as ``sha256sum -c`` reads it.
The zip is byte-identical from build to build (members in path order, one fixed date and mode, zlib's
default compression) and written a block at a time, so a large release is never held in memory.
The gate checks that each member is the very file published at its path (generator/gate/bundles.py).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator import urls
from generator.cache import BuildCache, digest
from generator.output import OutputFile
from generator.releases import Release
from generator.render import datapackage
from generator.render.api import encoded
from generator.render.citation import VERSION_CHARS
from generator.render.downloads import Download, dataset_downloads, published_csv
from generator.render.published_files import WrittenFile, file_digest, partial_name
from generator.room import ReadingRoom
from generator.vaughn import vaughn_rows, vaughn_table

SUMS = "SHA256SUMS"
# The earliest date a zip can hold: no clock in the file.
DATE = (1980, 1, 1, 0, 0, 0)
MODE = 0o100644 << 16  # a regular file, readable by all
UNIX = 3  # the "made by" system the mode is written for
BLOCK = 1 << 20


@dataclass(frozen=True)
class Member:
    """A file of the release as the zip holds it: its path below the release's folder, and its bytes (given,
    or read from ``source``) with their SHA-256."""

    path: str
    sha256: str
    content: bytes = b""
    source: Path | None = None

    @classmethod
    def of_bytes(cls, path: str, content: bytes) -> Member:
        return cls(path, hashlib.sha256(content).hexdigest(), content)

    @classmethod
    def of_file(cls, path: str, written: WrittenFile) -> Member:
        return cls(path, written.sha256, source=written.path)


def sums(members: Sequence[Member]) -> bytes:
    """SHA256SUMS: one line per member, in the zip's order, as sha256sum writes it (two spaces, then the path)."""
    return "".join(f"{member.sha256}  {member.path}\n" for member in sorted(members, key=_path)).encode("utf-8")


def write_bundle(target: Path, folder: str, members: Sequence[Member]) -> WrittenFile:
    """Write the zip at ``target``: ``members`` and their SHA256SUMS under ``folder``/."""
    target.parent.mkdir(parents=True, exist_ok=True)
    listed = [*sorted(members, key=_path), Member.of_bytes(SUMS, sums(members))]
    partial = partial_name(target)
    with zipfile.ZipFile(partial, "w") as archive:
        for member in listed:
            info = zipfile.ZipInfo(f"{folder}/{member.path}", DATE)
            info.external_attr = MODE
            info.create_system = UNIX  # as on every platform, so the bytes do not depend on where it was built
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = member.source.stat().st_size if member.source is not None else len(member.content)
            with archive.open(info, "w") as stream:
                if member.source is None:
                    stream.write(member.content)
                    continue
                with member.source.open("rb") as source:
                    while block := source.read(BLOCK):
                        stream.write(block)
    partial.replace(target)
    return file_digest(target)


def release_bundle(room: ReadingRoom, release: Release, cache: BuildCache) -> tuple[list[OutputFile], Download]:
    """A published release's data package and zip (from the build cache when neither changed), and the zip's
    download as its page lists it."""
    relative = partial(datapackage.relative_to_release, release.id)
    package = encoded(
        datapackage.descriptor(
            room, release, release.version[:VERSION_CHARS], lambda d: dataset_downloads(release, d)[0]
        )
    )
    members = [Member.of_bytes(relative(urls.data_package(release.id)), package)]
    for dataset in release.datasets:
        written = (dataset.files.csv, dataset.files.parquet)
        downloads = dataset_downloads(release, dataset)
        members += [Member.of_file(relative(d.url), w) for d, w in zip(downloads, written, strict=True)]
        if dataset.files.spreadsheet is not None:
            url = urls.spreadsheet(release.id, dataset.spec.name)
            members.append(Member.of_file(relative(url), dataset.files.spreadsheet))
    members += [
        Member.of_file(relative(urls.document_pdf(release.id, document.id)), document.file)
        for document in release.documents
        if document.file is not None
    ]
    rows = vaughn_rows(release)
    if rows:
        members.append(
            Member.of_bytes(relative(urls.vaughn_csv(release.id)), published_csv(vaughn_table(rows, room.bases)))
        )
    key = digest(release.digest or "uncached", sums(members))
    folder = cache.files(key)  # kept by this build whether the zip is reused or written again
    cached = cache.load("bundle", key) if release.digest else None
    if isinstance(cached, WrittenFile) and cached.path.is_file() and cached.path.stat().st_size == cached.size:
        zipped = cached
    else:
        zipped = write_bundle(folder / f"{release.id}.zip", release.id, members)
        if release.digest:
            cache.store("bundle", key, zipped)
    url = urls.bundle(release.id)
    files = [
        OutputFile(urls.data_package(release.id), package),
        OutputFile(url, source=zipped.path, sha256=zipped.sha256),
    ]
    return files, Download(url, zipped.size, zipped.sha256)


def _path(member: Member) -> str:
    return member.path
