"""The languages a reading room is published in: English at the site's root, and Spanish under /es/.

Each generated page is rendered once per language from the same template. Its words are the template's
gettext messages (Jinja's i18n extension): English is the templates' own text, and each other language's
translations are its Babel catalog, generator/locale/<code>/LC_MESSAGES/messages.po (extracted from the
templates with `pybabel extract -F babel.cfg`; a test fails when a message has no translation). Numbers
and dates follow the language's conventions (Babel's CLDR data). Downloads and data files are the same
files for every language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

CATALOG = "locale/{code}/LC_MESSAGES/messages.po"


@dataclass(frozen=True)
class Language:
    """One language of the site: its code, the URL prefix of its pages, and its name in itself."""

    code: str
    prefix: str
    name: str

    def number(self, number: int) -> str:
        """A whole number for people: 4,496 in English, 4.496 in Spanish (CLDR's es)."""
        return f"{number:,}" if self.code == "en" else format_decimal(number, locale=self.code)

    def date(self, date: dt.date) -> str:
        """A date for people: ISO (2020-06-01) in English, as a Spanish reader writes it otherwise."""
        return date.isoformat() if self.code == "en" else format_date(date, format="long", locale=self.code)


ENGLISH = Language("en", "", "English")
SPANISH = Language("es", "es/", "Español")
LANGUAGES = (ENGLISH, SPANISH)


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The language's messages (none for English, whose messages are the templates' own text)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    text = resources.files("generator").joinpath(CATALOG.format(code=language.code)).read_bytes()
    catalog = read_po(io.BytesIO(text), locale=language.code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
