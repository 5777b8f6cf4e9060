"""A cell withheld on several bases, end to end: redact, validate, build, counts, download, gate."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from conftest import FIXTURES
from sitebuild import mkdocs_build, run_generator

RELEASE_DIR = "releases/combined-release"
DOWNLOAD = f"{RELEASE_DIR}/informants.csv"
COMBINED = "[REDACTED (b)(6), (b)(7)(C)]"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture room plus the combined-bases release, redacted with the CLI and built once."""
    from conftest import REPO, Room

    root = tmp_path_factory.mktemp("combined") / "room"
    shutil.copytree(FIXTURES / "minimal", root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    room = Room(root)
    room.write("content/about.md", "# About\n")
    room.path(RELEASE_DIR).mkdir(parents=True)
    shutil.copy(FIXTURES / "combined/release.yml", room.path(f"{RELEASE_DIR}/release.yml"))
    raw = root.parent / "raw.csv"  # an unredacted file stays outside the repository (redact refuses it inside)
    shutil.copy(FIXTURES / "combined/raw.csv", raw)
    redact = run_generator(
        room.root,
        "redact",
        str(raw),
        "--release",
        "combined-release",
        "--dataset",
        "informants",
        "-o",
        str(room.path(DOWNLOAD)),
    )
    validate = run_generator(room.root, "validate", isolated=True)  # as a maintainer runs it
    site = root.parent / "site"
    build = mkdocs_build(root, site)
    return room, site, redact, validate, build


def page(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_redact_writes_combined_markers_and_counts_each_basis(built):
    room, _site, redact, _validate, _build = built
    assert redact.returncode == 0, redact.stderr
    assert "b6: 2 cells" in redact.stdout and "b7c: 3 cells" in redact.stdout
    rows = list(csv.reader(io.StringIO(room.path(DOWNLOAD).read_text(encoding="utf-8"), newline="")))
    assert [row[1] for row in rows[1:]] == [COMBINED, "Officer Plainname", "[REDACTED (b)(7)(C)]", COMBINED]
    assert "Quentin" not in redact.stdout + redact.stderr


def test_validate_and_build_pass_the_gate(built):
    _room, _site, _redact, validate, build = built
    assert validate.returncode == 0, validate.stderr
    assert build.returncode == 0, build.stderr
    assert ", 0 findings." in build.stderr


def test_release_page_counts_each_basis_and_cells_once(built):
    _room, site, *_ = built
    html = page(site, RELEASE_DIR)
    assert "Exemption 6: personal privacy in personnel, medical and similar files</a></td><td>2<" in html
    assert "Exemption 7(C): personal privacy in law enforcement records</a></td><td>3<" in html
    assert "In all, 3 cells are withheld." in html
    assert "counted above under each basis" in html
    dictionary = html.split('<h3 id="data-dictionary">')[1].split("</table>")[0]
    assert ">(b)(7)(C)</a>" in dictionary and ">(b)(6)</a>" in dictionary
    preview = html.split('class="rr-scroll rr-preview"')[1].split("</table>")[0]
    # Each withheld cell links to the page of a basis it is withheld on.
    link = r'<td class="rr-withheld"><a href="../../bases/(?:b6|b7c)/" title="Why it is withheld: [^"]+">([^<]+)</a>'
    assert set(re.findall(link, preview)) == {COMBINED, "[REDACTED (b)(7)(C)]"}


def test_home_and_basis_pages_count_the_combined_cells(built):
    _room, site, *_ = built
    assert "<strong>4</strong> withheld cells" in page(site, "")  # 1 in the minimal release, 3 here
    assert "In all, 3 cells are withheld on this basis." in page(site, "bases/b7c")
    b6 = page(site, "bases/b6")
    assert "In all, 3 cells are withheld on this basis." in b6  # 1 in the minimal release, 2 here
    assert "<code>informant</code></td><td>2<" in b6
    assert "<code>informant</code></td><td>3<" in page(site, "bases/b7c")


def test_download_holds_the_combined_markers(built):
    _room, site, *_ = built
    rows = list(csv.reader(io.StringIO((site / DOWNLOAD).read_text(encoding="utf-8"), newline="")))
    assert [row[1] for row in rows[1:]] == [COMBINED, "Officer Plainname", "[REDACTED (b)(7)(C)]", COMBINED]


@pytest.mark.parametrize("single", ["[REDACTED (b)(6)]", "[REDACTED (b)(7)(C)]"])
def test_combined_marker_tampered_into_a_single_one_fails_the_gate(built, tmp_path, single):
    room, site, *_ = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    download = copy / DOWNLOAD
    download.write_bytes(download.read_bytes().replace(COMBINED.encode(), single.encode(), 1))
    outcome = run_generator(room.root, "check", str(copy))
    assert outcome.returncode == 1
    assert (
        f"{DOWNLOAD}: row 1, column 'informant': [withheld-marker] must be withheld under b6 and b7c but does "
        f"not hold exactly {COMBINED}"
    ) in outcome.stderr
    assert not copy.exists()


def test_combined_marker_tampered_in_the_preview_fails_the_gate(built, tmp_path):
    room, site, *_ = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    html = copy / RELEASE_DIR / "index.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace(f">{COMBINED}</a></td>", ">[REDACTED (b)(7)(C)]</a></td>", 1),
        encoding="utf-8",
    )
    outcome = run_generator(room.root, "check", str(copy))
    assert outcome.returncode == 1
    assert (
        f"{RELEASE_DIR}/index.html: preview of 'informants', row 1, column 'informant': [withheld-marker] must "
        "be withheld under b6 and b7c"
    ) in outcome.stderr
