"""What a file is, decided by its bytes (magic numbers), never by its name.

The input boundary uses it to admit only harmless kinds into the docs folder, and the gate
uses it to open every layer of what a build wrote: a file named like an image but holding
text, or a gzip inside a gzip, is read for what it is.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from enum import StrEnum


class Kind(StrEnum):
    """A file kind. Groups: compressed layers, containers, media, fonts, text, and the unreadable rest."""

    GZIP = "gzip"
    ZLIB = "zlib"
    BZIP2 = "bzip2"
    XZ = "xz"
    ZSTD = "zstd"
    ZIP = "zip"
    TAR = "tar"
    SEVEN_ZIP = "7z"
    RAR = "rar"
    PDF = "pdf"
    PAGEFIND = "pagefind"
    PARQUET = "parquet"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"
    ICO = "ico"
    WOFF = "woff"
    WOFF2 = "woff2"
    TRUETYPE = "ttf"
    OPENTYPE = "otf"
    TEXT = "text"
    BINARY = "binary"


# What every file of a Pagefind search bundle starts with once decompressed; then JSON, CBOR or WebAssembly.
PAGEFIND_SIGNATURE = b"pagefind_dcd"

# Layers that wrap other bytes and that the standard library can remove.
COMPRESSED = frozenset({Kind.GZIP, Kind.ZLIB, Kind.BZIP2, Kind.XZ})
IMAGES = frozenset({Kind.PNG, Kind.JPEG, Kind.GIF, Kind.WEBP, Kind.ICO})
FONTS = frozenset({Kind.WOFF, Kind.WOFF2, Kind.TRUETYPE, Kind.OPENTYPE})

# (offset, magic, kind). Layers and containers are opened, so their magic decides first; media and
# fonts are not read as text, so a file that is valid text is never taken for one of them.
_OPENED: tuple[tuple[int, bytes, Kind], ...] = (
    (0, b"\x1f\x8b", Kind.GZIP),
    (0, b"BZh", Kind.BZIP2),
    (0, b"\xfd7zXZ\x00", Kind.XZ),
    (0, b"\x28\xb5\x2f\xfd", Kind.ZSTD),
    (0, b"PK\x03\x04", Kind.ZIP),
    (0, b"PK\x05\x06", Kind.ZIP),  # an empty zip
    (0, b"PK\x07\x08", Kind.ZIP),  # a spanned zip
    (257, b"ustar", Kind.TAR),
    (0, b"7z\xbc\xaf\x27\x1c", Kind.SEVEN_ZIP),
    (0, b"Rar!\x1a\x07", Kind.RAR),
    (0, b"%PDF-", Kind.PDF),
    (0, PAGEFIND_SIGNATURE, Kind.PAGEFIND),
    (0, b"PAR1", Kind.PARQUET),
)
_SKIPPED: tuple[tuple[int, bytes, Kind], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", Kind.PNG),
    (0, b"\xff\xd8\xff", Kind.JPEG),
    (0, b"GIF87a", Kind.GIF),
    (0, b"GIF89a", Kind.GIF),
    (0, b"\x00\x00\x01\x00", Kind.ICO),
    (0, b"wOFF", Kind.WOFF),
    (0, b"wOF2", Kind.WOFF2),
    (0, b"\x00\x01\x00\x00", Kind.TRUETYPE),
    (0, b"OTTO", Kind.OPENTYPE),
)
# zlib streams start with CMF 0x78 and a flag byte; these are the four levels zlib writes.
_ZLIB_HEADERS = frozenset({b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda"})


def _magic(data: bytes, table: tuple[tuple[int, bytes, Kind], ...]) -> Kind | None:
    return next((kind for offset, magic, kind in table if data[offset : offset + len(magic)] == magic), None)


def identify(data: bytes) -> Kind:
    """The kind of a file from its bytes: TEXT for UTF-8 without NUL bytes that no container claims."""
    opened = _magic(data, _OPENED)
    if opened is not None:
        return opened
    if is_text(data):
        return Kind.TEXT
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind.WEBP
    skipped = _magic(data, _SKIPPED)
    if skipped is not None:
        return skipped
    return Kind.ZLIB if data[:2] in _ZLIB_HEADERS else Kind.BINARY


def is_text(data: bytes) -> bool:
    """UTF-8 (a byte-order mark allowed) with no NUL byte: what a text reader shows as text."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# What Pillow must read each kind as (a multi-picture JPEG from a camera is read as MPO).
PILLOW_FORMATS: dict[Kind, tuple[str, ...]] = {
    Kind.PNG: ("PNG",),
    Kind.JPEG: ("JPEG", "MPO"),
    Kind.GIF: ("GIF",),
    Kind.WEBP: ("WEBP",),
    Kind.ICO: ("ICO",),
}


def image_problem(data: bytes, kind: Kind) -> str | None:
    """Why bytes that claim to be an image of ``kind`` are not a sound one, or None.

    The image is opened, its format compared with the kind its bytes claim, verified and decoded
    whole; a decompression bomb is refused rather than decoded.
    """
    from PIL import Image  # imported here: only image checks need Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in PILLOW_FORMATS[kind]:
                    return f"its bytes start like {kind.value.upper()} but it is {image.format or 'not an image'}"
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except (
        OSError,
        SyntaxError,
        ValueError,
        struct.error,
        EOFError,
        zlib.error,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        return f"not a sound {kind.value.upper()} image ({type(error).__name__})"
    return None
