"""The MkDocs plugin on fixture rooms: publishing rules and failing closed."""

from __future__ import annotations

import pytest
from sitebuild import mkdocs_build


def test_fixture_room_builds(site_room, tmp_path):
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/releases/test-release/people.csv").is_file()
    assert (tmp_path / "site/opinions/test-opinion/index.html").is_file()


def test_draft_is_left_out_with_one_log_line(site_room, tmp_path):
    site_room.edit("releases/test-release/release.yml", "status: approved", "status: draft")
    site_room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "the release")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Release 'test-release' is draft and is not published.") == 1
    assert not (tmp_path / "site/releases/test-release").exists()
    assert "test-release" not in (tmp_path / "site/releases/index.html").read_text()


def test_content_error_fails_the_build_and_writes_nothing(site_room, tmp_path):
    site_room.edit("releases/test-release/people.csv", "2,[REDACTED (b)(6)],acquitted", "2,Secret Person,acquitted")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "releases/test-release/people.csv: row 2, column 'full_name': must be withheld under b6" in result.stderr
    assert "Secret" not in result.stderr + result.stdout
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("page", "address"),
    [
        ("releases/index.md", "releases/index.html"),
        ("releases.md", "releases/index.html"),  # another source name, the same address
        ("releases/test-release.md", "releases/test-release/index.html"),
        ("opinions/index.markdown", "opinions/index.html"),
    ],
)
def test_hand_written_page_at_a_generated_url_is_refused(site_room, tmp_path, page, address):
    site_room.write(f"content/{page}", "# Mine\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert f"{page} would be overwritten by a generated page at {address}" in result.stderr
    assert not (tmp_path / "site").exists()


def test_dot_files_taken_in_by_exclude_docs_are_refused(site_room, tmp_path):
    site_room.write("content/.private/notes.md", "# Notes\n")
    site_room.edit("mkdocs.yml", "docs_dir: content", "docs_dir: content\nexclude_docs: |\n  !.private/")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "content/.private/notes.md: a dot file or folder would be published" in result.stderr
    assert not (tmp_path / "site").exists()


def test_serve_watches_releases(site_room):
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    config = load_config(str(site_room.root / "mkdocs.yml"))
    config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site_room.root))
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert str(site_room.root / "releases") in server._watched_paths


def test_withdrawn_release_keeps_its_url_with_a_notice_linking_nothing(site_room, tmp_path):
    site_room.edit(
        "releases/test-release/release.yml",
        "status: approved",
        "status: withdrawn\n  withdrawn_on: 2021-02-03\n  withdrawn_reason: Released in error; re-review.",
    )
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Release 'test-release' is withdrawn: only its withdrawal notice is published." in result.stderr
    html = (tmp_path / "site/releases/test-release/index.html").read_text()
    article = html.split("<article")[1].split("</article>")[0]
    assert "This release was withdrawn on 2021-02-03." in article
    assert "Released in error; re-review." in article
    # Nothing of the release is linked: only the breadcrumb's way back to the releases index.
    links = [a for a in article.split("<a ")[1:] if 'class="headerlink"' not in a]
    assert [a.split(">")[0] for a in links] == ['href="../"']
    assert not (tmp_path / "site/releases/test-release/people.csv").exists()
    # Listed on its year's page (the release is dated 2020), and counted on the index.
    assert "(withdrawn 2021-02-03)" in (tmp_path / "site/releases/2020/index.html").read_text()
    assert (
        '<td><a href="2020/">2020</a></td><td>0</td><td>1</td>' in (tmp_path / "site/releases/index.html").read_text()
    )


def test_embargo_follows_the_real_clock_not_source_date_epoch(site_room, tmp_path):
    """SOURCE_DATE_EPOCH is set by whoever commits: it stamps output dates, never lifts an embargo."""
    site_room.edit(
        "releases/test-release/release.yml",
        "  approved_on: 2020-01-03\n",
        "  approved_on: 2020-01-03\n  embargo_until: 2999-01-01\n",
    )
    site_room.edit("content/opinions/test-opinion.md", "[the release](release:test-release)", "the release")
    in_2100 = mkdocs_build(site_room.root, tmp_path / "before", env={"SOURCE_DATE_EPOCH": "4102444800"})
    assert in_2100.returncode == 0, in_2100.stderr
    assert "is embargoed until 2999-01-01 and is not published" in in_2100.stderr
    assert not (tmp_path / "before/releases/test-release").exists()
    site_room.edit("releases/test-release/release.yml", "embargo_until: 2999-01-01", "embargo_until: 2000-01-01")
    in_1970 = mkdocs_build(site_room.root, tmp_path / "after", env={"SOURCE_DATE_EPOCH": "0"})
    assert (tmp_path / "after/releases/test-release/people.csv").is_file(), in_1970.stderr


def test_a_generated_page_whose_front_matter_breaks_is_refused(site_room, tmp_path):
    """Defence in depth: MkDocs renders unreadable front matter as Markdown, so the adapter refuses it."""
    site_room.write(
        "hooks/corrupt.py",
        "from mkdocs.plugins import event_priority\n"
        "@event_priority(-100)\n"
        "def on_files(files, config):\n"
        "    page = files.get_file_from_path('releases/test-release/index.md')\n"
        "    page.content_string = '---\\ntitle: \"[x](https://evil.example)\\n---\\n' + "
        "page.content_string.split('---', 2)[2]\n"
        "    return files\n",
    )
    config = site_room.path("mkdocs.yml")
    config.write_text(config.read_text() + "\nhooks:\n  - hooks/corrupt.py\n")
    result = mkdocs_build(site_room.root, tmp_path / "site")
    assert result.returncode != 0
    assert "the generated page releases/test-release/index.md lost its front matter" in result.stderr
    assert not (tmp_path / "site").exists()
