"""The site's languages: every message of the templates has its Spanish translation, and numbers and dates
are written as each language writes them."""

from __future__ import annotations

import configparser
import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import REPO

from generator.languages import ENGLISH, LANGUAGES, SPANISH, translations

PACKAGE = REPO / "generator"
_PLACEHOLDER = re.compile(r"%\(\w+\)s")
_TAG = re.compile(r"</?([a-z]+)")


def template_messages() -> set[str]:
    """Every message the templates use, found as `pybabel extract -F babel.cfg` finds them."""
    config = configparser.ConfigParser()
    config.read(REPO / "babel.cfg")
    methods, options = [], {}
    for section in config.sections():
        method, pattern = (part.strip() for part in section.split(":", 1))
        methods.append((pattern, method))
        options[pattern] = dict(config.items(section))
    found = extract_from_dir(str(PACKAGE), method_map=methods, options_map=options)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def catalog(code: str):
    with (PACKAGE / f"locale/{code}/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


@pytest.fixture(scope="module")
def messages() -> set[str]:
    found = template_messages()
    assert len(found) > 250  # the extraction found the templates' messages
    return found


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != ENGLISH])
def test_every_message_of_the_templates_is_translated_and_nothing_else_is_listed(messages, language):
    entries = {entry.id: entry for entry in catalog(language.code) if entry.id}
    assert sorted(messages - set(entries)) == [], "run pybabel extract and update (see the catalog's header)"
    assert sorted(set(entries) - messages) == [], "messages no template uses any more: run pybabel update"
    untranslated = [key for key, entry in entries.items() if not entry.string or entry.fuzzy]
    assert untranslated == []


def test_a_translation_keeps_every_value_and_every_tag_of_its_message():
    for entry in catalog(SPANISH.code):
        if entry.id:
            assert sorted(_PLACEHOLDER.findall(entry.id)) == sorted(_PLACEHOLDER.findall(entry.string)), entry.id
            assert sorted(_TAG.findall(entry.id)) == sorted(_TAG.findall(entry.string)), entry.id


def test_the_spanish_catalog_is_what_the_spanish_pages_use():
    spanish = translations(SPANISH)
    assert spanish.gettext("Releases") == "Publicaciones"
    assert spanish.gettext("%(rows)s rows") % {"rows": "4496"} == "4496 filas"
    assert translations(ENGLISH).gettext("Releases") == "Releases"


def test_numbers_and_dates_are_written_as_each_language_writes_them():
    assert (ENGLISH.number(4496), SPANISH.number(4496), SPANISH.number(44960)) == ("4,496", "4.496", "44.960")
    day = dt.date(2020, 6, 1)
    assert (ENGLISH.date(day), SPANISH.date(day)) == ("2020-06-01", "1 de junio de 2020")


def test_a_message_with_markup_escapes_the_values_put_into_it():
    from generator.render.pages import environment

    template = environment(SPANISH).from_string('{{ _("Download %(file)s", file=name) }}')
    assert template.render(name="<b>x</b>.csv") == "Descargar &lt;b&gt;x&lt;/b&gt;.csv"


def test_the_catalogs_are_in_the_package():
    assert Path(PACKAGE / "locale/es/LC_MESSAGES/messages.po").is_file()
