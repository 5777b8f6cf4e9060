"""A whole build of the sample reading room, compared against what it must contain."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from conftest import REPO
from sitebuild import mkdocs_build
from test_citation import shown

from generator.bases import catalogue
from generator.cache import files_digest

RELEASES = {
    "lions-terrorism-cases": ["cases"],
    "ciudad-juarez-waitlist": ["waitlist"],
    "aol-exhibit-rulings": ["exhibits"],
    "facial-recognition-scope-2021-07": ["components", "timeline"],
}
OPINIONS = ["al-otro-lado-v-mcaleenan-2019", "al-otro-lado-v-wolf-2020", "brennan-center-v-doj"]


@pytest.fixture
def site(sample_site: Path) -> Path:
    return sample_site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_public_url_exists(site):
    urls = ["", "releases/", "opinions/", "bases/"]
    urls += [f"releases/{r}/" for r in RELEASES] + [f"opinions/{o}/" for o in OPINIONS]
    urls += [f"bases/{code}/" for code in catalogue().codes()]
    missing = [url for url in urls if not (site / url / "index.html").is_file()]
    missing += [
        f"releases/{r}/{d}.csv"
        for r, ds in RELEASES.items()
        for d in ds
        if not (site / "releases" / r / f"{d}.csv").is_file()
    ]
    assert missing == []
    assert len(catalogue().codes()) == 18


def test_lions_csv_withholds_exactly_the_acquittals_and_dismissals(site):
    text = (site / "releases/lions-terrorism-cases/cases.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4496
    withheld = [r for r in rows if r["docket_number"] == "[REDACTED (b)(7)(C)]"]
    assert len(withheld) == 724
    assert {r["disposition"] for r in withheld} == {"acquitted", "dismissed"}
    released = [r for r in rows if r not in withheld]
    assert all(re.fullmatch(r"\d:\d\d-cr-\d{5}", r["docket_number"]) for r in released)
    assert len(rows) - len(withheld) == 3772


def test_waitlist_publishes_no_protected_column(site):
    rows = list(csv.DictReader(io.StringIO((site / "releases/ciudad-juarez-waitlist/waitlist.csv").read_text())))
    protected = [
        "name",
        "birthdate",
        "city_state_of_origin",
        "previous_occupation",
        "emergency_contact_name",
        "emergency_contact_phone",
    ]
    assert rows and all(row[column] == "[REDACTED court seal]" for row in rows for column in protected)
    assert {row["country_of_origin"] for row in rows} > {"Cuba"}


def test_release_page_has_metadata_dictionary_counts_preview_and_download(site):
    html = page(site, "releases/lions-terrorism-cases/")
    assert "Executive Office for United States Attorneys" in html
    assert "Approved for publication by Reading room editors (sample content) on 2026-11-22" in html
    headers = ("Column", "Type", "Description", "Withheld", "Basis", "Condition", "Authority")
    assert " ".join(f'<th scope="col">{name}</th>' for name in headers) in html
    assert "<code>disposition</code> is one of: acquitted, dismissed" in html
    assert "The first 100 of 4,496 rows." in html
    preview = html.split('class="rr-scroll rr-preview"')[1].split("</table>")[0]
    assert preview.count("<tr>") == 101
    body = (site / "releases/lions-terrorism-cases/cases.csv").read_bytes()
    import hashlib

    assert hashlib.sha256(body).hexdigest() in html
    assert f"({len(body):,} bytes)" in html
    assert re.search(r"Exemption 7\(C\): personal privacy in law enforcement records</a></td><td>724<", html)


def test_synthetic_records_are_labelled_visibly(site):
    for release in ("lions-terrorism-cases", "ciudad-juarez-waitlist"):
        assert 'class="admonition-title">Synthetic records' in page(site, f"releases/{release}/")
    assert "Synthetic records" not in page(site, "releases/aol-exhibit-rulings/")
    for url in ("", "releases/", "releases/2020/"):
        assert "Some releases in this reading room hold synthetic sample data" in page(site, url)
    # Pages that show no synthetic records do not invite doubt about real ones.
    for url in ("bases/", "bases/b7c/", "opinions/", "opinions/brennan-center-v-doj/", "requests/"):
        assert "synthetic sample data" not in page(site, url), url
    assert "Synthetic request" in page(site, "requests/al-otro-lado-discovery/")
    assert "Synthetic" not in page(site, "requests/aclu-nc-facial-recognition/")


def test_opinions_and_releases_link_both_ways(site):
    opinion = page(site, "opinions/brennan-center-v-doj/")
    assert 'href="../../releases/lions-terrorism-cases/"' in opinion
    assert "Withholding decided by this opinion" in opinion
    release = page(site, "releases/lions-terrorism-cases/")
    assert 'href="../../opinions/brennan-center-v-doj/"' in release


def test_an_opinion_page_cites_its_source_and_puts_its_sections_in_the_table_of_contents(site):
    html = page(site, "opinions/al-otro-lado-v-wolf-2020/")
    assert "<dt>Docket number</dt> <dd>3:17-cv-2366-BAS-KSC</dd>" in html
    assert "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366-BAS-KSC (S.D. Cal. June 26, 2020)" in html
    search = "https://www.courtlistener.com/?type=r&amp;q=%223%3A17-cv-2366-BAS-KSC%22"
    assert f'<a href="{search}" rel="noopener noreferrer">Search CourtListener' in html
    assert '<h2 id="the-dispute">The dispute' in html
    assert '<a href="#the-dispute" class="md-nav__link">' in html  # in the page's table of contents
    assert "shared/seeds" not in html
    brennan = page(site, "opinions/brennan-center-v-doj/")
    assert "<dt>Docket number</dt> <dd>not stated in the source</dd>" in brennan
    assert "the source gives no link to the opinion's text or to the docket" in brennan


def test_release_dataset_document_and_opinion_pages_say_how_to_cite_them(site):
    version = files_digest(
        [path for path in (REPO / "releases/lions-terrorism-cases").rglob("*") if path.is_file()],
        REPO / "releases/lions-terrorism-cases",
    )[:12]
    release = shown(page(site, "releases/lions-terrorism-cases/"), "How to cite")
    assert f"version {version}" in release and "Released 2020-06-01" in release
    assert "@misc{lions-terrorism-cases," in release and '"type": "dataset"' in release
    explore = shown(page(site, "releases/lions-terrorism-cases/explore/cases/"), "How to cite")
    assert (
        "/releases/lions-terrorism-cases/explore/cases/" in explore and "@misc{lions-terrorism-cases-cases," in explore
    )
    document = shown(page(site, "releases/aol-exhibits-production/documents/gov-ex-18/"), "How to cite")
    assert '"type": "document"' in document
    opinion = shown(page(site, "opinions/al-otro-lado-v-wolf-2020/"), "How to cite")
    assert "Summary of Al Otro Lado, Inc. v. Wolf" in opinion and "Released 2020-06-26" in opinion


def test_each_download_says_how_to_verify_it(site):
    lions = page(site, "releases/lions-terrorism-cases/")
    digest = hashlib.sha256((site / "releases/lions-terrorism-cases/cases.csv").read_bytes()).hexdigest()
    verify = shown(lions, "Verify cases.csv")
    assert digest in verify
    assert all(command in verify for command in ("sha256sum cases.csv", "shasum -a 256 cases.csv", "Get-FileHash"))
    document = page(site, "releases/aol-exhibits-production/documents/gov-ex-18/")
    assert "Get-FileHash gov-ex-18.pdf -Algorithm SHA256" in shown(document, "Verify gov-ex-18.pdf")


def test_the_about_page_says_who_runs_the_room_and_every_footer_links_to_it(site):
    about = page(site, "about/")
    assert "This reading room is run by" in about and 'href="https://www.foia.gov/"' in about
    assert 'id="contact"' in about and 'id="request-records"' in about
    assert 'href="https://www.justice.gov/oip/make-foia-request-doj"' in about
    for url in ("", "releases/lions-terrorism-cases/", "opinions/", "bases/b7c/"):
        footer = page(site, url).split('class="md-footer"', 1)[1]
        assert "about/#contact" in footer and "about/#request-records" in footer, url


@pytest.mark.parametrize(
    ("url", "section", "trail"),
    [
        ("releases/lions-terrorism-cases/", "Releases", ["Releases"]),
        ("releases/lions-terrorism-cases/explore/cases/", "Releases", ["Releases", "Terrorism cases in the LIONS"]),
        ("releases/aol-exhibits-production/documents/gov-ex-18/", "Releases", ["Releases", "Al Otro Lado"]),
        ("opinions/brennan-center-v-doj/", "Court opinions", ["Court opinions"]),
        ("bases/b7c/", "Bases for withholding", ["Bases for withholding"]),
        ("requests/aclu-nc-facial-recognition/", "Requests", ["Requests"]),
    ],
)
def test_every_generated_page_marks_its_section_and_says_where_it_is(site, url, section, trail):
    html = page(site, url)
    active = re.findall(r'md-nav__item--active[^>]*>\s*<a [^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', html)
    assert active == [section], active
    crumbs = re.search(r'<div class="rr-breadcrumbs" role="navigation" aria-label="Breadcrumb">(.*?)</div>', html, re.S)
    assert crumbs is not None
    links = re.findall(r"<a [^>]*>([^<]*)</a>", crumbs.group(1))
    assert len(links) == len(trail) and all(link.startswith(want) for link, want in zip(links, trail, strict=True))


def test_a_release_page_lists_its_parts_for_screens_without_a_table_of_contents(site):
    html = page(site, "releases/lions-terrorism-cases/")
    listed = re.search(r'<details class="rr-on-this-page">(.*?)</details>', html, re.S)
    assert listed is not None
    anchors = re.findall(r'href="#([^"]+)"', listed.group(1))
    assert anchors == ["release-summary", "downloads-cases", "dictionary-cases", "preview-cases"]
    assert all(f'id="{anchor}"' in html for anchor in anchors)
    assert "<strong>Synthetic records:</strong> every row of this dataset is generated" in html
    assert "Synthetic records:</strong>" not in page(site, "releases/aol-exhibit-rulings/")


def test_basis_page_says_where_used_and_how_many_cells(site):
    html = page(site, "bases/court-seal/")
    assert "In all, 7,200 cells are withheld on this basis." in html
    assert 'href="../../releases/ciudad-juarez-waitlist/"' in html
    assert "No published dataset withholds anything on this basis." in page(site, "bases/b9/")


def test_home_has_counts_and_latest_releases(site):
    html = page(site, "")
    assert "<strong>5</strong> releases" in html
    assert "<strong>6</strong> documents" in html and "<strong>3</strong> requests tracked" in html
    assert "<strong>7,924</strong> withheld cells" in html
    assert 'href="releases/facial-recognition-scope-2021-07/"' in html


def test_navigation_lists_sections_not_releases(site):
    html = page(site, "about/")
    nav = html.split('<nav class="md-nav md-nav--primary"')[1].split("</nav>")[0]
    assert "Releases" in nav
    assert "lions-terrorism-cases" not in nav


def search_records(site):
    """Pagefind's record of each indexed page (its fragments are gzip-compressed JSON after a signature)."""
    records = {}
    for fragment in sorted((site / "pagefind/fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


def test_search_indexes_content_pages_with_their_facets_and_no_listing_page(site):
    records = search_records(site)
    assert not (site / "search/search_index.json").exists()  # no lunr index beside it
    lions = records["/releases/lions-terrorism-cases/"]
    assert lions["filters"]["kind"] == ["Release", "Dataset"]
    assert lions["filters"]["agency"] == ["U.S. Department of Justice"]
    assert lions["meta"]["date"] and lions["meta"]["kind"] == "Release"
    assert "4:13-cr-00482" in lions["content"]  # a preview cell
    assert records["/opinions/al-otro-lado-v-wolf-2020/"]["filters"]["kind"] == ["Court opinion"]
    assert records["/bases/b7c/"]["filters"]["kind"] == ["Basis for withholding"]
    # Only each page's article: no navigation, no synthetic-records notice, no permalink signs.
    notice = "The records in this release are synthetic sample data"
    assert notice in (site / "releases/lions-terrorism-cases/index.html").read_text(encoding="utf-8")
    assert not any(notice in r["content"] or "Summary¶" in r["content"] for r in records.values())
    assert "Summary." in lions["content"]
    assert not any("Bases for withholding Court opinions" in r["content"] for r in records.values())
    # Listing pages (each line another page's title) and the search page are not results.
    assert {"/", "/releases/", "/releases/2021/", "/opinions/", "/bases/", "/search/"}.isdisjoint(records)
    assert "/about/" in records


def test_the_sitemap_lists_every_page_at_the_published_address_and_passes_the_gate(tmp_path):
    address = "https://example-org.github.io/reading-room/"
    result = mkdocs_build(REPO, tmp_path / "site", env={"SITE_URL": address})
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert f"{address}releases/lions-terrorism-cases/" in locations
    assert all(location.startswith(address) for location in locations) and len(locations) > 20


def test_build_is_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    assert mkdocs_build(REPO, again).returncode == 0
    first = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_nothing_generated_is_written_into_content_or_releases():
    tracked = {p for p in (REPO / "content").rglob("*") if p.is_file()}
    assert {p.suffix for p in tracked} <= {".md", ".css"}
    assert not list((REPO / "releases").rglob("index.md"))


def test_every_generated_page_has_one_heading_and_no_stray_front_matter(site):
    for path in site.rglob("index.html"):
        article = path.read_text(encoding="utf-8").split("<article")[1].split("</article>")[0]
        assert article.count("<h1") == 1, path
        assert "title:" not in article and "<hr" not in article, path


def test_each_page_has_one_title_and_its_own_description(site):
    assert re.findall(r"<title>([^<]*)</title>", page(site, "")) == ["FOIA Reading Room"]
    urls = ("releases/lions-terrorism-cases/", "opinions/brennan-center-v-doj/", "requests/brennan-center-lions/")
    described = {url: re.findall(r'<meta name="description" content="([^"]*)"', page(site, url)) for url in urls}
    assert all(len(found) == 1 for found in described.values()), described
    assert described["releases/lions-terrorism-cases/"][0].startswith("A synthetic case list modelled on the records")
    assert len({found[0] for found in described.values()}) == 3


def test_a_dataset_with_nothing_withheld_says_so(site):
    html = page(site, "releases/aol-exhibit-rulings/")
    assert "All 33 rows. Nothing in this dataset is withheld." in html and "Withheld cells show the marker" not in html
