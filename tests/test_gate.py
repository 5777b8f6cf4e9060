"""The publishing gate on hostile fixture releases: every rule fails the build, naming the place, never the value."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from conftest import REPO
from sitebuild import gate_check, mkdocs_build, redact

CSV = "releases/test-release/people.csv"
RELEASE = "releases/test-release/release.yml"
HEADER = "person_id,full_name,outcome\n"


def build(room, tmp_path, env=None):
    site = tmp_path / "site"
    return site, mkdocs_build(room.root, site, env=env)


def test_clean_fixture_passes_the_gate(site_room, tmp_path):
    _site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Publishing gate: checked" in result.stderr and "0 findings." in result.stderr


def test_sample_site_passes_the_gate_with_zero_findings(tmp_path):
    result = mkdocs_build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert ", 0 findings." in result.stderr


# Rule 1: a withheld position not carrying its marker in a published form.


def test_tampered_download_fails_and_site_is_removed(site_room, tmp_path):
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0
    download = site / "releases/test-release/people.csv"
    download.write_text(download.read_text().replace("[REDACTED (b)(6)]", "Hidden Person"))
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert (
        "releases/test-release/people.csv: row 2, column 'full_name': [withheld-marker] must be withheld under b6"
    ) in outcome.stderr
    assert "Hidden" not in outcome.stderr + outcome.stdout
    assert not site.exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("[REDACTED (b)(6)],acquitted", "Hidden Person,convicted"),  # the condition changed with the value
        ("2,[REDACTED (b)(6)],acquitted", "2,[REDACTED (b)(6)],acquitted,extra"),
        ("1,", "01,"),
    ],
)
def test_a_download_changed_after_the_build_fails_even_where_the_rules_pass(site_room, tmp_path, old, new):
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    download = site / "releases/test-release/people.csv"
    download.write_bytes(download.read_bytes().replace(old.encode(), new.encode(), 1))
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert (
        "releases/test-release/people.csv: file: [altered-download] differs from the file the build produced"
    ) in outcome.stderr
    assert "Hidden" not in outcome.stderr + outcome.stdout


def test_tampered_preview_fails(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    page = site / "releases/test-release/index.html"
    page.write_text(page.read_text().replace(">[REDACTED (b)(6)]</a></td>", ">Hidden</a></td>"))
    outcome = gate_check(site_room.root, site)
    assert (
        "releases/test-release/index.html: preview of 'people', row 2, column 'full_name': [withheld-marker]"
        in outcome.stderr
    )
    assert "Hidden" not in outcome.stderr


def tamper(site_room, tmp_path, name, content):
    """A clean build, then a file written into the site behind the build's back: the gate must find it."""
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return site


def inject(site_room, tmp_path, page, markup):
    """A clean build, then markup put into a page's generated content (its <article>)."""
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    path = site / page
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</article>", f"{markup}</article>", 1), encoding="utf-8")
    return site


def test_unexpected_data_file_fails(site_room, tmp_path):
    site = tamper(site_room, tmp_path, "raw-export.csv", "name\nReal Person\n")
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert "raw-export.csv: file: [unexpected-data-file]" in outcome.stderr
    assert not site.exists()


def test_unexpected_data_file_from_a_theme_override_fails(site_room, tmp_path):
    site_room.write("overrides/raw-export.csv", "name\nReal Person\n")
    config = site_room.path("mkdocs.yml")
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    site, result = build(site_room, tmp_path)
    assert result.returncode != 0
    assert "raw-export.csv: file: [unexpected-data-file]" in result.stderr
    assert not site.exists()


# Rule 2: personal identifiers outside withheld positions.


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("123-45-6789", "ssn"),
        ("(202) 555-0143", "phone"),
        ("jane.doe@example.org", "email"),
        ("A-123-456-789", "a-number"),
        ("passport no. X1234567", "passport"),
        ("account number 12345678901", "account"),
    ],
)
def test_identifier_in_released_cell_fails_without_echoing(site_room, tmp_path, value, kind):
    site_room.write(CSV, HEADER + f'1,"{value}",convicted\n2,[REDACTED (b)(6)],acquitted\n')
    site, result = build(site_room, tmp_path)
    assert result.returncode != 0
    assert (
        f"releases/test-release/people.csv: row 1, column 'full_name': [personal-identifier] {kind} (" in result.stderr
    )
    assert f"releases/test-release/index.html: page text: [personal-identifier] {kind}" in result.stderr
    assert value not in result.stderr
    assert not site.exists()


