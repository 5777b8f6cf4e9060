"""The input boundary: only regular files inside the repository, and only harmless kinds in the docs folder."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image
from sitebuild import mkdocs_build


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _link(room, relative: str, target) -> None:
    path = room.path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize(
    ("relative", "what"),
    [
        ("content/environment.md", "a symbolic link, which could publish a file from outside the repository"),
        ("content/assets/passwd.css", "a symbolic link, which could publish a file from outside the repository"),
        (
            "content/opinions/linked-opinion.md",
            "a symbolic link, which could publish a file from outside the repository",
        ),
        ("releases/test-release/extra.csv", "a symbolic link, which could publish a file from outside the repository"),
    ],
)
def test_a_linked_file_is_refused(room, tmp_path, relative, what):
    outside = tmp_path / "outside.txt"
    outside.write_text("SECRET_TOKEN=abc123\n")
    _link(room, relative, outside)
    errors = room.errors()
    assert [e for e in errors if e.startswith(f"{relative}: {what}")], errors
    assert not [e for e in errors if "SECRET_TOKEN" in e]


def test_a_link_to_the_process_environment_is_refused_and_nothing_is_built(site_room, tmp_path):
    _link(site_room, "content/env.md", "/proc/self/environ")
    result = mkdocs_build(site_room.root, tmp_path / "site", env={"CI_SECRET_SENTINEL": "zq-sentinel-81"})
    assert result.returncode != 0
    assert "content/env.md: a symbolic link" in result.stderr
    assert "zq-sentinel-81" not in result.stderr + result.stdout
    assert not (tmp_path / "site").exists()


def test_a_linked_release_folder_is_refused(room, tmp_path):
    outside = tmp_path / "elsewhere"
    (room.release).rename(outside)
    _link(room, "releases/test-release", outside)
    assert (
        "releases/test-release: a symbolic link to a folder (fix: replace the link with a real folder) [RR102]"
        in room.errors()
    )


def test_a_linked_folder_in_content_is_refused(room, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    _link(room, "content/mirror", tmp_path / "elsewhere")
    assert any(e.startswith("content/mirror: a symbolic link to a folder") for e in room.errors())


@pytest.mark.parametrize("folder", ["content", "releases"])
def test_a_linked_input_folder_is_refused(room, tmp_path, folder):
    real = tmp_path / f"real-{folder}"
    room.path(folder).rename(real)
    _link(room, folder, real)
    label = "docs" if folder == "content" else "releases"
    assert any(f"the {label} folder is a symbolic link" in e for e in room.errors())


@pytest.mark.parametrize("relative", ["content/pipe.md", "releases/test-release/pipe.csv"])
def test_a_special_file_is_refused_without_being_opened(room, relative):
    os.mkfifo(room.path(relative))  # opening a FIFO would hang the build
    assert f"{relative}: not a regular file (a FIFO, socket or device) (fix: remove it) [RR103]" in room.errors()


@pytest.mark.parametrize(
    "name", ["logo.svg", "page.html", "old.htm", "app.js", "doc.xhtml", "inc.shtml", "feed.xml", "x.svgz", "LOGO.SVG"]
)
def test_script_capable_kinds_are_refused_with_the_way_to_theme_overrides(room, name):
    room.write(f"content/assets/{name}", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    errors = [e for e in room.errors() if e.startswith(f"content/assets/{name}:")]
    assert errors and "can run scripts in visitors' browsers" in errors[0] and "custom_dir" in errors[0]


@pytest.mark.parametrize("name", ["raw-export.csv", "notes.txt", "data.json", "archive.zip", "report.pdf", "NOTES"])
def test_other_kinds_are_refused(room, name):
    room.write(f"content/files/{name}", "name\nReal Person\n")
    assert any(
        e.startswith(f"content/files/{name}: the docs folder takes only Markdown pages, CSS, images")
        for e in room.errors()
    )


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("photo.png", b"<script>alert(1)</script>", "named like .png but its bytes are text"),
        ("photo.jpg", None, "named like .jpg but its bytes are an image (png)"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a sound PNG image"),
        ("font.woff2", b"hello", "named like .woff2 but its bytes are text"),
        ("page.md", b"\x1f\x8b\x08\x00compressed", "named like a text file but its bytes are a compressed file"),
        ("page.md", b"text\x00with a NUL", "the file contains a NUL byte"),
        ("style.css", "body { content: 'Müller' }".encode("cp1252"), "the file is not UTF-8"),
        ("style.css", b"  <html><script>alert(1)</script>", "named like a stylesheet but it holds markup"),
    ],
)
def test_a_file_is_judged_by_its_bytes(room, name, content, what):
    room.write(f"content/assets/{name}", _png() if content is None else content)
    errors = [e for e in room.errors() if e.startswith(f"content/assets/{name}:")]
    assert errors and what in errors[0], errors


def test_allowed_kinds_pass(room):
    room.write("content/assets/logo.png", _png())
    room.write("content/assets/site.css", "body { color: #222; }\n")
    room.write("content/assets/font.woff2", b"wOF2\x00\x01\x00\x00" + bytes(40))
    room.write("content/guide.md", "# Guide\n\nPlain text.\n")
    room.write("content/.hidden/notes.txt", "dot folders are never published by the engine")
    assert room.load().releases


def test_a_hidden_link_is_refused_too(room, tmp_path):
    (tmp_path / "outside").write_text("x")
    _link(room, "content/.cache", tmp_path / "outside")
    assert any(e.startswith("content/.cache: a symbolic link") for e in room.errors())


@pytest.mark.parametrize(
    "css",
    [
        "@import url(https://evil.example/x.css);",
        "body { background: url(//evil.example/a) }",
        "a { background: url(javascript:alert(1)) }",
        "p { behavior: url(x.htc) }",
    ],
)
def test_a_stylesheet_reaching_outside_the_site_is_refused(room, css):
    room.write("content/assets/site.css", css)
    assert any(e.startswith("content/assets/site.css: the stylesheet is refused:") for e in room.errors())


def test_a_hard_link_is_refused(room, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n")
    os.link(outside, room.path("content/leak.md"))
    assert (
        "content/leak.md: a hard link, which could publish a file from outside the repository (fix: replace "
        "the link with a copy of the file) [RR104]" in room.errors()
    )


def test_an_upper_case_page_suffix_is_refused(room):
    room.write("content/notes.MD", "    <script>alert(1)</script>\n")
    assert any(
        e.startswith("content/notes.MD: a Markdown page's name must end in lower-case .md") for e in room.errors()
    )


def test_a_file_name_that_is_not_utf8_is_refused(room):
    name = os.fsdecode(b"ZZ\xffSECRET.md")
    (room.path("content") / name).write_text("# Page\n")
    errors = room.errors()
    assert "content: a file name that is not UTF-8 (fix: rename the file (letters, digits, hyphens)) [RR105]" in errors
    assert not [e for e in errors if "SECRET" in e]
