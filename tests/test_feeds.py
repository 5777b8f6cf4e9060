"""Atom feeds: what a feed reader reads back (feedparser), and the gate's rule for a published feed.xml."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

import feedgen.version
import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.gate.feeds import feed_problems, is_feed
from generator.render.feeds import REPLACEMENT, Feed, FeedEntry, atom_bytes, xml_text

HOSTILE = "<img src=x onerror=alert(1)>"
ENTRIES = (
    FeedEntry(
        id="tag:foia.example,2024:releases/lions",
        title="LIONS case data & <notes>",
        url="/releases/lions/",
        updated=datetime.date(2003, 5, 6),
        summary=HOSTILE,
        author="Executive Office for U.S. Attorneys",
        categories=("Justice", "datasets"),
    ),
    FeedEntry(
        id="https://foia.example/releases/older/",
        title="An older release",
        url="https://foia.example/releases/older/",
        updated=datetime.date(2001, 2, 3),
        summary="Plain text: a < b and c > d, 'quoted' & \"double\".",
        author="",
    ),
    FeedEntry(
        id="tag:foia.example,2024:releases/newest",
        title="The newest release",
        url="../newest/",
        updated=datetime.date(2004, 1, 1),
        summary="",
        author="FBI",
    ),
)


def make_feed(entries: tuple[FeedEntry, ...] = ENTRIES, **changes: object) -> Feed:
    fields: dict[str, object] = {
        "id": "tag:foia.example,2024:releases",
        "title": "Releases",
        "url": "/releases/",
        "self_url": "/releases/feed.xml",
        "updated": None,
        "entries": entries,
        "subtitle": "New releases of the reading room",
    }
    return Feed(**{**fields, **changes})  # type: ignore[arg-type]


def entry(**changes: object) -> FeedEntry:
    fields: dict[str, object] = {
        "id": "tag:foia.example,2024:x",
        "title": "T",
        "url": "/x/",
        "updated": datetime.date(2001, 1, 1),
        "summary": "S",
        "author": "A",
    }
    return FeedEntry(**{**fields, **changes})  # type: ignore[arg-type]


def read(feed: Feed) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(atom_bytes(feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


# What a feed reader reads.


def test_a_feed_reader_reads_every_entry_title_link_and_summary_exactly():
    parsed = read(make_feed())
    assert parsed.feed.title == "Releases"
    assert parsed.feed.subtitle == "New releases of the reading room"
    assert parsed.feed.id == "tag:foia.example,2024:releases"
    assert {(link.rel, link.href) for link in parsed.feed.links} == {
        ("alternate", "/releases/"),
        ("self", "/releases/feed.xml"),
    }
    by_id = {item.id: item for item in parsed.entries}
    assert set(by_id) == {e.id for e in ENTRIES}
    for expected in ENTRIES:
        got = by_id[expected.id]
        assert got.title == expected.title
        assert got.title_detail.type == "text/plain"
        assert got.link == expected.url
        assert got.get("summary", None) == expected.summary
        assert got.summary_detail.type == "text/plain"
        assert got.get("author") == (expected.author or None)
        assert [tag.term for tag in got.get("tags", [])] == list(expected.categories)
        assert got.updated_parsed[:3] == expected.updated.timetuple()[:3]


def test_a_hostile_summary_is_read_back_as_its_literal_text():
    data = atom_bytes(make_feed())
    summary = next(item for item in read(make_feed()).entries if item.id == ENTRIES[0].id).summary_detail
    assert summary.value == HOSTILE
    assert summary.type == "text/plain"
    assert b"<img" not in data and b"&lt;img src=x onerror=alert(1)&gt;" in data
    assert b'type="html"' not in data and b"<content" not in data


def test_entries_are_newest_first_and_ties_go_by_id():
    same_day = datetime.date(2001, 1, 1)
    tied = (entry(id="tag:e,2024:b", updated=same_day), entry(id="tag:e,2024:a", updated=same_day))
    parsed = read(make_feed(ENTRIES + tied))
    assert [item.id for item in parsed.entries] == [
        "tag:foia.example,2024:releases/newest",
        "tag:foia.example,2024:releases/lions",
        "https://foia.example/releases/older/",
        "tag:e,2024:a",
        "tag:e,2024:b",
    ]


def test_the_bytes_are_the_same_every_time_and_in_any_input_order():
    first = atom_bytes(make_feed())
    assert first == atom_bytes(make_feed())
    assert first == atom_bytes(make_feed(tuple(reversed(ENTRIES))))


def test_no_clock_and_no_generator_in_the_feed():
    data = atom_bytes(make_feed())
    today = datetime.datetime.now(datetime.UTC).date()
    assert today.isoformat().encode() not in data and str(today.year).encode() not in data
    # The feed's updated is the newest entry's (2004-01-01), not the build's.
    assert read(make_feed()).feed.updated.startswith("2004-01-01T00:00:00")
    assert b"generator" not in data and feedgen.version.version_str.encode() not in data
    assert b"feedgen" not in data


def test_an_empty_feed_is_dated_by_its_given_date_or_the_epoch():
    given_date = read(make_feed((), updated=datetime.date(2002, 7, 8)))
    assert given_date.entries == [] and given_date.feed.updated.startswith("2002-07-08T00:00:00")
    assert read(make_feed((), updated=None)).feed.updated.startswith("1970-01-01T00:00:00")
    # With entries, the newest entry's date wins over the given one.
    assert read(make_feed(updated=datetime.date(2020, 1, 1))).feed.updated.startswith("2004-01-01")


def test_characters_xml_cannot_hold_are_replaced_not_a_crash():
    forbidden = "a\x00b\x08c\x1fd\ud800e\udfffg\ufffeh\uffffi\x7fj\x80k\x9fl"
    parsed = read(make_feed((entry(title=forbidden, summary=forbidden, author=forbidden, categories=(forbidden,)),)))
    expected = "a" + REPLACEMENT + "b" + REPLACEMENT + "c" + REPLACEMENT + "d" + REPLACEMENT + "e"
    expected += REPLACEMENT + "g" + REPLACEMENT + "h" + REPLACEMENT + "i"
    # DEL and the C1 controls XML discourages too (feedparser reads U+0080 as the euro sign).
    expected += REPLACEMENT + "j" + REPLACEMENT + "k" + REPLACEMENT + "l"
    item = parsed.entries[0]
    assert (item.title, item.summary, item.author, item.tags[0].term) == (expected,) * 4
    # Tab, line feed and carriage return are XML characters and kept (a carriage return as &#13;).
    assert xml_text("a\tb\nc\rd") == "a\tb\nc\rd"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript\n:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https://",
        "",
        "/a b/",
        'x"onmouseover="alert(1)',
    ],
)
@pytest.mark.parametrize("where", ["url", "self_url", "entry"])
def test_atom_bytes_refuses_a_url_that_is_not_web_or_relative(url, where):
    feed = make_feed((entry(url=url),)) if where == "entry" else make_feed(**{where: url})
    with pytest.raises(ValueError, match="http"):
        atom_bytes(feed)


@pytest.mark.parametrize(
    "url", ["https://foia.example/x/?a=1&b=2#c", "HTTP://foia.example", "/x/", "x/y", "../x", "?q"]
)
def test_web_and_relative_urls_are_written_as_given(url):
    assert read(make_feed((entry(url=url),))).entries[0].link == url


@pytest.mark.parametrize(
    "change",
    [{"id": "javascript:alert(1)"}, {"id": "urn:x"}, {"title": ""}],
)
def test_atom_bytes_refuses_an_id_not_tag_or_web_and_an_empty_title(change):
    with pytest.raises(ValueError):
        atom_bytes(make_feed((entry(**change),)))
    with pytest.raises(ValueError):
        atom_bytes(make_feed(**change))


def test_a_language_must_be_a_language_tag():
    assert read(make_feed(language="es-MX")).feed.language == "es-MX"
    with pytest.raises(ValueError, match="language"):
        atom_bytes(make_feed(language='en" onload="x'))


TEXT = st.text()


def as_feedparser_reads(text: str) -> str:
    """What feedparser makes of text: stripped, and "repaired" if it reads as UTF-8 taken for Latin-1.

    (feedparser's mixin.pop: text all of whose characters are Latin-1 and whose Latin-1 bytes are valid
    UTF-8, such as "cafÃ©", is decoded again, to "café". The feed holds the text as written, as the
    XML parser of the same test shows.)
    """
    text = text.strip()
    try:
        return text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


@settings(deadline=None, max_examples=300)
@given(
    title=st.text(min_size=1),
    summary=TEXT,
    author=TEXT,
    categories=st.lists(TEXT, max_size=3),
    feed_title=st.text(min_size=1),
)
def test_any_text_makes_a_feed_the_gate_passes_and_a_reader_reads_back(title, summary, author, categories, feed_title):
    feed = make_feed(
        (entry(title=title, summary=summary, author=author, categories=tuple(categories)),), title=feed_title
    )
    data = atom_bytes(feed)
    assert feed_problems(data.decode("utf-8")) == []
    # An XML parser reads the text exactly, but for the documented replacement.
    root = ElementTree.fromstring(data)  # noqa: S314 - the writer's own bytes, which the gate just passed
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{atom}title") == xml_text(feed_title)
    assert root.findtext(f"{atom}entry/{atom}title") == xml_text(title)
    assert root.findtext(f"{atom}entry/{atom}summary") == xml_text(summary)
    assert root.findtext(f"{atom}entry/{atom}author/{atom}name") == (xml_text(author) if author else None)
    terms = list(dict.fromkeys(xml_text(c) for c in categories if c))  # each once, none empty
    assert [c.get("term") for c in root.iter(f"{atom}category")] == terms
    # And a feed reader reads it back (feedparser, with its own whitespace stripping and repairs).
    parsed = read(feed)
    item = parsed.entries[0]
    assert parsed.feed.title == as_feedparser_reads(xml_text(feed_title))
    assert item.title == as_feedparser_reads(xml_text(title))
    assert item.get("summary", "") == as_feedparser_reads(xml_text(summary))
    assert item.summary_detail.type == "text/plain"
    assert item.get("author", "") == xml_text(author).strip()  # feedparser "repairs" no name
    assert [tag.term for tag in item.get("tags", [])] == terms


# The gate's rule for feed.xml.


GOOD = atom_bytes(make_feed()).decode("utf-8")
ENTRY_SUMMARY = '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>'


def test_the_feed_writers_own_feed_passes():
    assert ENTRY_SUMMARY in GOOD
    assert feed_problems(GOOD) == []
    assert feed_problems(atom_bytes(make_feed((), subtitle="")).decode()) == []


@pytest.mark.parametrize(
    "name",
    [
        "feed.xml",
        "agencies/x/feed.xml",
        "requests/y/feed.xml",
        "feed.xml.gz (decompressed)",
        "a/feed.xml.gz (decompressed)",
    ],
)
def test_feed_files_anywhere_are_feeds(name):
    assert is_feed(name)


@pytest.mark.parametrize("name", ["myfeed.xml", "feed.xml.gz", "feed.xml/index.html", "sitemap.xml", "feed.html"])
def test_other_files_are_not_feeds(name):
    assert not is_feed(name)


def with_summary(summary: str) -> str:
    assert ENTRY_SUMMARY in GOOD
    return GOOD.replace(ENTRY_SUMMARY, summary, 1)


def at_root(markup: str) -> str:
    head = '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
    assert head in GOOD
    return GOOD.replace(head, head + markup, 1)


@pytest.mark.parametrize(
    ("hostile", "problem"),
    [
        pytest.param(
            GOOD.replace("<feed", '<!DOCTYPE feed [<!ENTITY x "maria">]><feed', 1).replace(
                "<title>Releases", "<title>&x;Releases", 1
            ),
            "a document type declaration, comment or CDATA section is not allowed",
            id="doctype-entity",
        ),
        pytest.param(
            GOOD.replace("<feed", '<?xml-stylesheet type="text/xsl" href="maria.xsl"?><feed', 1),
            "a processing instruction other than the XML declaration is not allowed",
            id="xml-stylesheet",
        ),
        pytest.param(
            with_summary('<content type="html">&lt;script&gt;alert(1)&lt;/script&gt;</content>'),
            "element <content> is not allowed",
            id="content-html",
        ),
        pytest.param(
            with_summary('<summary type="html">&lt;img src=x onerror=alert(1)&gt;</summary>'),
            "attribute 'type' on <summary> is not an allowed value",
            id="summary-html",
        ),
        pytest.param(
            with_summary('<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></summary>'),
            "attribute 'type' on <summary> is not an allowed value",
            id="summary-xhtml",
        ),
        pytest.param(
            with_summary(
                '<summary type="text"><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></summary>'
            ),
            "element <script> outside the Atom namespace is not allowed",
            id="xhtml-script",
        ),
        pytest.param(
            GOOD.replace('href="/releases/lions/"', 'href="javascript:alert(1)"', 1),
            "attribute 'href' on <link> is not an http(s) URL or a relative path",
            id="javascript",
        ),
        pytest.param(
            GOOD.replace('href="/releases/lions/"', 'href="  JavaScript:alert(1)"', 1),
            "attribute 'href' on <link> is not an http(s) URL or a relative path",
            id="javascript-case-space",
        ),
        pytest.param(
            GOOD.replace('href="/releases/lions/"', 'href="java&#9;script:alert(1)"', 1),
            "attribute 'href' on <link> is not an http(s) URL or a relative path",
            id="javascript-tab",
        ),
        pytest.param(
            GOOD.replace('href="/releases/lions/"', 'href="//evil.example/"', 1),
            "attribute 'href' on <link> is not an http(s) URL or a relative path",
            id="protocol-relative",
        ),
        pytest.param(
            GOOD.replace('href="/releases/lions/"', 'href="data:text/html,&lt;script&gt;"', 1),
            "attribute 'href' on <link> is not an http(s) URL or a relative path",
            id="data",
        ),
        pytest.param(
            GOOD.replace("<entry>", '<entry onload="alert(1)">', 1),
            "attribute 'onload' on <entry> is not allowed",
            id="onload",
        ),
        pytest.param(GOOD + "<feed/>", "not well-formed XML (line 3, column 0)", id="second-root"),
        pytest.param(
            with_summary('<summary type="text"><![CDATA[<img src=x onerror=alert(1)>]]></summary>'),
            "a document type declaration, comment or CDATA section is not allowed",
            id="cdata",
        ),
        pytest.param(
            at_root("<!-- maria -->"),
            "a document type declaration, comment or CDATA section is not allowed",
            id="comment",
        ),
        pytest.param(
            at_root('<x:maria xmlns:x="https://evil.example/ns">x</x:maria>'),
            "a namespace declaration other than Atom's as the default is not allowed",
            id="foreign-namespace",
        ),
    ],
)
def test_a_hostile_feed_fails_the_gate(hostile, problem):
    problems = feed_problems(hostile)
    assert problem in problems, problems
    # Problems name the kind of thing, never a value the file holds.
    assert not any(word in " ".join(problems) for word in ("maria", "alert", "evil", "javascript", "JavaScript"))


def test_a_foreign_element_is_refused_even_without_its_own_declaration():
    hostile = GOOD.replace(
        '<feed xmlns="http://www.w3.org/2005/Atom"',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:h="http://www.w3.org/1999/xhtml"',
        1,
    ).replace(ENTRY_SUMMARY, '<h:iframe src="https://evil.example/"/>', 1)
    problems = feed_problems(hostile)
    assert "element <iframe> outside the Atom namespace is not allowed" in problems
    assert "a namespace declaration other than Atom's as the default is not allowed" in problems


@pytest.mark.parametrize(
    ("hostile", "problem"),
    [
        (GOOD.replace(' xmlns="http://www.w3.org/2005/Atom"', "", 1), "element <feed> outside the Atom namespace"),
        (GOOD.replace("<entry>", "<entry>stray text", 1), "text directly in <entry>"),
        (GOOD.replace("</title>", "</title>stray", 1), "text directly in <feed>"),
        (GOOD.replace('<category term="Justice"/>', "<category>x</category>", 1), "<category> without its 'term'"),
        (GOOD.replace('rel="self"', 'rel="enclosure"', 1), "attribute 'rel' on <link> is not an allowed value"),
        (GOOD.replace('xml:lang="en"', 'xml:base="https://evil.example/"', 1), "attribute 'xml:base' on <feed>"),
        (GOOD.replace("<id>tag:foia.example,2024:releases</id>", "<id>javascript:x</id>", 1), "an <id> that is not"),
        (GOOD.replace("2004-01-01T00:00:00+00:00", "today", 1), "an <updated> that is not"),
        (
            GOOD.replace("<entry>", "<entry><entry>", 1).replace("</entry>", "</entry></entry>", 1),
            "<entry> is not allowed here",
        ),
        ('<?xml version="1.0"?><entry xmlns="http://www.w3.org/2005/Atom"/>', "element <entry> is not allowed here"),
        ("", "0 root elements instead of one <feed>"),
        (GOOD.replace("<title>Releases", "<title>&nbsp;Releases", 1), "not well-formed XML"),
    ],
)
def test_anything_else_beyond_what_the_writer_writes_fails(hostile, problem):
    problems = feed_problems(hostile)
    assert any(found.startswith(problem) or problem in found for found in problems), problems


def test_an_unknown_name_is_described_not_printed():
    problems = feed_problems(at_root("<maria-lopez/>"))
    assert problems and "maria" not in " ".join(problems)


@settings(deadline=None)
@given(st.text())
def test_any_text_gets_problems_not_a_crash(text):
    # No text hypothesis makes is a whole Atom feed, so each has at least one problem.
    assert feed_problems(text) != []
