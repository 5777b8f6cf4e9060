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
import zlib
from collections.abc import Callable, Mapping
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
    """(place, problem) for everything in the zip at ``path`` that is not a file of the release as published.
    A member is named by its path only when the site publishes a file there (so the name is public already);
    any other by its number and length, since a name can carry a value too."""
    folder = urls.release(release_id)

    def place(number: int, name: str) -> str:
        published = name.startswith(f"{release_id}/") and folder + name.removeprefix(f"{release_id}/") in digests
        return name if published else f"member {number} (a name of {len(name)} characters)"

    try:
        with zipfile.ZipFile(path) as archive:
            problems = layout_problems(path, archive, place)
            found: dict[str, str] = {}
            numbers: dict[str, int] = {}  # member -> its number in the zip's directory
            for number, info in enumerate(archive.infolist(), start=1):
                member, problem = _member(info, release_id)
                if not problem and member in found:
                    problem = "a second member of the same name"
                if problem:
                    problems.append((place(number, info.filename), problem))
                    continue
                found[member], numbers[member] = _digest(path, info), number
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as error:
        return [("file", f"not a zip the gate can read ({type(error).__name__})")]
    if SUMS not in found:
        problems.append(("file", f"no {SUMS} member"))
    for member, sha256 in sorted(found.items()):
        if member != SUMS and digests.get(folder + member) != sha256:
            where = place(numbers[member], f"{release_id}/{member}")
            problems.append((where, "not byte-identical to the file the site publishes at this path"))
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


def _digest(path: Path, info: zipfile.ZipInfo) -> str:
    """The SHA-256 of a member's bytes, read from its stored or deflated data itself: a deflate stream must end
    exactly where the member's data ends (a reader stops at the stream's end, and bytes after it would be read
    by no one but whoever looks), and its CRC must match."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x01:
        raise NotImplementedError("a compression method or encryption the room never writes")
    with path.open("rb") as stream:
        stream.seek(info.header_offset)
        header = _LOCAL.unpack(stream.read(_LOCAL.size))
        stream.seek(info.header_offset + _LOCAL.size + header[9] + header[10])
        inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        digest, crc, left = hashlib.sha256(), 0, info.compress_size
        while left > 0:
            block = stream.read(min(_BLOCK, left))
            if not block:
                raise EOFError("the member's data is cut short")
            left -= len(block)
            data = inflate.decompress(block) if inflate is not None else block
            digest.update(data)
            crc = zlib.crc32(data, crc)
        if inflate is not None:
            data = inflate.flush()
            digest.update(data)
            crc = zlib.crc32(data, crc)
            if not inflate.eof or inflate.unused_data:
                raise zipfile.BadZipFile("a deflate stream that does not end where the member's data ends")
    if crc != info.CRC:
        raise zipfile.BadZipFile("a member whose CRC does not match its bytes")
    return digest.hexdigest()


def _sums_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        return stream.read(1 << 24).decode("utf-8", errors="replace")


def layout_problems(path: Path, archive: zipfile.ZipFile, place: Callable[[int, str], str]) -> list[tuple[str, str]]:
    """Bytes of a zip (a release's, or a spreadsheet, which is one) that belong to no member: between members,
    before the central directory or after the end record, and any comment; ``place`` names a member by its
    number and name."""
    problems: list[tuple[str, str]] = []
    size = path.stat().st_size
    offset = 0
    with path.open("rb") as stream:
        numbered = sorted(enumerate(archive.infolist(), start=1), key=lambda item: item[1].header_offset)
        for number, info in numbered:
            where = place(number, info.filename)
            if info.header_offset != offset:
                problems.append((where, "bytes before this member that belong to no member"))
            stream.seek(info.header_offset)
            header = stream.read(_LOCAL.size)
            if len(header) < _LOCAL.size or header[:4] != _LOCAL_SIGNATURE:
                return [*problems, (where, "no local header where the directory says")]
            fields = _LOCAL.unpack(header)
            flags, name_length, extra_length = fields[2], fields[9], fields[10]
            if flags & _DATA_DESCRIPTOR or extra_length:
                problems.append((where, "a data descriptor or local extra field, which the room never writes"))
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
