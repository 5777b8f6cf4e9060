"""What a visitor does, in headless Chromium (Debian's) driven by Playwright, against the built site."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, axe_script, require_chromium
from conftest import FIXTURES, REPO, Room
from sitebuild import mkdocs_build

playwright_api = require_chromium()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site on a local HTTP server, for as long as the block runs: its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser-site")
    assert mkdocs_build(REPO, site).returncode == 0
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def test_visitor_finds_a_release_and_downloads_its_csv(page, base_url):
    page.goto(base_url)
    page.get_by_role("link", name="All releases").click()
    page.get_by_role("link", name="Terrorism cases in the LIONS case-management database").click()
    # Waits until the page has loaded: right after the click the address can change before the page does.
    page.wait_for_url(f"{base_url}releases/lions-terrorism-cases/", wait_until="load")
    playwright_api.expect(page.get_by_text("The records in this release are synthetic sample data")).to_be_visible()
    withheld = page.locator("td.rr-withheld")
    assert withheld.count() > 0
    assert withheld.first.inner_text() == "[REDACTED (b)(7)(C)]"
    assert withheld.first.get_by_role("link").get_attribute("href") == "../../bases/b7c/"  # why, one click away
    href = page.get_by_role("link", name="Download cases.csv").get_attribute("href")
    response = page.request.get(f"{base_url}releases/lions-terrorism-cases/{href}")
    assert response.ok
    assert response.text().count("\n") == 4497


def test_visitor_follows_authority_to_the_opinion(page, base_url):
    page.goto(f"{base_url}releases/lions-terrorism-cases/")
    case = "Brennan Center for Justice v. U.S. Department of Justice"
    page.locator(".rr-meta").get_by_role("link", name=case).click()
    page.wait_for_url(f"{base_url}opinions/brennan-center-v-doj/")
    page.get_by_role("heading", name="Withholding decided by this opinion").wait_for()


def test_pages_request_nothing_from_other_hosts(page, base_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("", "releases/lions-terrorism-cases/", "opinions/al-otro-lado-v-wolf-2020/"):
        page.goto(f"{base_url}{url}")
    assert requested and [url for url in requested if not url.startswith(base_url)] == []


def search(page, base_url, query):
    """Search from the header of the home page, as a visitor does; the results' status once they are in."""
    page.goto(base_url)
    page.get_by_role("searchbox", name="Search").fill(query)
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    status.filter(has_text="result").wait_for()
    return status.inner_text()


def results(page):
    return [item.inner_text() for item in page.locator(".rr-result").all()]


def test_search_finds_an_opinion_by_its_case_name(page, base_url):
    search(page, base_url, "Brennan Center for Justice")
    assert page.url.startswith(f"{base_url}search/?q=Brennan")
    first = page.locator(".rr-result").first
    assert "Brennan Center for Justice v. U.S. Department of Justice" in first.locator("h3").inner_text()
    assert "Court opinion" in first.locator(".rr-result__meta").inner_text()
    first.locator("h3 a").click()
    page.wait_for_url(f"{base_url}opinions/brennan-center-v-doj/")


def test_search_finds_releases_by_agency_with_their_metadata_as_fields(page, base_url):
    search(page, base_url, "Department of Justice")
    release = page.locator(".rr-result").filter(has=page.locator("dd", has_text=re.compile("^Release$"))).first
    fields = release.locator(".rr-result__meta").inner_text().split("\n")
    assert fields[fields.index("Agency") + 1] == "U.S. Department of Justice"
    assert fields[fields.index("Kind") + 1] == "Release"


def test_search_finds_a_docket_number_in_a_preview_and_none_that_is_nowhere(page, base_url):
    # Row 1 of the LIONS cases is in the page's 100-row preview; row 600 is only in the CSV.
    assert search(page, base_url, "4:13-cr-00482").startswith("1 result")
    assert "Terrorism cases in the LIONS case-management database" in results(page)[0]
    assert page.locator(".rr-result mark", has_text="4:13-cr-00482").count() >= 1
    assert search(page, base_url, "4:17-cr-00100").startswith("0 results")
    assert results(page) == []


