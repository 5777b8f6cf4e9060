"""The sitemap: every page, each with the date its content last changed."""

from __future__ import annotations

import datetime as dt
import re

from sitebuild import QUIET, mkdocs_build

from generator import urls
from generator.render.pages import Site

SITE_URL = "https://records.example.org/room/"


def test_the_sitemap_lists_every_page_with_the_date_of_its_content(site_room, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(site_room.root, site, env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr[-2000:]
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", text))
    pages = {SITE_URL + path.parent.relative_to(site).as_posix() + "/" for path in site.rglob("index.html")}
    assert set(dates) == {page.replace("room/./", "room/") for page in pages}
    room = site_room.load()
    release = room.published[0]
    for prefix in ("", "es/"):
        assert dates[SITE_URL + prefix + urls.release(release.id)] == release.spec.release_date.isoformat()
        assert dates[SITE_URL + prefix + urls.explore(release.id, release.datasets[0].spec.name)] == (
            release.spec.release_date.isoformat()
        )
    opinion = room.opinions[0]
    if opinion.spec.date is not None:
        assert dates[SITE_URL + urls.opinion(opinion.slug)] == opinion.spec.date.isoformat()
    # A page of the whole room: the newest date of its content, never the build's (which a hand-written page,
    # whose content's date the build cannot know, is given).
    build_day = dt.datetime.fromtimestamp(int(QUIET["SOURCE_DATE_EPOCH"]), dt.UTC).date().isoformat()
    assert dates[SITE_URL] == Site(room).newest.isoformat() != build_day
    assert dates[SITE_URL + urls.ABOUT] == build_day
