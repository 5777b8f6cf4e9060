"""The fake-redaction checks on generated PDFs: each kind of failure is found, with its page and kind and
without its text; each look-alike passes."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from generator.documents.inspect import FINDING_KINDS, inspect_pdf
from tests.pdf_corpus import BAD, GOOD, SECRET_WORDS, VISIBLE


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_kind_of_fake_redaction_is_found(tmp_path: Path, name: str) -> None:
    data, kind = BAD[name]
    findings = inspect_pdf(_write(tmp_path, data)).findings
    assert kind in {finding.kind for finding in findings}, findings
    assert all(finding.kind in FINDING_KINDS for finding in findings)
    assert not any(SECRET_WORDS in repr(finding) or SECRET_WORDS in finding.meaning for finding in findings)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_look_alike_passes(tmp_path: Path, name: str) -> None:
    inspection = inspect_pdf(_write(tmp_path, GOOD[name]))
    assert inspection.findings == ()
    assert VISIBLE in inspection.texts[0]


def test_hidden_text_names_its_page_and_counts_characters(tmp_path: Path) -> None:
    from tests.pdf_corpus import _box, _text, drawn

    findings = inspect_pdf(_write(tmp_path, drawn(_text(), _box(), pages=3))).findings
    assert [(f.kind, f.page) for f in findings] == [("covered-text", 1), ("covered-text", 2), ("covered-text", 3)]
    assert findings[0].characters == len(SECRET_WORDS.replace(" ", ""))


def test_the_text_layer_of_a_true_redaction_is_what_shows(tmp_path: Path) -> None:
    inspection = inspect_pdf(_write(tmp_path, GOOD["true redaction (text removed, box drawn)"]))
    assert inspection.texts == (f"{VISIBLE}\nOfficer",)


def _stream(dictionary: bytes, body: bytes, number: int = 1) -> bytes:
    return b"%d 0 obj\n<< %s >>\nstream\n%s\nendstream\nendobj\n" % (number, dictionary, body)


def test_the_raw_view_decodes_streams_and_drops_pictures_but_keeps_what_does_not_decode() -> None:
    """Raw bytes of compressed pictures are noise (a run may look like an address): the gate's raw view of a PDF
    holds each stream decoded, pictures dropped; a stream that does not decode as it claims stays raw."""
    import zlib

    from generator.documents.streams import decoded_view

    content = zlib.compress(b"BT (Hidden in a stream nobody draws) Tj ET")
    pixels = b"x@ab.cd " * 20  # 160 bytes: a 40 x 4 grey picture whose pixels happen to read as an address
    picture = b"/Subtype /Image /Width 40 /Height 4 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode"
    pdf = b"".join(
        [
            b"%PDF-1.4\n",
            _stream(b"/Filter /FlateDecode", content),
            _stream(picture, zlib.compress(pixels)),
            _stream(b"/Filter /FlateDecode", b"plain words, not zlib"),
            _stream(b"/Filter /FlateDecode", content + b" words after it"),
            b"%%EOF\n",
        ]
    )
    view = decoded_view(pdf)
    assert b"Hidden in a stream nobody draws" in view
    assert b"x@ab.cd" not in view
    assert b"plain words, not zlib" in view and b"words after it" in view and view.endswith(b"%%EOF\n")


@pytest.mark.parametrize(
    ("dictionary", "body"),
    [
        # An indirect reference before /Filter must not hide the filter.
        (b"/DL 9 0 R /Filter /FlateDecode", zlib.compress(b"(Hidden words)")),
        # Called a picture, but not picture-shaped: its bytes are read.
        (
            b"/Subtype /Image /Width 2 /Height 2 /BitsPerComponent 8 /Filter /FlateDecode",
            zlib.compress(b"Hidden words"),
        ),
        # Called a font program, but not one.
        (b"/Length1 12 /Filter /FlateDecode", zlib.compress(b"Hidden words")),
        # A lenient filter (hex stops at ">") or a lenient second filter: read raw, the words after it too.
        (b"/Filter /ASCIIHexDecode", b"41> Hidden words"),
        (b"/Filter [/FlateDecode /ASCIIHexDecode]", zlib.compress(b"41> Hidden words")),
        (b"/Filter /RunLengthDecode", b"\x0bHidden words\x80"),
    ],
)
def test_the_raw_view_never_drops_text_a_stream_only_claims_to_encode(dictionary: bytes, body: bytes) -> None:
    from generator.documents.streams import decoded_view

    view = decoded_view(b"%PDF-1.4\n" + _stream(dictionary, body) + b"%%EOF\n")
    assert b"Hidden words" in view
