"""Every layer of a published file, opened by its bytes: compression, archives, images.

A file is identified by its bytes (generator.filekinds), never its name. Compression layers
(gzip, zlib, bzip2, xz) are removed repeatedly, every member of a multi-member stream is read,
and bytes trailing a stream are read as a part of their own. Zip (office documents are zips)
and tar archives are opened and each member read, recursively. A Pagefind search file is read
as its JSON text or, for its binary (CBOR) index, as every string in it; a Parquet file as every
value, column name, metadata entry and statistic in it. Images must be what their
bytes claim, and their text metadata is read as text. Fonts are accepted by magic. Anything
else is unreadable, and every bound (depth, members, decompressed bytes) exceeded is a problem:
nothing is skipped in silence.
"""

from __future__ import annotations

import bz2
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Protocol

import cbor2
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from generator.filekinds import COMPRESSED, FONTS, IMAGES, PAGEFIND_SIGNATURE, Kind, identify, is_text
from generator.gate.images import UnreadableImage, image_text


@dataclass(frozen=True)
class Limits:
    """Bounds on opening one published file (all its layers and members together)."""

    depth: int = 8
    members: int = 10_000
    total_bytes: int = 256 * 1024 * 1024


@dataclass(frozen=True)
class Part:
    """Readable bytes found in a file: ``name`` says where (``x.gz (decompressed)``, ``x.zip: a/b.xml``).

    ``rendered`` is false inside an archive and in image metadata (no browser shows those as a
    document); ``layered`` whenever the bytes are not the file's own.
    """

    name: str
    data: bytes
    kind: Kind
    rendered: bool = True
    layered: bool = False


@dataclass(frozen=True)
class Problem:
    """Something in a file that could not be read, or a bound exceeded."""

    name: str
    detail: str


# The name of the part that holds a Parquet file's values as text: ``<file>`` + this.
PARQUET_VALUES = " (values)"


class Unreadable(Exception):
    pass


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def unused_data(self) -> bytes: ...
    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...


_DECOMPRESSORS: dict[Kind, Callable[[], _Decompressor]] = {
    Kind.GZIP: lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    Kind.ZLIB: lambda: zlib.decompressobj(zlib.MAX_WBITS),
    Kind.BZIP2: bz2.BZ2Decompressor,
    Kind.XZ: lambda: lzma.LZMADecompressor(lzma.FORMAT_AUTO),
}
# A name's compression suffix, removed when the layer is: x.csv.gz -> x.csv.
_COMPRESSION_SUFFIXES = (".gz", ".gzip", ".z", ".zz", ".bz2", ".xz", ".lzma")


