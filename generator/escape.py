"""Escaping untrusted text for the generated Markdown pages.

Untrusted text (cells, titles, front matter) reaches a page in one of two ways:
inside HTML blocks we write ourselves, escaped by Jinja2's autoescape, or as inline
Markdown text (headings, link texts), escaped here so Python-Markdown shows it as the
same visible text and never as markup. Property tests render both through the same
Markdown configuration the site uses.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

# Python-Markdown's backslash-escapable characters with the site's extensions
# (markdown.Markdown.ESCAPED_CHARS; a test keeps the two in step). "&", "<" and ">"
# become entities first, so they need no backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_inline(text: str) -> Markup:
    """Text that renders as itself on one line of Markdown: whitespace collapsed, markup escaped."""
    flat = " ".join(str(text).split())
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)))  # noqa: S704 - escaped just here


# Themes print a page's title in several places, some through filters that undo HTML
# escaping (Jinja's striptags), so the title given to the engine carries no HTML-special
# character at all: each is replaced by a look-alike that is plain text everywhere.
_TITLE_LOOKALIKES = str.maketrans(
    {"<": "\u2039", ">": "\u203a", "&": "\uff06", '"': "\u201d", "'": "\u2019", "`": "\u02cb"}
)
# What a YAML stream cannot carry (C0 controls, DEL, C1 controls, lone surrogates, U+FFFE and
# U+FFFF); YAML's line breaks (NEL, U+2028, U+2029) are whitespace to str.split and go first.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def title_text(text: str) -> str:
    """A page title as its front matter carries it: one line, only characters YAML can carry,
    and no HTML-special character (each replaced by a look-alike)."""
    kept = _NOT_YAML.sub("", " ".join(str(text).split()))
    return " ".join(kept.split()).translate(_TITLE_LOOKALIKES)


def front_matter_title(text: str) -> Markup:
    """A YAML (JSON) double-quoted string for a page's front matter title, safe however a theme prints it.

    For any input, the front matter stays valid YAML and loads as exactly ``title_text(text)``:
    an invalid front matter would be rendered by MkDocs as Markdown, making the title live markup.
    """
    return Markup(json.dumps(title_text(text), ensure_ascii=False))  # noqa: S704 - no HTML-special characters remain
