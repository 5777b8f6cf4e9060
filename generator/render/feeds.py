"""Atom 1.0 feeds (RFC 4287): what a feed reader shows of new releases, as plain text and links.

Written with feedgen (which serialises through lxml), with what it would add of its own taken out:
no ``<generator>`` (its name and version) and no clock (every ``updated`` is set from the content's
dates, so the bytes are the same from build to build). What a feed holds, and nothing else:

- ``<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="...">`` with ``<id>``, ``<title>``,
  ``<updated>``, ``<link rel="alternate" type="text/html" hreflang="..." href="...">`` (the page the
  feed describes), ``<link rel="self" type="application/atom+xml" href="...">``, ``<subtitle>`` if
  given, then the entries, newest first (by date, then id);
- each ``<entry>``: ``<id>``, ``<title>``, ``<updated>``, ``<author><name>`` if there is an author,
  ``<link href="...">`` (no ``rel``: Atom's default is ``alternate``; feedgen drops an entry link's
  ``rel`` and ``type``), ``<summary type="text">`` and a ``<category term="...">`` per category
  (each once; none for an empty one).

Titles and summaries are text: no ``type="html"``, no ``<content>``, so no feed reader renders
content as markup (``<img onerror=...>`` in a summary is shown as those characters). Characters
XML 1.0 cannot hold (control characters other than tab, line feed and carriage return, lone
surrogates, U+FFFE and U+FFFF), and the controls it discourages (DEL, U+0080 to U+009F), are each
replaced by U+FFFD REPLACEMENT CHARACTER. Dates are whole
days, written as midnight UTC. A URL is written as given, and must be an http(s) URL or a relative
reference (no scheme and not ``//host``): anything else (``javascript:``, ``data:``, ``//host``,
whitespace or control characters anywhere) raises ValueError; so does an id that is not a ``tag:``
URI or an http(s) URL, an empty title (feedgen refuses one) and a language that is not a language tag.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from generator import urls
from generator.output import OutputFile
from generator.releases import Release
from generator.requests import Request
from generator.room import ReadingRoom

# Characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets) but for the controls it asks authors to
# avoid (DEL and U+0080 to U+009F, which feed readers read as Windows-1252: U+0080 comes back as the euro
# sign); every other one is replaced.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"
# What no URL or id here may hold: whitespace and control characters (a browser drops some of them
# inside a scheme, so "java\tscript:" is javascript:), quotes, angle brackets and backslashes (which
# a browser reads as "/" in a web URL, so "/\host" is "//host").
_URL_CHARACTER = r"[^\s\x00-\x1f\x7f-\x9f<>\"'\\]"
_WEB_URL = re.compile(rf"https?://{_URL_CHARACTER}+", re.IGNORECASE)
_RELATIVE_URL = re.compile(rf"(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!//){_URL_CHARACTER}+")
_IDENTIFIER = re.compile(rf"(?:tag:|https?://){_URL_CHARACTER}+", re.IGNORECASE)
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
EPOCH = datetime.date(1970, 1, 1)
ATOM_TYPE = "application/atom+xml"
PAGE_TYPE = "text/html"


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a tag: URI or an absolute http(s) URL, permanent for the entry
    title: str
    url: str  # http(s) or site-relative
    updated: datetime.date
    summary: str  # plain text
    author: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    url: str  # the page the feed describes
    self_url: str  # the feed's own URL
    updated: datetime.date | None  # used when there are no entries (else the newest entry's date)
    entries: tuple[FeedEntry, ...]
    language: str = "en"
    subtitle: str = ""  # plain text; no <subtitle> when empty


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold, and every control it discourages, replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def checked_url(url: str) -> str:
    """``url`` if it is an http(s) URL or a relative reference (no scheme, not ``//host``); else ValueError."""
    if _WEB_URL.fullmatch(url) or _RELATIVE_URL.fullmatch(url):
        return url
    raise ValueError("a feed URL must be an http(s) URL or a relative path")


def _identifier(value: str) -> str:
    if not _IDENTIFIER.fullmatch(value):
        raise ValueError("a feed or entry id must be a tag: URI or an http(s) URL")
    return value


def _title(value: str) -> str:
    if not value:
        raise ValueError("a feed or entry title must not be empty")
    return xml_text(value)


def _moment(day: datetime.date) -> datetime.datetime:
    """A day as midnight UTC (the time of a datetime is dropped, so the day alone decides)."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def newest_first(entries: tuple[FeedEntry, ...]) -> list[FeedEntry]:
    return sorted(entries, key=lambda entry: (-entry.updated.toordinal(), entry.id))


def atom_bytes(feed: Feed) -> bytes:
    """The feed as UTF-8 Atom 1.0, byte-identical for the same feed."""
    if not _LANGUAGE.fullmatch(feed.language):
        raise ValueError("a feed's language must be a language tag such as 'en' or 'es'")
    entries = newest_first(feed.entries)
    updated = entries[0].updated if entries else feed.updated or EPOCH
    generator = FeedGenerator()
    generator.generator("")  # feedgen's own <generator> (with its version) is written only when non-empty
    generator.id(_identifier(feed.id))
    generator.title(_title(feed.title))
    generator.updated(_moment(updated))  # replaces feedgen's default, the time of the call
    generator.link(href=checked_url(feed.url), rel="alternate", type=PAGE_TYPE, hreflang=feed.language)
    generator.link(href=checked_url(feed.self_url), rel="self", type=ATOM_TYPE)
    generator.language(feed.language)
    if feed.subtitle:
        generator.subtitle(xml_text(feed.subtitle))
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(_identifier(entry.id))
        item.title(_title(entry.title))
        item.updated(_moment(entry.updated))  # replaces feedgen's default, the time of the call
        item.link(href=checked_url(entry.url), rel="alternate", type=PAGE_TYPE)
        item.summary(xml_text(entry.summary), type="text")
        if entry.author:
            item.author(name=xml_text(entry.author))
        for category in dict.fromkeys(xml_text(term) for term in entry.categories if term):
            item.category(term=category)
    data = generator.atom_str(pretty=False, encoding="UTF-8", xml_declaration=True)
    if not isinstance(data, bytes):  # pragma: no cover - lxml returns bytes for an encoding
        raise TypeError("feedgen returned no bytes")
    return data + b"\n"


# A feed lists the newest releases only: readers poll it, and it must not grow with the room.
FEED_ENTRIES = 100
# Ids are the pages' permanent addresses; without a site address, tag URIs under a reserved name.
TAG_AUTHORITY = "tag:reading-room.invalid,1970:"


def agency_slug(agency: str, taken: set[str]) -> str:
    """An agency's feed folder: its name in lower-case ASCII words, or a digest of it when that is empty or
    already another agency's."""
    slug = re.sub(r"[^a-z0-9]+", "-", agency.lower()).strip("-")[:60].strip("-")
    if not slug or slug in taken:
        slug = f"agency-{hashlib.sha256(agency.encode('utf-8')).hexdigest()[:12]}"
    taken.add(slug)
    return slug


def agency_slugs(room: ReadingRoom) -> dict[str, str]:
    """Each agency with a published release -> its feed folder, in order of name (so slugs never change
    with the order releases are read in)."""
    taken: set[str] = set()
    return {agency: agency_slug(agency, taken) for agency in sorted({r.spec.agency for r in room.published})}


def room_feeds(room: ReadingRoom, labels_of: Callable[[Release], list[str]]) -> list[OutputFile]:
    """The room's feed, one per agency and one per request (``labels_of``: the labels of a release's bases)."""
    name = room.config.site_name
    releases = list(room.published)  # newest first
    feeds = [_feed(room, urls.FEED, urls.RELEASES, f"{name}: releases", releases, labels_of)]
    for agency, slug in agency_slugs(room).items():
        chosen = [r for r in releases if r.spec.agency == agency]
        title = f"{name}: releases from {agency}"
        feeds.append(_feed(room, urls.agency_feed(slug), urls.RELEASES, title, chosen, labels_of))
    for request in room.requests:
        path = urls.request_feed(request.id)
        under = room.releases_under(request)
        feed = _feed(room, path, urls.request(request.id), f"{name}: {request.spec.title}", under, labels_of)
        events = tuple(_event(room, path, request, number) for number in range(len(request.spec.timeline)))
        placed = replace(feed.feed, entries=feed.feed.entries + events, updated=request.as_of)
        feeds.append(_Placed(path, placed))
    return [OutputFile(feed.path, atom_bytes(feed.feed)) for feed in feeds]


@dataclass(frozen=True)
class _Placed:
    path: str  # the feed's site path
    feed: Feed


def _id(room: ReadingRoom, url: str) -> str:
    return urls.permanent(room.config.site_url, url) if room.config.site_url else f"{TAG_AUTHORITY}{url}"


def _address(room: ReadingRoom, feed_path: str, url: str) -> str:
    """A link in a feed: the permanent address, or (no site address) relative to the feed's own place."""
    return urls.permanent(room.config.site_url, url) if room.config.site_url else urls.relative(feed_path, url)


def _feed(
    room: ReadingRoom,
    path: str,
    page: str,
    title: str,
    releases: list[Release],
    labels_of: Callable[[Release], list[str]],
) -> _Placed:
    entries = tuple(
        FeedEntry(
            id=_id(room, urls.release(release.id)),
            title=release.spec.title,
            url=_address(room, path, urls.release(release.id)),
            updated=release.spec.release_date,
            summary=release.summary.abstract or release.spec.title,
            author=release.spec.agency,
            categories=tuple(labels_of(release)),
        )
        for release in releases[:FEED_ENTRIES]
    )
    newest = max((release.spec.release_date for release in releases), default=None)
    return _Placed(
        path, Feed(_id(room, path), title, _address(room, path, page), _address(room, path, path), newest, entries)
    )


def _event(room: ReadingRoom, path: str, request: Request, number: int) -> FeedEntry:
    """A request's event (its timeline's entry ``number``, from 0) as a feed entry linking to the request."""
    event = request.spec.timeline[number]
    anchor = f"{urls.request(request.id)}#event-{number + 1}"
    return FeedEntry(
        id=_id(room, anchor),
        title=f"{request.spec.title}: {event.kind.value.replace('-', ' ')}",
        url=_address(room, path, urls.request(request.id)),
        updated=event.date,
        summary=event.description,
        author=request.spec.requester,
    )
