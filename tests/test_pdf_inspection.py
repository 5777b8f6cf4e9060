"""The fake-redaction checks on generated PDFs: each kind of failure is found, with its page and kind and
without its text; each look-alike passes."""

from __future__ import annotations

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


def test_the_raw_view_decodes_streams_and_drops_pictures_but_keeps_what_does_not_decode() -> None:
    """Raw bytes of compressed pictures are noise (a run may look like an address): the gate's raw view of a PDF
    holds each stream decoded, pictures dropped; a stream that does not decode as it claims stays raw."""
    import zlib

    from generator.documents.streams import decoded_view

    content = zlib.compress(b"BT (Hidden in a stream nobody draws) Tj ET")
    picture = zlib.compress(b"x@ab.cd " * 20)
    pdf = b"".join(
        [
            b"%PDF-1.4\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + content + b"\nendstream\nendobj\n",
            b"2 0 obj\n<< /Subtype /Image /Filter /FlateDecode >>\nstream\n" + picture + b"\nendstream\nendobj\n",
            b"3 0 obj\n<< /Filter /FlateDecode >>\nstream\nplain words, not zlib\nendstream\nendobj\n",
            b"4 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + content + b" words after it\nendstream\nendobj\n%%EOF\n",
        ]
    )
    view = decoded_view(pdf)
    assert b"Hidden in a stream nobody draws" in view
    assert b"x@ab.cd" not in view and picture not in view
    assert b"plain words, not zlib" in view and b"words after it" in view and view.endswith(b"%%EOF\n")
