"""The Spanish site: every generated page in Spanish under /es/, from the same build, and checked the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import REPO
from sitebuild import marker_findings

from generator.bases import catalogue

CATALOG = REPO / "generator/locale/es/LC_MESSAGES/messages.po"
_MARKUP = re.compile(r"<[^>]+>")


@pytest.fixture
def site(sample_site: Path) -> Path:
    return sample_site


def pages(site: Path, prefix: str = "") -> set[str]:
    """Every page of a language, by its URL without the language's prefix."""
    root = site / prefix if prefix else site
    found = {path.parent.relative_to(root).as_posix() for path in root.rglob("index.html")}
    if not prefix:
        found = {url for url in found if url != "es" and not url.startswith("es/")}
    return found


def article(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_every_page_has_its_spanish_page(site):
    english, spanish = pages(site), pages(site, "es")
    assert len(english) > 40 and english == spanish


def test_spanish_pages_say_they_are_spanish_and_link_to_their_english_page(site):
    html = (site / "es/releases/lions-terrorism-cases/index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert 'href="../../../releases/lions-terrorism-cases/" lang="en">English</a>' in html
    english = (site / "releases/lions-terrorism-cases/index.html").read_text(encoding="utf-8")
    assert 'href="../../es/releases/lions-terrorism-cases/" lang="es">Español</a>' in english


def spanish_only_messages() -> list[str]:
    """The catalogue's English messages of three words or more that a Spanish page must never show."""
    with CATALOG.open("rb") as handle:
        entries = [entry for entry in read_po(handle) if entry.id and entry.string != entry.id]
    # Each message's longest run of words without markup or a value in it.
    texts = [
        max(re.split(r"%\(\w+\)s", _MARKUP.sub("|", entry.id).replace("|", "%(x)s")), key=len) for entry in entries
    ]
    return sorted({text.strip() for text in texts if len(text.split()) >= 3})


def test_no_english_label_is_left_on_a_spanish_page(site):
    messages = spanish_only_messages()
    assert len(messages) > 100
    for url in sorted(pages(site, "es")):
        text = article(site, f"es/{url}")
        left = [message for message in messages if message in text]
        assert left == [], (url, left[:3])


def test_the_spanish_navigation_and_chrome_are_spanish(site):
    html = (site / "es/releases/index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)
    for label in ("Publicaciones", "Solicitudes", "Decisiones judiciales", "Fundamentos de retención"):
        assert label in entries
    assert "Acerca de esta sala de lectura" in entries and "Court opinions" not in entries
    assert 'placeholder="Búsqueda"' in html  # the theme's own words
    footer = html.split('class="md-footer"', 1)[1]
    assert ">Contacto y correcciones</a>" in footer and 'href="../about/#contact"' in footer
    assert "Contact and corrections" not in footer


def test_every_basis_is_explained_in_spanish(site):
    for basis in catalogue().bases:
        assert basis.label_in("es") != basis.label and basis.explanation_in("es") != basis.explanation, basis.code
    html = article(site, "es/bases/b7c")
    assert catalogue().get("b7c").label_in("es") in html and "invasión injustificada de la privacidad" in html


def test_numbers_and_dates_on_spanish_pages_are_spanish(site):
    html = article(site, "es/releases/lions-terrorism-cases")
    assert "1 de junio de 2020" in html and "Las primeras 100 de 4.496 filas." in html


def test_the_gate_reads_the_previews_of_the_spanish_pages_too(site, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "es/releases/lions-terrorism-cases/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("[REDACTED (b)(7)(C)]", "4:04-cr-00785", 1), encoding="utf-8")
    from generator.config import RoomConfig
    from generator.room import load_room

    findings = marker_findings(load_room(RoomConfig.at(REPO)), copy)
    assert any(f.startswith("es/releases/lions-terrorism-cases/index.html: preview of 'cases'") for f in findings)


def test_a_release_and_an_opinion_show_their_spanish_text_where_the_content_gives_one(site):
    release = article(site, "es/releases/lions-terrorism-cases")
    assert "Casos de terrorismo en la base de datos de gestión de casos LIONS" in release
    assert "De los 4.496 casos, 724 terminaron en absolución o sobreseimiento" in release
    assert "Of the 4,496 cases" not in release
    assert "Of the 4,496 cases" in article(site, "releases/lions-terrorism-cases")  # English: as written
    opinion = article(site, "es/opinions/brennan-center-v-doj")
    assert "El tribunal resolvió que la Exención 7(C)" in opinion
    # No translation: the English text, with a note in Spanish saying so.
    other = article(site, "es/releases/ciudad-juarez-waitlist")
    assert "se muestran en inglés" in other
