"""A release's zip, read back: every member must be a file the site publishes beside it, byte for byte.

The zip (``releases/<id>/<id>.zip``) repeats files the other rules read on their own: its data package,
the datasets' CSV and Parquet copies, the documents' PDFs, the Vaughn index. So instead of reading the
members again as text, this rule proves that the zip holds nothing else:

- every member is named ``<id>/<path>``, a plain relative path, and its bytes (decompressed, their CRC
  checked) have the SHA-256 of the site's file at ``releases/<id>/<path>``, or it is ``SHA256SUMS``;
- ``SHA256SUMS`` lists exactly the other members with their SHA-256, in the order ``sha256sum`` reads;
- the archive has no bytes outside its members: each local header follows the last member's data, the
  central directory follows the last member, the end record closes the file, and no comment or extra
  field carries anything.

The zip is one of the files the gate streams (see run_gate): it is never opened by generator.gate.layers.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from generator import urls
from generator.gate.findings import Finding
from generator.room import ReadingRoom

RULE = "release-zip"
SUMS = "SHA256SUMS"
_LOCAL = struct.Struct("<4sHHHHHIIIHH")  # a local file header, up to its name and extra field
_LOCAL_SIGNATURE = b"PK\x03\x04"
_END = struct.Struct("<4sHHHHIIH")  # the end of central directory record (no comment)
_END_SIGNATURE = b"PK\x05\x06"
_DATA_DESCRIPTOR = 0x08
_BLOCK = 1 << 20


def bundle_names(room: ReadingRoom) -> frozenset[str]:
    """The site paths of the published releases' zips."""
    return frozenset(urls.bundle(release.id) for release in room.published)


def check_bundles(room: ReadingRoom, root: Path, digests: Mapping[str, str]) -> list[Finding]:
    """Every published release's zip that is in the site, checked against the site's files (``digests``:
    site path -> SHA-256 of each file as the gate read it)."""
    findings: list[Finding] = []
    for release in room.published:
        name = urls.bundle(release.id)
        path = root / name
        if path.is_file() and not path.is_symlink():
            problems = bundle_problems(path, release.id, digests)
            findings += [Finding(name, place, RULE, detail) for place, detail in problems]
    return findings


def bundle_problems(path: Path, release_id: str, digests: Mapping[str, str]) -> list[tuple[str, str]]:
    """(place, problem) for everything in the zip at ``path`` that is not a file of the release as published."""
    try:
        with zipfile.ZipFile(path) as archive:
            problems = _layout_problems(path, archive)
            found = {}
            for info in archive.infolist():
                member, problem = _member(info, release_id)
                if problem:
                    problems.append((info.filename, problem))
                    continue
                found[member] = _digest(archive, info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        return [("file", f"not a zip the gate can read ({type(error).__name__})")]
    if SUMS not in found:
        problems.append(("file", f"no {SUMS} member"))
    folder = urls.release(release_id)
    for member, sha256 in sorted(found.items()):
        if member != SUMS and digests.get(folder + member) != sha256:
            problems.append(
                (f"{release_id}/{member}", "not byte-identical to the file the site publishes at this path")
            )
    listed = {member: sha256 for member, sha256 in found.items() if member != SUMS}
    expected = "".join(f"{sha256}  {member}\n" for member, sha256 in sorted(listed.items()))
    sums = _sums_text(path, f"{release_id}/{SUMS}") if SUMS in found else expected
    if sums != expected:
        problems.append((f"{release_id}/{SUMS}", "does not list exactly the zip's other members with their SHA-256"))
    return problems


def _member(info: zipfile.ZipInfo, release_id: str) -> tuple[str, str]:
    """A member's path below the release's folder, or a problem with its name or form."""
    name = info.filename
    path = PurePosixPath(name)
    if info.is_dir() or "\\" in name or path.is_absolute() or name != path.as_posix():
        return "", "not a plain file path"
    parts = path.parts
    if len(parts) < 2 or parts[0] != release_id or any(part in (".", "..") for part in parts):
        return "", "not a path inside the release's folder"
    if info.extra or info.comment:
        return "", "carries an extra field or a comment"
    return "/".join(parts[1:]), ""


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as stream:  # the CRC is checked as the member is read to its end
        while block := stream.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _sums_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        return stream.read(1 << 24).decode("utf-8", errors="replace")


def _layout_problems(path: Path, archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """Bytes of the file that belong to no member: between members, before the central directory or after
    the end record, and any comment."""
    problems: list[tuple[str, str]] = []
    size = path.stat().st_size
    offset = 0
    with path.open("rb") as stream:
        for info in sorted(archive.infolist(), key=lambda item: item.header_offset):
            if info.header_offset != offset:
                problems.append((info.filename, "bytes before this member that belong to no member"))
            stream.seek(info.header_offset)
            header = stream.read(_LOCAL.size)
            if len(header) < _LOCAL.size or header[:4] != _LOCAL_SIGNATURE:
                return [*problems, (info.filename, "no local header where the directory says")]
            fields = _LOCAL.unpack(header)
            flags, name_length, extra_length = fields[2], fields[9], fields[10]
            if flags & _DATA_DESCRIPTOR or extra_length:
                problems.append((info.filename, "a data descriptor or local extra field, which the room never writes"))
            offset = info.header_offset + _LOCAL.size + name_length + extra_length + info.compress_size
        stream.seek(0, 2)
        stream.seek(max(size - _END.size, 0))
        end = stream.read(_END.size)
    if len(end) < _END.size or end[:4] != _END_SIGNATURE:
        return [*problems, ("file", "does not end with the zip's end record (a comment or bytes after it)")]
    directory_size, directory_offset = _END.unpack(end)[5:7]
    if directory_offset != offset or directory_offset + directory_size + _END.size != size or archive.comment:
        problems.append(("file", "bytes between the members, the central directory and the end record"))
    return problems