def test_birthdate_by_column_context(site_room, tmp_path):
    site_room.edit(RELEASE, "title: Outcome", "title: Date of birth")
    site_room.write(CSV, HEADER.replace("outcome", "birth_date") + "1,A,1980-01-02\n")
    site_room.edit(RELEASE, "{name: outcome,", "{name: birth_date,")
    site_room.edit(RELEASE, "where: {column: outcome, in: [acquitted]}", "where: {column: birth_date, in: [x]}")
    site_room.edit(RELEASE, "enum: [convicted, acquitted]", "enum: [x, '1980-01-02']")
    _site, result = build(site_room, tmp_path)
    assert "row 1, column 'birth_date': [personal-identifier] birthdate (text of 10 characters)" in result.stderr


def test_identifier_in_summary_fails(site_room, tmp_path):
    site_room.edit(RELEASE, "A test release citing", "Call 202-555-0143 about a test release citing")
    _site, result = build(site_room, tmp_path)
    assert (
        "releases/test-release/index.html: page text: [personal-identifier] phone (text of 12 characters)"
        in result.stderr
    )


def test_approved_identifier_is_published_and_listed(site_room, tmp_path):
    site_room.write(CSV, HEADER + "1,official.name@cbp.dhs.gov,convicted\n2,[REDACTED (b)(6)],acquitted\n")
    site_room.edit(
        RELEASE,
        "datasets:\n",
        "approvals:\n  - dataset: people\n    row: 1\n    column: full_name\n"
        "    kind: email\n    reason: Official work e-mail the court ruled public.\ndatasets:\n",
    )
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    page = (site / "releases/test-release/index.html").read_text()
    assert "Official work e-mail the court ruled public." in page
    assert "official.name@cbp.dhs.gov" in page


def test_approval_of_a_withheld_cell_is_refused(site_room):
    site_room.edit(
        RELEASE,
        "datasets:\n",
        "approvals:\n  - {dataset: people, row: 2, column: full_name, "
        "kind: email, reason: Not a real reason here.}\ndatasets:\n",
    )
    assert any("approvals[0]: the approved cell is withheld" in e for e in site_room.errors())


# Rule 3: executable or active content.


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("<script>alert(1)</script>", "element <script> is not allowed"),
        ('<p onclick="alert(1)">x</p>', "attribute 'onclick' on <p> is not allowed"),
        ('<a href="javascript:alert(1)">x</a>', "link with scheme 'javascript' on <a> is not allowed"),
        ('<a href="data:text/html,x">x</a>', "link with scheme 'data' on <a> is not allowed"),
        ('<iframe src="https://example.org"></iframe>', "element <iframe> is not allowed"),
        ('<form action="https://example.org"><input></form>', "element <form> is not allowed"),
        ('<p style="color:red">x</p>', "attribute 'style' on <p> is not allowed"),
        ("<object data=x></object>", "element <object> is not allowed (but for a PDF viewer"),
        ('<object type="application/pdf" data="https://example.org/x.pdf"></object>', "element <object> is not"),
        ('<object type="application/pdf" data="x.pdf" onload="alert(1)"></object>', "element <object> is not"),
        ('<object type="text/html" data="x.pdf"></object>', "element <object> is not"),
    ],
)
def test_active_content_in_a_page_fails(site_room, tmp_path, markup, problem):
    site = inject(site_room, tmp_path, "about/index.html", markup)
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert f"about/index.html: generated content: [active-content] {problem}" in outcome.stderr
    assert not site.exists()


