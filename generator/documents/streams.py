"""A PDF's bytes as a text search reads them: each encoded stream decoded in place, each escaped string written out.

The gate reads every published file's raw bytes for text hidden beside what its readers
understand (bytes after the last %%EOF, an object no page uses). In a PDF most bytes are encoded
streams: ASCII85 or Flate-compressed images, fonts and page contents, whose raw bytes are noise
where now and then a run looks like an e-mail address. So a stream is replaced by what it decodes
to, and a picture, a font program or a cross-reference table (noise again once decoded) by nothing,
only when nothing can hide in the exchange:

- each filter of its chain is decoded only if it is Flate, ASCII85 or ASCIIHex and the whole of its
  input decodes strictly (nothing after the end of the compressed data, no stray character): a
  lenient decoder would drop what follows a valid start. At the first that does not, the bytes
  decoded so far are what is read;
- a picture is dropped only if its decoded bytes are exactly as many as its size says, a font only
  if they start as a font program does, a cross-reference table only if they fill whole rows.

Anything else is left as it is, to be read raw. The dictionary is read by pattern, not parsed: an
indirect reference in it must not cut it short.
"""

from __future__ import annotations

import base64
import re
import zlib

# An object's dictionary and the start of its stream. The dictionary ends at the first ">>" that
# the keyword "stream" follows, so nested dictionaries stay inside it.
_STREAM = re.compile(rb"\bobj\s*(<<(?:(?!\bendobj\b).){0,4096}?>>)\s*stream\r?\n", re.DOTALL)
_END = b"endstream"
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_WHITE = b" \t\r\n\f\0"
_HEX = re.compile(rb"[0-9A-Fa-f \t\r\n\f\0]*")
_FONT_STARTS = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf", b"%!PS-AdobeFont", b"%!FontType1", b"\x01\x00")
_COMPONENTS = {b"DeviceGray": 1, b"CalGray": 1, b"DeviceRGB": 3, b"CalRGB": 3, b"DeviceCMYK": 4}


def decoded_view(data: bytes) -> bytes:
    """The PDF's bytes with each stream that decodes strictly replaced by its text (or nothing, see above)."""
    parts, position = [], 0
    while (start := _STREAM.search(data, position)) is not None:
        end = data.find(_END, start.end())
        if end < 0:
            break
        decoded = _decoded(start.group(1), data[start.end() : end])
        parts.append(data[position : start.end()] if decoded is not None else data[position:end])
        if decoded is not None:
            parts.append(decoded)
        position = end
    parts.append(data[position:])
    return _unescaped(b"".join(parts))


# A hex string (not a dictionary's "<<"), an octal escape in a literal string, an escaped byte in a name.
_HEX_STRING = re.compile(rb"(?<!<)<([0-9A-Fa-f \t\r\n]{2,})>")
_OCTAL = re.compile(rb"\\([0-7]{1,3})")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _unescaped(view: bytes) -> bytes:
    """The view with PDF's ways of writing text as codes written out: hex strings (UTF-16 ones decoded),
    octal escapes in literal strings, #xx escapes in names. Text written so is not readable in the bytes,
    yet every PDF reader decodes it."""
    view = _HEX_STRING.sub(lambda m: _hex_text(m.group(1)), view)
    view = _OCTAL.sub(lambda m: bytes([int(m.group(1), 8) & 0xFF]), view)
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), view)


def _hex_text(digits: bytes) -> bytes:
    clean = bytes(c for c in digits if c not in _WHITE)
    data = bytes.fromhex((clean + b"0" * (len(clean) % 2)).decode("ascii"))
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace").encode("utf-8")
    return data


def _decoded(dictionary: bytes, body: bytes) -> bytes | None:
    """What a stream decodes to, as far as its filters decode strictly (a stream that is wholly a picture,
    font program or cross-reference table: empty); None when it has no filter, to be read raw."""
    found = _FILTER.search(dictionary)
    if found is None:
        return None
    data = body.rstrip(b"\r\n")
    for name in _NAME.findall(found.group(1)):
        out = _strict(name, data)
        if out is None:
            return data  # decoded this far; the rest is read as it is
        data = out
    return b"" if _not_text(dictionary, data) else data


def _strict(name: bytes, data: bytes) -> bytes | None:
    """One filter's output, when the whole input is in its encoding; else None."""
    try:
        if name in (b"FlateDecode", b"Fl"):
            inflate = zlib.decompressobj()
            out = inflate.decompress(data)
            return out if inflate.eof and not inflate.unused_data.strip(_WHITE) else None
        if name in (b"ASCII85Decode", b"A85"):
            text = data.strip(_WHITE).removeprefix(b"<~")
            if not text.endswith(b"~>"):
                return None
            return base64.a85decode(text[:-2], ignorechars=_WHITE)
        if name in (b"ASCIIHexDecode", b"AHx"):
            text = data.strip(_WHITE)
            if not text.endswith(b">") or not _HEX.fullmatch(text[:-1]):
                return None
            digits = bytes(c for c in text[:-1] if c not in _WHITE)
            return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    except (zlib.error, ValueError):
        return None
    return None  # any other filter: read raw


def _number(dictionary: bytes, key: bytes) -> int | None:
    found = re.search(rb"/" + key + rb"\s+(\d{1,9})\b(?!\s+\d+\s+R)", dictionary)
    return int(found.group(1)) if found else None


def _not_text(dictionary: bytes, data: bytes) -> bool:
    """Whether the decoded bytes are a picture, font program or cross-reference table, by their shape."""
    if re.search(rb"/Subtype\s*/Image\b", dictionary):
        width, height, bits = (_number(dictionary, key) for key in (b"Width", b"Height", b"BitsPerComponent"))
        space = re.search(rb"/ColorSpace\s*/([A-Za-z]+)", dictionary)
        components = _COMPONENTS.get(space.group(1), 0) if space else 0
        if not (width and height and bits and components):
            return False
        row = -(-width * components * bits // 8)
        # A PNG predictor (decoding parameters, /Predictor 10 and up) adds a byte to each row.
        predicted = (_number(dictionary, b"Predictor") or 0) >= 10
        return len(data) == height * (row + predicted)
    if re.search(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b", dictionary):
        return data.startswith(_FONT_STARTS)
    if re.search(rb"/Type\s*/XRef\b", dictionary):
        widths = re.search(rb"/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s*\]", dictionary)
        row = sum(int(w) for w in widths.groups()) if widths else 0
        return row > 0 and len(data) % row == 0
    return False
