"""Python-Markdown configured exactly as mkdocs.yml configures it, for fast rendering in property tests."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser

import markdown
from conftest import REPO
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load


@cache
def _extensions() -> tuple[list[str], dict[str, dict]]:
    # MkDocs' own YAML loader: mkdocs.yml uses its !ENV tag.
    config = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


def site_markdown() -> markdown.Markdown:
    names, configs = _extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def to_html(text: str) -> str:
    return site_markdown().convert(text)


def page_to_html(text: str) -> str:
    """HTML of a generated page as MkDocs renders it: front matter taken off, then Markdown."""
    assert text.startswith("---\n"), "generated pages start with front matter"
    body, _ = get_data(text)
    return to_html(body)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())