class Opener:
    """Opens one file, layer by layer, within ``limits``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.budget = limits.total_bytes
        self.members = 0
        self.problems: list[Problem] = []

    def open(
        self, name: str, data: bytes, depth: int = 0, rendered: bool = True, layered: bool = False
    ) -> Iterator[Part]:
        kind = identify(data)
        if kind == Kind.TEXT or kind in FONTS:
            yield Part(name, data, kind, rendered, layered)
            return
        if depth >= self.limits.depth:
            self.problems.append(Problem(name, f"more than {self.limits.depth} nested layers"))
            return
        try:
            if kind in COMPRESSED:
                inner, trailing, headers = self._decompress(kind, data)
                if headers:
                    yield Part(f"{name} (gzip header)", headers, Kind.TEXT, False, True)
                yield from self.open(f"{name} (decompressed)", inner, depth + 1, rendered, True)
                if trailing.strip(b"\x00"):
                    yield from self.open(f"{name} (bytes after the {kind} stream)", trailing, depth + 1, rendered, True)
            elif kind == Kind.ZIP:
                yield from self._zip(name, data, depth)
            elif kind == Kind.TAR:
                yield from self._tar(name, data, depth)
            elif kind == Kind.PAGEFIND:
                yield from self._pagefind(name, data)
            elif kind == Kind.PARQUET:
                yield Part(f"{name}{PARQUET_VALUES}", self._parquet_text(data), Kind.TEXT, False, True)
            elif kind in IMAGES:
                text, trailing = image_text(data, kind)
                if text:
                    yield Part(f"{name} (image metadata)", text.encode("utf-8"), Kind.TEXT, False, True)
                if trailing:
                    yield from self.open(f"{name} (bytes after the image)", trailing, depth + 1, rendered, True)
            else:
                self.problems.append(Problem(name, f"the gate cannot read this file ({kind}); remove it"))
        except _BoundExceeded as bound:
            self.problems.append(Problem(name, str(bound)))
        except (
            Unreadable,
            UnreadableImage,
            OSError,
            EOFError,
            ValueError,
            zlib.error,
            lzma.LZMAError,
            zipfile.BadZipFile,
            tarfile.TarError,
            RuntimeError,
            cbor2.CBORDecodeError,
            pa.ArrowException,
        ) as error:
            self.problems.append(Problem(name, f"cannot read this {kind} file ({type(error).__name__}); remove it"))

    def _pagefind(self, name: str, data: bytes) -> Iterator[Part]:
        """A Pagefind search file: a JSON fragment is text; an index, filter or meta file (CBOR) is read
        for every string in it. Its WebAssembly is readable only as the pinned Pagefind's own (see
        SiteFiles), so any other is a problem."""
        body = data[len(PAGEFIND_SIGNATURE) :]
        if is_text(body):
            yield Part(f"{name} (search data)", body, Kind.TEXT, False, True)
        elif body.startswith(b"\x00asm"):
            self.problems.append(Problem(name, "search program code that is not the pinned Pagefind's own; remove it"))
        else:
            text = "\n".join(_cbor_strings(body)).encode("utf-8")
            yield Part(f"{name} (search words)", text, Kind.TEXT, False, True)

    def _parquet_text(self, data: bytes) -> bytes:
        """Every value of a Parquet file as text, with its column names, metadata and statistics."""
        file = pq.ParquetFile(io.BytesIO(data))
        texts = [parquet_metadata_text(file), parquet_statistics_text(file)]
        for batch in file.iter_batches():
            self._take(batch.nbytes)
            for values in batch.columns:
                as_text = pc.cast(values, pa.large_string()).drop_null()
                whole = pa.LargeListArray.from_arrays(pa.array([0, len(as_text)], pa.int64()), as_text)
                texts.append(pc.binary_join(whole, pa.scalar("\n", pa.large_string()))[0].as_py() or "")
        return "\n".join(texts).encode("utf-8", errors="replace")

    def _take(self, size: int) -> None:
        self.budget -= size
        if self.budget < 0:
            raise _BoundExceeded(f"more than {self.limits.total_bytes} bytes when decompressed")

    def _decompress(self, kind: Kind, data: bytes) -> tuple[bytes, bytes, bytes]:
        """All the concatenated streams (members) of one kind, the bytes after the last one, and the
        text in the members' gzip headers."""
        out, headers = bytearray(), bytearray()
        rest = data
        while True:
            if kind == Kind.GZIP:
                headers += _gzip_header_text(rest)
            decompressor = _DECOMPRESSORS[kind]()
            pending = rest
            while not decompressor.eof:
                piece = decompressor.decompress(pending, max(self.budget, 0) + 1)
                self._take(len(piece))
                out += piece
                pending = getattr(decompressor, "unconsumed_tail", b"")
                if not piece and not pending and getattr(decompressor, "needs_input", True):
                    raise Unreadable("truncated stream")
            rest = decompressor.unused_data
            if not rest or identify(rest) != kind:
                return bytes(out), rest, bytes(headers)

    def _member(self) -> None:
        self.members += 1
        if self.members > self.limits.members:
            raise _BoundExceeded(f"more than {self.limits.members} archive members")

    def _zip(self, name: str, data: bytes, depth: int) -> Iterator[Part]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.comment:
                yield from self.open(f"{name} (archive comment)", archive.comment, depth + 1, False, True)
            for info in archive.infolist():
                self._member()
                if info.is_dir():
                    continue
                with archive.open(info) as stream:
                    content = self._read(stream)
                yield from self.open(f"{name}: {info.filename}", content, depth + 1, False, True)
        end = _zip_end(data)
        if data[end:].strip(b"\x00"):
            yield from self.open(f"{name} (bytes after the archive)", data[end:], depth + 1, False, True)

    def _tar(self, name: str, data: bytes, depth: int) -> Iterator[Part]:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            for info in archive:
                self._member()
                if not info.isfile():
                    continue
                stream = archive.extractfile(info)
                if stream is not None:
                    yield from self.open(f"{name}: {info.name}", self._read(stream), depth + 1, False, True)

    def _read(self, stream: IO[bytes]) -> bytes:
        """A member's bytes, counted against the budget as they come (headers can lie about sizes)."""
        out = bytearray()
        while chunk := stream.read(min(1 << 20, max(self.budget, 0) + 1)):
            self._take(len(chunk))
            out += chunk
        return bytes(out)


