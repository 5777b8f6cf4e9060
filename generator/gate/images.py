"""Images are what their bytes claim, and their text metadata is text like any other.

Each image must be sound (generator.filekinds.image_problem: opened with Pillow, verified and
decoded; a broken or mislabelled image is unreadable), and its text metadata is collected: PNG
text chunks (tEXt, zTXt, iTXt, eXIf, read chunk by chunk so none after the image data is
missed), GIF and JPEG comments, JPEG and WebP application segments (EXIF, XMP), and EXIF string
values. Bytes after a PNG's end are returned to be read as a part of their own, and so are bytes
after a JPEG's last end-of-image marker or after a WebP's RIFF container.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from generator.filekinds import Kind, image_problem

_PNG_TEXT_CHUNKS = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf"})
_MAX_METADATA = 16 * 1024 * 1024


class UnreadableImage(Exception):
    pass


def image_text(data: bytes, kind: Kind) -> tuple[str, bytes]:
    """The image's text metadata, and any bytes after its end; UnreadableImage if it is not a sound image."""
    problem = image_problem(data, kind)
    if problem is not None:
        raise UnreadableImage(problem)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # text chunks after the image data are read only now
            texts = _info_texts(image)
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, zlib.error) as error:
        raise UnreadableImage(f"not a sound {kind} image ({type(error).__name__})") from error
    trailing = b""
    if kind == Kind.PNG:
        chunks, trailing = _png_text(data)
        texts += chunks
    elif kind == Kind.JPEG:
        # Text appended after the last end-of-image marker (UTF-8 text never holds the byte 0xFF).
        trailing = data[data.rindex(b"\xff\xd9") + 2 :] if b"\xff\xd9" in data else b""
    elif kind == Kind.WEBP:
        size = int.from_bytes(data[4:8], "little")
        trailing = data[8 + size + (size & 1) :]
    return "\n".join(t for t in texts if t.strip()), trailing


def _decode(value: object) -> str:
    if isinstance(value, bytes):
        return value[:_MAX_METADATA].decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return "\n".join(_decode(item) for item in value)
    return ""


def _info_texts(image: Image.Image) -> list[str]:
    texts = [_decode(value) for key, value in image.info.items() if key not in ("icc_profile", "transparency")]
    texts += [_decode(payload) for _, payload in getattr(image, "applist", [])]
    exif = image.getexif()
    directories = [exif, *(exif.get_ifd(tag) for tag in (0x8769, 0x8825, 0xA005))]
    texts += [_decode(value) for directory in directories for value in directory.values()]
    return texts


def _png_text(data: bytes) -> tuple[list[str], bytes]:
    """Text of every PNG text chunk, and the bytes after IEND."""
    texts = []
    offset = 8
    while offset + 8 <= len(data):
        length, chunk = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        offset += 12 + length
        if chunk in _PNG_TEXT_CHUNKS:
            texts.append(_png_chunk_text(chunk, body))
        if chunk == b"IEND":
            return texts, data[offset:]
    return texts, b""


def _png_chunk_text(chunk: bytes, body: bytes) -> str:
    if chunk == b"eXIf":
        return body.decode("utf-8", errors="replace")
    keyword, _, rest = body.partition(b"\x00")
    if chunk == b"tEXt":
        return f"{keyword.decode('latin-1')}\n{rest.decode('latin-1')}"
    if chunk == b"zTXt":
        return f"{keyword.decode('latin-1')}\n{_inflate(rest[1:]).decode('latin-1')}"
    compressed, rest = rest[:1] == b"\x01", rest[2:]  # iTXt: compression flag and method
    language, _, rest = rest.partition(b"\x00")
    translated, _, text = rest.partition(b"\x00")
    body_text = _inflate(text) if compressed else text
    return "\n".join(part.decode("utf-8", errors="replace") for part in (keyword, language, translated, body_text))


def _inflate(data: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    out = decompressor.decompress(data, _MAX_METADATA)
    if decompressor.unconsumed_tail:
        raise UnreadableImage("a PNG text chunk larger than the gate reads")
    return out
