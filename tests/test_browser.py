"""What a visitor does, in headless Chromium (Debian's) driven by Playwright, against the built site."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium
from conftest import REPO
from sitebuild import mkdocs_build

playwright_api = require_chromium()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser-site")
    assert mkdocs_build(REPO, site).returncode == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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
    assert page.url == f"{base_url}releases/lions-terrorism-cases/"
    assert page.get_by_text("The records in this release are synthetic sample data").is_visible()
    withheld = page.locator("td.rr-withheld")
    assert withheld.count() > 0
    assert withheld.first.inner_text() == "[REDACTED (b)(7)(C)]"
    href = page.get_by_role("link", name="Download cases.csv").get_attribute("href")
    response = page.request.get(f"{base_url}releases/lions-terrorism-cases/{href}")
    assert response.ok
    assert response.text().count("\n") == 4497


def test_visitor_follows_authority_to_the_opinion(page, base_url):
    page.goto(f"{base_url}releases/lions-terrorism-cases/")
    case = "Brennan Center for Justice v. U.S. Department of Justice"
    page.locator(".rr-meta").get_by_role("link", name=case).click()
    assert page.url == f"{base_url}opinions/brennan-center-v-doj/"
    page.get_by_role("heading", name="Withholding decided by this opinion").wait_for()


def test_pages_request_nothing_from_other_hosts(page, base_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("", "releases/lions-terrorism-cases/", "opinions/al-otro-lado-v-wolf-2020/"):
        page.goto(f"{base_url}{url}")
    assert requested and [url for url in requested if not url.startswith(base_url)] == []


def test_visitor_searches_the_reading_room(page, base_url):
    page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type("waitlist")  # Material searches on key events, which fill() does not send
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    assert "waitlist" in page.locator(".md-search-result").inner_text().lower()
