"""Documents in a release: loading, checks against release.yml, and the errors for each mistake."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from tests.conftest import Room
from tests.pdf_corpus import BAD, PLAIN, SECRET_WORDS, rewritten, saying, scan_only
from tests.sitebuild import gate_check, mkdocs_build

DOCUMENTS = """documents:
  - id: memo
    file: memo.pdf
    title: Memo
    disposition: released-in-part
    pages: 1
    bates_start: TEST-0001
    bates_end: TEST-0001
    redactions:
      - {pages: "1", basis: [b6, b7c], authority: test-opinion, justification: A private person's name and phone.}
  - id: sealed-exhibit
    title: Sealed exhibit
    disposition: sealed
    pages: 4
    redactions:
      - {basis: court-seal, justification: Sealed by the court's order of 2019.}
"""


def with_documents(room: Room, pdf: bytes = PLAIN, documents: str = DOCUMENTS) -> Room:
    room.write("releases/test-release/memo.pdf", pdf)
    room.edit("releases/test-release/release.yml", "datasets:\n", documents + "datasets:\n")
    return room


def test_a_release_loads_its_documents_and_their_text(room: Room) -> None:
    (release,) = with_documents(room).load().published
    memo, sealed = release.documents
    assert memo.file is not None and memo.file.path.read_bytes() == PLAIN
    assert memo.texts == ("Memorandum for the record, page one.",)
    assert memo.redacted_pages == {1} and memo.pages_by_basis() == {"b6": 1, "b7c": 1}
    assert sealed.file is None and sealed.redacted_pages == {1, 2, 3, 4}
    assert sealed.pages_by_basis() == {"court-seal": 4}


def test_a_release_may_have_documents_and_no_dataset(room: Room) -> None:
    text = room.path("releases/test-release/release.yml").read_text()
    room.write("releases/test-release/release.yml", text[: text.index("datasets:")] + DOCUMENTS)
    room.path("releases/test-release/people.csv").unlink()
    room.write("releases/test-release/memo.pdf", PLAIN)
    room.edit("content/opinions/test-opinion.md", "linking [the release](release:test-release).", "no link.")
    (release,) = room.load().published
    assert release.datasets == () and len(release.documents) == 2


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_fake_redaction_fails_with_file_page_and_kind_never_the_text(room: Room, name: str) -> None:
    data, kind = BAD[name]
    errors = with_documents(room, data).errors()
    found = [e for e in errors if f"{kind}:" in e]
    assert found, errors
    assert all("releases/test-release/memo.pdf" in e and "RR512" in e for e in found)
    if kind.endswith("-text") and kind != "revision-text":
        assert any("page 1" in e for e in found)
    assert not any(SECRET_WORDS in e or "Zanzibar" in e for e in errors)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - id: sealed-exhibit", "  - id: memo", "RR309"),
        ("    pages: 1\n", "    pages: 2\n", "RR312"),
        ("    bates_end: TEST-0001", "    bates_end: TEST-0003", "RR313"),
        ("    bates_end: TEST-0001", "    bates_end: OTHER-0001", "RR313"),
        ("basis: [b6, b7c]", "basis: [b6, b99]", "RR501"),
        ("    file: memo.pdf", "    file: ../memo.pdf", "RR305"),
        ("    file: memo.pdf", "    file: missing.pdf", "RR306"),
        ("    file: memo.pdf", "    file: people.csv", "RR310"),
        ("    disposition: sealed\n", "    disposition: sealed\n    file: memo.pdf\n", "RR204"),
        ("    disposition: released-in-part", "    disposition: released-in-full", "RR204"),
        ('      - {pages: "1", basis', '      - {pages: "2", basis', "RR204"),
        ("authority: test-opinion", "authority: no-such-opinion", "RR707"),
    ],
)
def test_each_mistake_in_a_document_has_its_code(room: Room, old: str, new: str, expected: str) -> None:
    errors = with_documents(room, documents=DOCUMENTS.replace(old, new, 1)).errors()
    assert any(f"[{expected}]" in e or expected in e for e in errors), errors


def test_a_file_that_is_not_a_pdf_is_refused_by_its_bytes(room: Room) -> None:
    errors = with_documents(room, b"<html>not a pdf</html>").errors()
    assert any("RR310" in e and "memo.pdf" in e for e in errors), errors


def test_an_unreadable_pdf_is_refused(room: Room) -> None:
    errors = with_documents(room, b"%PDF-1.4\n garbage").errors()
    assert any("RR311" in e for e in errors), errors


def test_a_pdf_not_listed_is_a_stray_file(room: Room) -> None:
    room.write("releases/test-release/unredacted.pdf", PLAIN)
    assert any("RR114" in e and "unredacted.pdf" in e for e in room.errors())


def test_two_documents_naming_one_file_is_an_error(room: Room) -> None:
    second = "  - id: copy\n    file: memo.pdf\n    title: Copy\n    disposition: released-in-full\n    pages: 1\n"
    errors = with_documents(room, documents=DOCUMENTS + second).errors()
    assert any("RR314" in e for e in errors), errors


def test_text_that_reads_in_another_order_is_refused(room: Room) -> None:
    producer = rewritten(PLAIN, lambda writer: writer.add_metadata({"/Producer": "Tool \u202e3410-555-202"}))
    errors = with_documents(room, producer).errors()
    assert any("RR513" in e and "the document" in e for e in errors), errors


def test_a_release_with_documents_builds_its_pages_pdf_and_vaughn_index(site_room: Room, tmp_path: Path) -> None:
    with_documents(site_room)
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    release = tmp_path / "site/releases/test-release"
    assert (release / "documents/memo.pdf").read_bytes() == PLAIN
    memo = (release / "documents/memo/index.html").read_text()
    assert 'type="application/pdf"' in memo and 'id="page-1"' in memo and "Memorandum for the record" in memo
    assert "TEST-0001" in memo and hashlib.sha256(PLAIN).hexdigest() in memo
    sealed = (release / "documents/sealed-exhibit/index.html").read_text()
    assert "application/pdf" not in sealed and "is sealed" in sealed
    assert not (release / "documents/sealed-exhibit.pdf").exists()
    page = (release / "index.html").read_text()
    assert "1 pages released in full" not in page and "0 pages released in full, 1 released in part, 4 withheld" in page
    vaughn = list(csv.reader(io.StringIO((release / "vaughn.csv").read_text())))
    assert [(row[1], row[3], row[5]) for row in vaughn[1:]] == [
        ("memo", "page 1", "b6 b7c"),
        ("sealed-exhibit", "the whole document", "court-seal"),
        ("people", "column full_name where outcome is one of: acquitted", "b6"),
    ]
    assert "Vaughn index" in (release / "vaughn/index.html").read_text()
    basis = (tmp_path / "site/bases/court-seal/index.html").read_text()
    assert "In all, 4 pages of 1 documents are withheld in whole or part on this basis." in basis
    assert 'href="../../releases/test-release/documents/sealed-exhibit/"' in basis
    opinion = (tmp_path / "site/opinions/test-opinion/index.html").read_text()
    assert "Documents whose withholding this opinion decided" in opinion
    assert 'href="../../releases/test-release/documents/memo/"' in opinion


def test_the_gate_refuses_a_fake_redaction_in_a_staged_pdf(site_room: Room, tmp_path: Path) -> None:
    """Built clean, then the published PDF swapped for one with a box over text: the gate alone catches it."""
    with_documents(site_room)
    site = tmp_path / "site"
    assert mkdocs_build(site_room.root, site).returncode == 0
    (site / "releases/test-release/documents/memo.pdf").write_bytes(BAD["box painted over text"][0])
    result = gate_check(site_room.root, site)
    assert result.returncode != 0
    assert "releases/test-release/documents/memo.pdf" in result.stderr and "covered-text" in result.stderr
    assert SECRET_WORDS not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("approval", "expected"),
    [
        (
            "{document: nothing, page: 1, kind: email, reason: Made public by the order.}",
            "no document of this release has this id",
        ),
        (
            "{document: sealed-exhibit, page: 1, kind: email, reason: Made public by the order.}",
            "the document is not published",
        ),
        ("{document: memo, page: 2, kind: email, reason: Made public by the order.}", "document memo has only 1 pages"),
    ],
)
def test_a_document_approval_must_name_a_published_page(room: Room, approval: str, expected: str) -> None:
    with_documents(room).edit(
        "releases/test-release/release.yml", "datasets:\n", f"document_approvals:\n  - {approval}\ndatasets:\n"
    )
    errors = room.errors()
    assert any("RR712" in e and expected in e for e in errors), errors


E_MAIL = "Reach the duty officer at duty.officer@example.gov for this file."


@pytest.mark.parametrize(
    ("approval", "expected"),
    [
        ("", "personal-identifier"),  # on the PDF's page, its HTML page and in search
        ("{document: memo, page: 1, kind: email, reason: A work address; the order kept them.}", None),
        (
            "{document: memo, page: 1, kind: phone, reason: Made public by the order.}",
            "the approved page holds no phone",
        ),
    ],
)
def test_an_identifier_on_a_document_page_needs_an_approval_of_that_page(
    site_room: Room, tmp_path: Path, approval: str, expected: str | None
) -> None:
    with_documents(site_room, saying(E_MAIL))
    if approval:
        site_room.edit(
            "releases/test-release/release.yml", "datasets:\n", f"document_approvals:\n  - {approval}\ndatasets:\n"
        )
    result = mkdocs_build(site_room.root, tmp_path / "site")
    if expected is None:
        assert result.returncode == 0, result.stderr
        # Again, with the PDF found clean before: its approved page is still read for the approval.
        again = mkdocs_build(site_room.root, tmp_path / "site")
        assert again.returncode == 0 and "not read again" in again.stderr, again.stderr
        return
    assert result.returncode != 0 and expected in result.stderr, result.stderr
    assert "duty.officer@example.gov" not in result.stderr + result.stdout
    if not approval:
        assert "releases/test-release/documents/memo.pdf (page 1 text)" in result.stderr


@pytest.mark.parametrize("where", ["another page of the document", "the release's summary"])
def test_a_document_approval_approves_its_page_not_the_release(site_room: Room, tmp_path: Path, where: str) -> None:
    two_pages = DOCUMENTS.replace("    pages: 1\n", "    pages: 2\n", 1).replace(
        "bates_end: TEST-0001", "bates_end: TEST-0002"
    )
    with_documents(
        site_room,
        saying(E_MAIL, pages=2) if "page" in where else saying(E_MAIL),
        two_pages if "page" in where else DOCUMENTS,
    )
    approval = "{document: memo, page: 1, kind: email, reason: A work address; the order kept them.}"
    site_room.edit(
        "releases/test-release/release.yml", "datasets:\n", f"document_approvals:\n  - {approval}\ndatasets:\n"
    )
    if "summary" in where:
        site_room.edit("releases/test-release/release.yml", "summary: ", "summary: Write to duty.officer@example.gov. ")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0 and "personal-identifier" in result.stderr, result.stderr
    place = "memo.pdf (page 2 text)" if "page" in where else "releases/test-release/index.html"
    assert place in result.stderr, result.stderr


def test_a_scan_without_a_text_layer_is_published_with_a_note(site_room: Room, tmp_path: Path) -> None:
    (release,) = with_documents(site_room, scan_only()).load().published
    assert not release.documents[0].searchable
    assert mkdocs_build(site_room.root, tmp_path / "site").returncode == 0
    page = (tmp_path / "site/releases/test-release/documents/memo/index.html").read_text()
    assert "No searchable text" in page and 'id="page-1"' not in page and 'type="application/pdf"' in page