def test_hostile_cell_is_harmless_not_just_detected(site_room, tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    site_room.write(
        CSV,
        HEADER
        + f'1,"{hostile}",convicted\n2,[REDACTED (b)(6)],acquitted\n3,"=HYPERLINK(""https://evil.example"")",convicted\n',
    )
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    page = (site / "releases/test-release/index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    rows = list(csv.reader(io.StringIO((site / CSV).read_text())))
    assert rows[3][1] == '\'=HYPERLINK("https://evil.example")'
    assert rows[1][1] == hostile
    assert "1 cells in this dataset are prefixed" in page


# Rule 4: the withheld-values proof.


def redact_with_values(room, tmp_path, raw_rows):
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + raw_rows, encoding="utf-8")
    values = tmp_path / "private" / "withheld.json"
    values.parent.mkdir()
    result = redact(room.root, raw, room.path(CSV), "--withheld-values", str(values))
    assert result.returncode == 0, result.stderr
    return values


def test_withheld_values_proof_passes_and_counts(site_room, tmp_path):
    values = redact_with_values(site_room, tmp_path, "1,Alpha Person,convicted\n2,Beta Secretname,acquitted\n")
    assert json.loads(values.read_text()) == {"test-release/people": ["Beta Secretname"]}
    _site, result = build(site_room, tmp_path, env={"READING_ROOM_WITHHELD_VALUES": str(values)})
    assert result.returncode == 0, result.stderr
    assert "Withheld-values proof: none of 1 withheld values (of 4 or more characters) appears" in result.stderr


def test_withheld_value_in_any_case_or_spacing_fails(site_room, tmp_path):
    values = redact_with_values(site_room, tmp_path, "1,Alpha Person,convicted\n2,Beta Secretname,acquitted\n")
    site_room.edit(RELEASE, "A test release citing", "A test release about BETA  secret name, citing")
    site, result = build(site_room, tmp_path, env={"READING_ROOM_WITHHELD_VALUES": str(values)})
    assert result.returncode != 0
    assert (
        "releases/test-release/index.html: file text: [withheld-value] value no. 1 withheld in test-release/people "
        "(14 characters) appears"
    ) in result.stderr
    fragment = r"pagefind/fragment/\S+ \(decompressed\) \(search data\)"
    assert re.search(rf"{fragment}: file text: \[withheld-value\]", result.stderr)
    assert "Secretname" not in result.stderr.replace(str(tmp_path), "")
    assert not site.exists()


def test_values_file_is_refused_inside_the_repository(site_room, tmp_path):
    subprocess.run(["git", "init", "-q", str(site_room.root)], check=True)
    raw = tmp_path / "raw.csv"
    raw.write_text(HEADER + "1,A,acquitted\n")
    for target in ("withheld.json", "site/withheld.json"):
        result = redact(site_room.root, raw, tmp_path / "o.csv", "--withheld-values", str(site_room.path(target)))
        assert result.returncode == 1
        assert "refused:" in result.stderr
        assert not site_room.path(target).exists()


# Regressions from a security review.


def test_script_injected_outside_the_article_fails(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    page = site / "releases/test-release/index.html"
    page.write_text(page.read_text().replace("</title>", "</title><script>alert(1)</script>", 1))
    outcome = gate_check(site_room.root, site)
    assert (
        "releases/test-release/index.html: page outside the generated content: [active-content] "
        "1 more element <script> than the theme writes on every page"
    ) in outcome.stderr


def test_hostile_title_does_not_reach_the_html_title(site_room, tmp_path):
    site_room.edit(RELEASE, "title: Test release", "title: '</title><script>alert(1)</script>'")
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    head = (site / "releases/test-release/index.html").read_text().split("</head>")[0]
    assert "<script>alert" not in head


def test_withheld_value_with_quotes_beyond_the_preview_is_found(site_room, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps(['Juan "El Gato" Perez']))
    rows = "".join(f"{i},Person {i},convicted\n" for i in range(1, 111))
    site_room.write(CSV, HEADER + rows + '111,"Juan ""El Gato"" Perez, see row 110",convicted\n')
    _site, result = build(site_room, tmp_path, env={"READING_ROOM_WITHHELD_VALUES": str(values)})
    assert (
        "releases/test-release/people.csv: row 111, column 'full_name': [withheld-value] value no. 1 withheld in"
        in result.stderr
    )


@pytest.mark.parametrize("name", ["case notes.txt", "export.yaml", "old.htm", "assets/images/notes.txt", "NOTES"])
def test_every_static_file_is_searched(site_room, tmp_path, name):
    site = tamper(site_room, tmp_path, name, "Contact Maria Lopez-Diaz, SSN 123-45-6789.\n")
    values = tmp_path / "values.json"
    values.write_text(json.dumps(["Maria Lopez-Diaz"]))
    outcome = gate_check(site_room.root, site, "--withheld-values", str(values))
    assert outcome.returncode == 1
    assert f"{name}: file text: [withheld-value]" in outcome.stderr
    assert "[personal-identifier] ssn" in outcome.stderr


def test_static_html_file_is_checked_whole(site_room, tmp_path):
    site = tamper(site_room, tmp_path, "old.htm", "<p>old</p><script>alert(1)</script>\n")
    outcome = gate_check(site_room.root, site)
    assert "old.htm: generated content: [active-content] element <script> is not allowed" in outcome.stderr


def test_protocol_relative_link_fails(site_room, tmp_path):
    site = inject(site_room, tmp_path, "about/index.html", '<a href="//evil.example/phish">mirror</a>')
    outcome = gate_check(site_room.root, site)
    assert "about/index.html: generated content: [active-content] link with scheme 'none (//host)'" in outcome.stderr


def test_approval_of_a_cell_without_that_identifier_approves_nothing(site_room, tmp_path):
    site_room.edit(RELEASE, "description: Test people.", "description: Contact SSN 123-45-6789 on file.")
    site_room.edit(
        RELEASE,
        "datasets:\n",
        "approvals:\n  - {dataset: people, row: 1, column: person_id, kind: ssn, "
        "reason: Approving a cell that is not an SSN.}\ndatasets:\n",
    )
    _site, result = build(site_room, tmp_path)
    assert result.returncode != 0
    assert (
        "releases/test-release/release.yml: approvals[0]: [personal-identifier] the approved cell holds no ssn"
        in result.stderr
    )
    assert "releases/test-release/index.html: page text: [personal-identifier] ssn" in result.stderr


# Regressions from the second security review.


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="\x01javascript:alert(1)">FAQ</a>',
        '<a href="jav&#9;ascript:alert(1)">x</a>',
        'Hello</p></p></p></p></p></p><a href="https://x.example" style="position:fixed">x</a>',
    ],
)
def test_disguised_active_content_fails(site_room, tmp_path, markup):
    site = inject(site_room, tmp_path, "about/index.html", markup)
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert "about/index.html: generated content: [active-content]" in outcome.stderr


