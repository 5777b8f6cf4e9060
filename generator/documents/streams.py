"""A PDF's bytes as a text search reads them: each encoded stream decoded in place.

The gate reads every published file's raw bytes for text hidden beside what its readers
understand (bytes after the last %%EOF, an object no page uses). In a PDF most bytes are encoded
streams: ASCII85 or Flate-compressed images, fonts and page contents, whose raw bytes are noise
where now and then a run looks like an e-mail address. So each stream that decodes as its
dictionary says is replaced by what it decodes to, and the decoded bytes of a picture, a font
program or a cross-reference table (noise again) by nothing. A stream that does not decode as
it claims is left as it is, to be read raw.
"""

from __future__ import annotations

import base64
import io
import re
import zlib

from pypdf.errors import PyPdfError
from pypdf.filters import decode_stream_data
from pypdf.generic import DictionaryObject, NameObject, StreamObject

# An object's dictionary and the start of its stream. The dictionary ends at the first ">>" that
# the keyword "stream" follows, so nested dictionaries (/DecodeParms) stay inside it.
_STREAM = re.compile(rb"\bobj\s*(<<(?:(?!\bendobj\b).){0,4096}?>>)\s*stream\r?\n", re.DOTALL)
_END = b"endstream"
# Streams whose decoded bytes are not text: pictures, font programs, cross-reference tables.
_NOT_TEXT = (("/Subtype", "/Image"), ("/Type", "/XRef"), ("/Subtype", "/Type1C"), ("/Subtype", "/CIDFontType0C"))
_FONT_LENGTHS = ("/Length1", "/Length2", "/Length3")


def decoded_view(data: bytes) -> bytes:
    """The PDF's bytes with each encoded stream that decodes replaced by its text (or nothing, see above)."""
    parts, position = [], 0
    while (start := _STREAM.search(data, position)) is not None:
        end = data.find(_END, start.end())
        if end < 0:
            break
        decoded = _decoded(start.group(1), data[start.end() : end])
        if decoded is not None:
            parts += [data[position : start.end()], decoded]
            position = end
        else:
            parts.append(data[position:end])
            position = end
    parts.append(data[position:])
    return b"".join(parts)


def _decoded(dictionary: bytes, body: bytes) -> bytes | None:
    """What a stream decodes to (empty for one that is not text); None when it is not encoded or does not decode."""
    try:
        entries = DictionaryObject.read_from_stream(io.BytesIO(dictionary), None)
    except (PyPdfError, ValueError, KeyError, TypeError):
        return None
    if "/Filter" not in entries:
        return None
    stream = StreamObject()
    stream.update({NameObject(key): value for key, value in entries.items()})
    stream._data = body.rstrip(b"\r\n")
    if not _wholly_encoded(entries["/Filter"], stream._data):
        return None
    try:
        decoded = decode_stream_data(stream)
    except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError, OSError, zlib.error):
        return None
    if any(entries.get(key) == value for key, value in _NOT_TEXT) or any(key in entries for key in _FONT_LENGTHS):
        return b""
    return decoded if isinstance(decoded, bytes) else str(decoded).encode("latin-1", "replace")


def _wholly_encoded(filters: object, body: bytes) -> bool:
    """Whether the whole body is in its first filter's encoding: pypdf decodes leniently (what it can of a
    damaged stream), which would drop text written after valid compressed data."""
    first = str(filters[0] if isinstance(filters, list) and filters else filters)
    try:
        if first in ("/FlateDecode", "/Fl"):
            inflate = zlib.decompressobj()
            inflate.decompress(body)
            return inflate.eof and not inflate.unused_data.strip()
        if first in ("/ASCII85Decode", "/A85"):
            text = body.strip()
            base64.a85decode(text.removeprefix(b"<~").removesuffix(b"~>"), ignorechars=b" \t\r\n")
            return text.endswith(b"~>")
    except (zlib.error, ValueError):
        return False
    return True