class _BoundExceeded(Exception):
    pass


def parquet_metadata_text(file: pq.ParquetFile) -> str:
    """Everything in a Parquet file but its values and statistics: the writer's name, key-value metadata,
    column names and each field's metadata."""
    meta = file.metadata
    texts = [meta.created_by or ""]
    texts += [f"{key!r}\n{value!r}" for key, value in (meta.metadata or {}).items() if key != b"ARROW:schema"]
    schema = file.schema_arrow  # ARROW:schema, decoded: field names and each field's metadata
    texts += [field.name for field in schema] + [repr(field.metadata) for field in schema if field.metadata]
    return "\n".join(texts)


def parquet_statistics_text(file: pq.ParquetFile) -> str:
    """Every row group's minimum and maximum per column, which a writer could fill with anything."""
    meta = file.metadata
    texts = []
    for group in range(meta.num_row_groups):
        for column in range(meta.num_columns):
            stats = meta.row_group(group).column(column).statistics
            if stats is not None and stats.has_min_max:
                texts += [str(stats.min), str(stats.max)]
    return "\n".join(texts)


_FEXTRA, _FNAME, _FCOMMENT = 0x04, 0x08, 0x10


def _gzip_header_text(member: bytes) -> bytes:
    """The extra field, file name and comment of the gzip member header at the start of ``member``
    (the decompressor skips them unread)."""
    flags = member[3] if len(member) > 3 else 0
    found, at = bytearray(), 10
    if flags & _FEXTRA:
        length = int.from_bytes(member[at : at + 2], "little")
        found += member[at + 2 : at + 2 + length] + b"\n"
        at += 2 + length
    for flag in (_FNAME, _FCOMMENT):
        if flags & flag:
            end = member.find(b"\x00", at)
            end = len(member) if end < 0 else end
            found += member[at:end] + b"\n"
            at = end + 1
    return bytes(found)


def _cbor_strings(data: bytes) -> list[str]:
    """Every text or byte string (keys included) in every CBOR item of ``data``, read to its last byte."""
    stream = io.BytesIO(data)
    decoder = cbor2.CBORDecoder(stream)
    stack: list[object] = []
    while stream.tell() < len(data):
        stack.append(decoder.decode())
    strings: list[str] = []
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, bytes):
            strings.append(item.decode("utf-8", errors="replace"))
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple | set | frozenset):
            stack += item
        elif isinstance(item, cbor2.CBORTag):
            stack.append(item.value)
    return strings


def _zip_end(data: bytes) -> int:
    """Where a zip ends: after its end-of-central-directory record and comment (zipfile ignores the rest)."""
    record = data.rfind(b"PK\x05\x06")
    if record < 0 or record + 22 > len(data):
        return len(data)
    return record + 22 + int.from_bytes(data[record + 20 : record + 22], "little")


def open_file(name: str, data: bytes, limits: Limits) -> tuple[list[Part], list[Problem]]:
    """Every readable part of one published file, and what could not be read."""
    opener = Opener(limits)
    parts: list[Part] = []
    try:
        parts.extend(opener.open(name, data))
    except Exception as error:
        opener.problems.append(Problem(name, f"could not be read to the end ({type(error).__name__})"))
    return parts, opener.problems


def inner_suffix(name: str) -> str:
    """The suffix that says what a part is: that of the member, or of the name without its compression suffix."""
    path = name.split(": ")[-1]
    while path.endswith(")") and " (" in path:
        path = path[: path.rindex(" (")]
    lower = path.lower()
    for suffix in _COMPRESSION_SUFFIXES:
        if lower.endswith(suffix) and "." in lower[: -len(suffix)]:
            lower = lower[: -len(suffix)]
            break
    if lower.endswith(".svgz"):
        return ".svg"
    if lower.endswith(".tgz"):
        return ".tar"
    dot = lower.rfind(".")
    return lower[dot:] if dot > lower.rfind("/") else ""