@pytest.mark.parametrize("name", ["evil.html", "releases/evil/index.html", "about/extra.html"])
def test_a_stray_page_with_an_article_is_checked_whole(site_room, tmp_path, name):
    """Only pages the engine rendered get the theme-page check; a page that appeared is checked whole."""
    site = tamper(site_room, tmp_path, name, "<article></article><form></form><script>x</script>\n")
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert f"{name}: generated content: [active-content] element <form> is not allowed" in outcome.stderr


@pytest.mark.parametrize("name", ["people_unredacted.csv.gz", "export.tar.gz", "people.csv.xz", "raw.jsonl"])
def test_compressed_or_archived_exports_are_unexpected(site_room, tmp_path, name):
    site = tamper(site_room, tmp_path, f"files/{name}", b"x")
    outcome = gate_check(site_room.root, site)
    assert f"files/{name}: file: [unexpected-data-file]" in outcome.stderr


def test_invisible_characters_do_not_hide_a_withheld_value(site_room, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps(["Beta Person", "F"]))
    site_room.edit(RELEASE, "description: Test people.", "description: Mentions Be\u00adta Per\u200bson.")
    _site, result = build(site_room, tmp_path, env={"READING_ROOM_WITHHELD_VALUES": str(values)})
    assert "[withheld-value] value no. 1 withheld in (unnamed)" in result.stderr


def test_values_too_short_to_search_are_not_counted_as_checked(site_room, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps(["Beta Person", "F"]))
    _site, result = build(site_room, tmp_path, env={"READING_ROOM_WITHHELD_VALUES": str(values)})
    assert "none of 1 withheld values (of 4 or more characters) appears" in result.stderr


def test_approval_does_not_cover_a_longer_identifier(site_room, tmp_path):
    site_room.write(CSV, HEADER + "1,smith@ice.gov,convicted\n2,[REDACTED (b)(6)],acquitted\n")
    site_room.edit(RELEASE, "description: Test people.", "description: Write to john.smith@ice.gov.")
    site_room.edit(
        RELEASE,
        "datasets:\n",
        "approvals:\n  - {dataset: people, row: 1, column: full_name, "
        "kind: email, reason: Official work e-mail ruled public.}\ndatasets:\n",
    )
    _site, result = build(site_room, tmp_path)
    assert (
        "releases/test-release/index.html: page text: [personal-identifier] email (text of 18 characters)"
        in result.stderr
    )


def test_a_gate_that_crashes_still_removes_the_site(site_room, tmp_path, monkeypatch):
    from generator.config import RoomConfig
    from generator.gate import run_gate
    from generator.room import load_room

    site, result = build(site_room, tmp_path)
    assert result.returncode == 0
    monkeypatch.setattr("generator.gate.check_markup", lambda files: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        run_gate(load_room(RoomConfig.at(site_room.root)), site)
    assert not site.exists()


def test_huge_formula_like_cell_is_published_safely(site_room, tmp_path):
    site_room.write(CSV, HEADER + f'1,"={"x" * 131072}",convicted\n2,[REDACTED (b)(6)],acquitted\n')
    _site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]


def test_check_refuses_a_site_folder_that_is_a_symlink(site_room, tmp_path):
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr
    link = tmp_path / "linked-site"
    link.symlink_to(site)
    outcome = gate_check(site_room.root, link)
    assert outcome.returncode == 1
    assert "[site-folder] the site folder is a symbolic link" in outcome.stderr
    assert not link.is_symlink() and site.is_dir()