def test_search_filters_narrow_the_results(page, base_url):
    everything = search(page, base_url, "records")
    total = int(everything.split()[0])
    page.get_by_label("Kind").select_option("Court opinion")
    page.wait_for_url("**kind=Court+opinion**")
    playwright_api.expect(page.get_by_role("status")).not_to_have_text(everything)
    narrowed = int(page.get_by_role("status").inner_text().split()[0])
    assert 0 < narrowed < total
    kinds = [text.split("\n")[text.split("\n").index("Kind") + 1] for text in results(page)]
    assert set(kinds) == {"Court opinion"}


def test_search_page_shows_index_text_as_text(page, base_url):
    """An excerpt's highlights are rebuilt as <mark> elements; nothing else in a result is markup."""
    search(page, base_url, "waitlist")
    tags = page.locator(".rr-result__excerpt *").evaluate_all("nodes => nodes.map(node => node.tagName)")
    assert tags and set(tags) == {"MARK"}


def test_a_first_search_fetches_no_filter_files(page, base_url):
    """The filters' values are on the search page; Pagefind's filter files (which grow with the room)
    are fetched only once a visitor filters."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    search(page, base_url, "waitlist")
    assert any("/pagefind/fragment/" in url for url in fetched)
    assert not any("/pagefind/filter/" in url for url in fetched)
    options = page.get_by_label("Agency").locator("option").all_inner_texts()
    assert options == [
        "Any agency",
        "U.S. Department of Homeland Security",
        "U.S. Department of Justice",
    ]


def test_visitor_follows_a_request_to_a_redacted_document_page(page, base_url):
    page.goto(f"{base_url}requests/")
    page.get_by_role("link", name="Documents produced and filed as exhibits in the Al Otro Lado litigation").click()
    page.wait_for_url(f"{base_url}requests/al-otro-lado-discovery/")
    page.get_by_role("link", name="Al Otro Lado exhibits").first.click()
    page.wait_for_url(f"{base_url}releases/aol-exhibits-production/")
    page.get_by_role("link", name="Border Patrol Field Information Report on a migrant caravan").click()
    page.wait_for_url(f"{base_url}releases/aol-exhibits-production/documents/gov-ex-18/")
    viewer = page.locator("object.rr-pdf")
    assert viewer.get_attribute("type") == "application/pdf" and viewer.get_attribute("data") == "../gov-ex-18.pdf"
    assert page.request.get(f"{base_url}releases/aol-exhibits-production/documents/gov-ex-18.pdf").ok
    # A page's text is collapsed until asked for; a link to its anchor opens it.
    assert not page.locator("#page-13 .rr-page-text").is_visible()
    page.goto(f"{base_url}releases/aol-exhibits-production/documents/gov-ex-18/#page-13")
    playwright_api.expect(page.locator("#page-13 .rr-page-text")).to_contain_text(
        "[REDACTED law enforcement privilege]"
    )
    assert "AOL-DEF-00528703" in page.locator("#page-13 summary").inner_text()
    assert not page.locator("#page-12 .rr-page-text").is_visible()
    page.locator("#page-12 summary").click()
    playwright_api.expect(page.locator("#page-12 .rr-page-text")).to_contain_text("Stand-in page 12")


def test_search_finds_a_document_by_a_bates_number_of_one_of_its_pages(page, base_url):
    search(page, base_url, "AOL-DEF-00528703")
    found = page.locator(".rr-result").filter(has_text="Border Patrol Field Information Report")
    assert found.count() == 1
    assert "Document" in found.locator(".rr-result__meta").inner_text()
    assert "AOL-DEF-00528691" in found.locator(".rr-result__meta").inner_text()  # its Bates range


# A page of every kind the site generates.
PAGE_KINDS = {
    "home": "",
    "releases": "releases/",
    "releases of a year": "releases/2020/",
    "release with a preview": "releases/lions-terrorism-cases/",
    "explore": "releases/lions-terrorism-cases/explore/cases/",
    "release with documents": "releases/aol-exhibits-production/",
    "document": "releases/aol-exhibits-production/documents/gov-ex-18/",
    "sealed document": "releases/aol-exhibits-production/documents/gov-ex-1-13/",
    "Vaughn index": "releases/aol-exhibits-production/vaughn/",
    "opinions": "opinions/",
    "opinion": "opinions/brennan-center-v-doj/",
    "requests": "requests/",
    "request": "requests/aclu-nc-facial-recognition/",
    "bases": "bases/",
    "basis": "bases/b7c/",
    "search results": "search/?q=LIONS",
    "about": "about/",
}
# Each kind in Spanish too: the same page under es/.
PAGE_KINDS |= {f"{kind} (es)": f"es/{url}" for kind, url in PAGE_KINDS.items()}


def open_page_kind(page, base_url, kind):
    """Open a page of ``kind`` and wait for what its scripts add (search results, the explorer's rows)."""
    page.goto(base_url + PAGE_KINDS[kind])
    if kind.startswith("search results"):
        page.locator(".rr-result").first.wait_for()
    if kind.startswith("explore"):
        page.locator(".rr-explore-table tbody tr").first.wait_for()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_serious_accessibility_violation(browser, base_url, kind, width, scheme):
    """axe-core on each kind of page, at a laptop's and a phone's width, in the system's light and dark
    schemes (the site follows it): no serious or critical violation."""
    axe = axe_script()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        open_page_kind(page, base_url, kind)
        page.add_script_tag(content=axe)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`)"""
        )
    finally:
        context.close()
    assert violations == [], violations


def test_the_site_follows_the_system_scheme_and_a_toggle_switches_it(browser, base_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base_url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.get_by_title("Switch to light mode").click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    finally:
        context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_page_is_wider_than_a_phone(browser, base_url, kind):
    """At 390 px the page itself never scrolls sideways (wide tables scroll inside their own region)."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        open_page_kind(page, base_url, kind)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def in_view(page, region, cell) -> bool:
    """True when ``cell`` lies wholly inside the scrolling ``region`` and the window (both locators)."""
    outer, box = region.bounding_box(), cell.bounding_box()
    assert outer is not None and box is not None
    return outer["x"] - 1 <= box["x"] and box["x"] + box["width"] <= min(outer["x"] + outer["width"], 390) + 1


def test_on_a_phone_the_preview_brings_withheld_columns_into_view(phone, base_url):
    phone.goto(f"{base_url}releases/lions-terrorism-cases/")
    region = phone.locator(".rr-preview")
    toggle = phone.get_by_role("button", name="Withheld columns first")
    playwright_api.expect(toggle).to_have_attribute("aria-pressed", "true")  # docket_number is the 6th of 6
    header = region.locator("th").first
    assert header.inner_text() == "docket_number" and in_view(phone, region, header)
    assert in_view(phone, region, region.locator("td.rr-withheld").first)
    toggle.click()  # back to the file's order
    assert region.locator("th").first.inner_text() == "case_id"
    playwright_api.expect(toggle).to_have_attribute("aria-pressed", "false")


def test_a_wide_table_says_which_columns_are_in_view_and_scrolls_to_more(page, base_url):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base_url}releases/ciudad-juarez-waitlist/")
    region = page.locator(".rr-preview")
    controls = page.locator(".rr-table-controls:has(+ .rr-preview)")
    status = controls.locator("span").first
    playwright_api.expect(status).to_contain_text(re.compile("Columns 1\u2013\\d+ of 20 in view"))
    before = region.evaluate("r => r.scrollLeft")
    controls.get_by_role("button", name=re.compile("^More columns")).click()
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    assert region.evaluate("r => r.scrollLeft") > before
    playwright_api.expect(status).not_to_contain_text("Columns 1\u2013")


def test_the_preview_keeps_its_header_row_and_first_column_in_view(page, base_url):
    page.goto(f"{base_url}releases/ciudad-juarez-waitlist/")
    region = page.locator(".rr-preview")
    region.evaluate("r => { r.scrollTop = 400; r.scrollLeft = 600; }")
    top, left = region.bounding_box(), region.locator("th").first.bounding_box()
    assert top is not None and left is not None
    assert abs(left["y"] - top["y"]) <= 2 and abs(left["x"] - top["x"]) <= 2
    first_cell = region.locator("tbody tr").nth(8).locator("td").first.bounding_box()
    assert first_cell is not None and abs(first_cell["x"] - top["x"]) <= 2


def test_on_a_phone_the_data_dictionary_shows_every_attribute_of_each_column(phone, base_url):
    phone.goto(f"{base_url}releases/lions-terrorism-cases/")
    cards = phone.locator(".rr-cards").first
    assert cards.evaluate("r => r.scrollWidth <= r.clientWidth")  # nothing to scroll to
    card = cards.locator("tbody tr").filter(has_text="docket_number").first
    for label in ("Type", "Description", "Withheld", "Basis", "Condition", "Authority"):
        cell = card.locator("td").filter(has=phone.locator(".rr-card-label", has_text=label))
        playwright_api.expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    playwright_api.expect(card).to_contain_text("Basis: (b)(7)(C)")


def test_a_printed_release_page_has_whole_tables_and_no_chrome(page, base_url):
    page.goto(f"{base_url}releases/ciudad-juarez-waitlist/")
    page.emulate_media(media="print")
    region = page.locator(".rr-preview")
    assert region.evaluate("r => getComputedStyle(r).overflowX") == "visible"
    assert region.evaluate("r => getComputedStyle(r).maxHeight") == "none"
    playwright_api.expect(page.locator(".md-header")).to_be_hidden()
    playwright_api.expect(page.locator(".rr-table-controls").first).to_be_hidden()


LIONS_EXPLORE = "releases/lions-terrorism-cases/explore/cases/"


def explore_rows(page) -> list[dict[str, str]]:
    """The explore table's rows as shown: the row number and each column's text, by column name."""
    return page.evaluate(
        """() => {
            const names = [...document.querySelectorAll('.rr-explore-table thead tr:first-child th')]
                .map(th => th.innerText.trim());
            return [...document.querySelectorAll('.rr-explore-table tbody tr')].map(tr =>
                Object.fromEntries([...tr.children].map((cell, i) => [names[i], cell.innerText.trim()])));
        }"""
    )


def test_explore_filters_the_lions_cases_by_disposition_and_district_and_keeps_it_in_the_address(page, base_url):
    page.goto(f"{base_url}releases/lions-terrorism-cases/")
    page.get_by_role("link", name="Explore all 4,496 rows").click()
    status = page.get_by_role("status")
    playwright_api.expect(status).to_have_text("Rows 1\u201350 of 4,496.")
    page.get_by_label("Filter Disposition").select_option(label="acquitted")
    page.get_by_label("Filter District").select_option(label="S.D.N.Y.")
    playwright_api.expect(status).to_contain_text("matching (of 4,496)")
    rows = explore_rows(page)
    assert rows and all(r["disposition"] == "acquitted" and r["district"] == "S.D.N.Y." for r in rows)
    assert all(r["docket_number"] == "[REDACTED (b)(7)(C)]" for r in rows)  # acquittals: withheld
    assert "x.disposition=acquitted" in page.url and "x.district=S.D.N.Y." in page.url
    shown = status.inner_text()
    page.reload()  # the address alone brings the same view back
    playwright_api.expect(status).to_have_text(shown)
    playwright_api.expect(page.get_by_label("Filter District")).to_have_value("v:S.D.N.Y.")


def test_explore_sorts_by_a_column_both_ways(page, base_url):
    page.goto(f"{base_url}{LIONS_EXPLORE}")
    playwright_api.expect(page.get_by_role("status")).to_have_text("Rows 1\u201350 of 4,496.")
    sort = page.get_by_role("button", name="year_filed")
    sort.click()
    years = [int(r["year_filed"]) for r in explore_rows(page)]
    assert years == sorted(years) and "sort=year_filed" in page.url
    sort.click()
    playwright_api.expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    years = [int(r["year_filed"]) for r in explore_rows(page)]
    assert years == sorted(years, reverse=True) and "order=desc" in page.url


def test_explore_links_a_row(page, base_url):
    page.goto(f"{base_url}{LIONS_EXPLORE}#row-600")
    row = page.locator("#row-600")
    playwright_api.expect(row).to_have_class("rr-row-target")
    playwright_api.expect(row).to_be_in_viewport()
    assert row.locator("td").first.inner_text() == "SYN-00600"
    withheld = page.locator(".rr-explore-table td.rr-withheld a").first
    assert withheld.get_attribute("href", timeout=1000).endswith("/bases/b7c/")  # why, one click away
    assert row.get_by_role("link").get_attribute("href") == "#row-600"


def big_room(root: Path, rows: int, columns: int) -> Path:
    """The fixture room with one dataset of ``rows`` rows and ``columns`` columns (the first withheld for
    the acquitted rows)."""
    shutil.copytree(FIXTURES / "minimal", root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    room = Room(root)
    room.write("content/about.md", "# About\n")
    extra = [f"c{i:02d}" for i in range(columns - 3)]
    fields = "".join(f"        - {{name: {name}, type: string, title: {name}, description: X.}}\n" for name in extra)
    room.edit("releases/test-release/release.yml", "    withholding:\n", fields + "    withholding:\n")
    with (room.release / "people.csv").open("w", encoding="utf-8") as out:
        out.write(",".join(["person_id", "full_name", "outcome", *extra]) + "\n")
        for n in range(1, rows + 1):
            acquitted = n % 7 == 0
            name = "[REDACTED (b)(6)]" if acquitted else f"Person {n}"
            cells = [f"v{(n * (i + 3)) % 97}" for i in range(len(extra))]
            out.write(",".join([str(n), name, "acquitted" if acquitted else "convicted", *cells]) + "\n")
    return root


@contextlib.contextmanager
def explored(browser, tmp_path, rows: int, columns: int) -> Iterator[tuple[str, object]]:
    """A built room of one generated dataset, served: its base URL and a page. No script error may happen."""
    root = big_room(tmp_path / "room", rows, columns)
    site = tmp_path / "site"
    assert mkdocs_build(root, site).returncode == 0
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with served(site) as url:
            yield url, page
    finally:
        context.close()
    assert errors == []


def test_explore_works_on_a_100000_row_dataset(browser, tmp_path):
    with explored(browser, tmp_path, 100_000, 20) as (url, page):
        assert len(list((tmp_path / "site/releases/test-release/explore/people").glob("part-*.json"))) == 20
        started = time.monotonic()
        page.goto(f"{url}releases/test-release/explore/people/")
        page.locator(".rr-explore-table tbody tr").first.wait_for()
        first_rows = time.monotonic() - started  # reported, never asserted: it depends on the machine
        status = page.get_by_role("status")
        playwright_api.expect(status).to_have_text("Rows 1\u201350 of 100,000.")
        page.get_by_label("Filter Outcome").select_option(label="acquitted")
        playwright_api.expect(status).to_have_text("Rows 1\u201350 of 14,285 matching (of 100,000).")
        page.get_by_label("Search every column").fill("Person 99999")
        playwright_api.expect(status).to_have_text("No row of 100,000 matches.")  # row 99,999 is not acquitted
        page.goto(f"{url}releases/test-release/explore/people/#row-99998")
        playwright_api.expect(page.locator("#row-99998")).to_be_in_viewport()
        print(f"first rows of 100,000 x 20 after {first_rows:.2f} s")


@pytest.mark.parametrize(("scheme", "text"), [("light", "rgb(255, 255, 255)"), ("dark", "rgb(0, 0, 0)")])
@pytest.mark.parametrize("url", ["releases/lions-terrorism-cases/", f"{LIONS_EXPLORE}?x.disposition=acquitted"])
def test_a_withheld_cell_shows_its_striped_band_in_either_scheme(browser, base_url, url, scheme, text):
    """The band is what tells a withheld cell from a released one without colour alone: no later rule may
    paint over it (its light marker text would then vanish on a white cell)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base_url + url)
        cell = page.locator("td.rr-withheld").first
        cell.wait_for()
        style = cell.evaluate("c => { const s = getComputedStyle(c); return [s.backgroundImage, s.color]; }")
        link = cell.locator("a").evaluate("a => getComputedStyle(a).color")
    finally:
        context.close()
    assert style[0].startswith("repeating-linear-gradient") and (style[1], link) == (text, text)


def test_explore_keeps_a_page_from_the_address_that_is_not_loaded_yet(browser, tmp_path):
    with explored(browser, tmp_path, 12_000, 4) as (url, page):
        page.goto(f"{url}releases/test-release/explore/people/?size=250&page=40")
        playwright_api.expect(page.get_by_role("status")).to_have_text("Rows 9,751\u201310,000 of 12,000.")
        assert "page=40" in page.url and page.locator("#row-9751").count() == 1
        page.get_by_role("button", name="Next \u203a").focus()
        for _ in range(8):
            page.keyboard.press("Enter")
        playwright_api.expect(page.get_by_text("Page 48 of 48")).to_be_visible()
        # The Next button is disabled on the last page: the focus moved to Previous, not to the page.
        assert page.evaluate("document.activeElement.textContent") == "\u2039 Previous"


def test_explore_of_an_empty_dataset_sorts_and_says_nothing_matches(browser, tmp_path):
    with explored(browser, tmp_path, 0, 3) as (url, page):
        page.goto(f"{url}releases/test-release/explore/people/?sort=person_id")
        playwright_api.expect(page.get_by_role("status")).to_have_text("No row of 0 matches.")
        page.get_by_role("button", name="person_id").click()
        playwright_api.expect(page.locator("th[aria-sort]")).to_have_count(1)


def test_on_a_phone_a_release_page_says_what_is_on_it_and_jumps_to_a_download(phone, base_url):
    phone.goto(f"{base_url}releases/lions-terrorism-cases/")
    contents = phone.locator("details.rr-on-this-page")
    contents.locator("summary").click()
    contents.get_by_role("link", name="downloads").click()
    playwright_api.expect(phone.get_by_role("link", name="Download cases.csv")).to_be_in_viewport()


def test_on_a_laptop_the_theme_s_table_of_contents_is_enough(page, base_url):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base_url}releases/lions-terrorism-cases/")
    playwright_api.expect(page.locator("details.rr-on-this-page")).to_be_hidden()


def test_a_downloaded_csv_has_the_sha256_its_page_gives(page, base_url):
    page.goto(f"{base_url}releases/ciudad-juarez-waitlist/")
    link = page.get_by_role("link", name="Download waitlist.csv")
    given = link.locator("xpath=..").locator("code").inner_text()
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == given and len(given) == 64


def test_the_keyboard_reaches_the_explorer_s_controls_with_a_visible_focus(page, base_url):
    page.goto(f"{base_url}{LIONS_EXPLORE}")
    search = page.get_by_label("Search every column")
    search.wait_for()
    for _ in range(60):  # from the top of the page, past the header, navigation and text
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rr-explore-search')"):
            break
    else:
        pytest.fail("Tab never reached the explorer's search box")
    assert search.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Tab")  # the next control: Clear filters
    assert page.evaluate("document.activeElement.textContent") == "Clear filters"


def test_every_page_switches_to_the_same_page_in_the_other_language(page, base_url):
    page.goto(f"{base_url}releases/lions-terrorism-cases/")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(f"{base_url}es/releases/lions-terrorism-cases/", wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "es"
    playwright_api.expect(page.get_by_role("heading", name="Diccionario de datos").first).to_be_visible()
    playwright_api.expect(page.locator("td.rr-withheld").first).to_have_text("[REDACTED (b)(7)(C)]")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{base_url}releases/lions-terrorism-cases/", wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_the_spanish_search_finds_and_filters_in_spanish(page, base_url):
    page.goto(f"{base_url}es/search/?q=LIONS")
    playwright_api.expect(page.locator(".rr-search-status")).to_contain_text("resultados para «LIONS»")
    page.get_by_label("Tipo").select_option("Decisión judicial")
    playwright_api.expect(page.locator(".rr-result")).to_have_count(1)
    assert "/es/opinions/brennan-center-v-doj/" in page.locator(".rr-result a").first.get_attribute("href")


def test_the_spanish_explore_page_loads_the_shared_data(page, base_url):
    page.goto(f"{base_url}es/{LIONS_EXPLORE}?x.disposition=acquitted")
    playwright_api.expect(page.get_by_role("status")).to_contain_text("que coinciden (de 4496)")
