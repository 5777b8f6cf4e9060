"""The bases catalogue: the legal grounds a cell may be withheld on."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from generator.languages import LANGUAGES
from generator.yamlfile import parse_yaml

MARKER_PREFIX = "[REDACTED "
MARKER_SUFFIX = "]"
# Between the marks of a combined marker: [REDACTED (b)(6), (b)(7)(C)]. No basis mark contains it (a test checks).
MARK_SEPARATOR = ", "
# Anything that looks like a marker, well-formed or not; used to find stray markers.
MARKER_LIKE = re.compile(r"\[\s*REDACTED\b", re.IGNORECASE)


@dataclass(frozen=True)
class Basis:
    """One ground for withholding, e.g. FOIA Exemption 7(C) or a court sealing order."""

    code: str
    mark: str
    label: str
    citation: str
    explanation: str
    # The label and explanation in another language, by language code (es: {label, explanation}).
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, hash=False, compare=False)

    def label_in(self, language: str) -> str:
        """The label as a page in ``language`` shows it (English when there is no translation)."""
        return self.translations.get(language, {}).get("label", self.label)

    def explanation_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("explanation", self.explanation)

    @property
    def marker(self) -> str:
        """The exact text a withheld cell holds, e.g. ``[REDACTED (b)(7)(C)]``."""
        return f"{MARKER_PREFIX}{self.mark}{MARKER_SUFFIX}"


@dataclass(frozen=True)
class Catalogue:
    """Every basis, by code and by marker."""

    bases: tuple[Basis, ...]

    def get(self, code: str) -> Basis | None:
        return self._by_code().get(code)

    def by_marker(self, text: str) -> Basis | None:
        """The basis whose single-basis marker is exactly ``text``."""
        return self._by_marker().get(text)

    def parse_marker(self, text: str) -> tuple[Basis, ...] | None:
        """The bases a well-formed marker names, single or combined, or None if ``text`` is not one.

        A combined marker names each basis once, in catalogue order: ``[REDACTED (b)(6), (b)(7)(C)]``.
        """
        if not (text.startswith(MARKER_PREFIX) and text.endswith(MARKER_SUFFIX)):
            return None
        by_mark = self._by_mark()
        marks = text[len(MARKER_PREFIX) : len(text) - len(MARKER_SUFFIX)].split(MARK_SEPARATOR)
        found = [by_mark.get(mark) for mark in marks]
        bases = tuple(basis for basis in found if basis is not None)
        if len(bases) != len(found) or bases != self.in_order(bases):
            return None
        return bases

    def in_order(self, bases: Iterable[Basis]) -> tuple[Basis, ...]:
        """Distinct bases in catalogue order, the order a combined marker names them in."""
        rank = self._rank()
        return tuple(sorted(set(bases), key=lambda basis: rank[basis.code]))

    def marker(self, bases: Iterable[Basis]) -> str:
        """The exact text of a cell withheld on all of ``bases`` (one or more)."""
        ordered = self.in_order(bases)
        if not ordered:
            raise ValueError("a marker names at least one basis")
        return f"{MARKER_PREFIX}{MARK_SEPARATOR.join(basis.mark for basis in ordered)}{MARKER_SUFFIX}"

    def codes(self) -> list[str]:
        return [basis.code for basis in self.bases]

    def likely(self, written: str) -> str | None:
        """The code someone probably meant: `(b)(6)`, `B7C`, `Exemption 6` or a near miss; None if none is close."""
        squeezed = re.sub(r"exemption|[\s()\[\]._-]", "", written.lower())
        squeezed = squeezed if squeezed.startswith("b") or not squeezed[:1].isdigit() else f"b{squeezed}"
        if squeezed in self._by_code():
            return squeezed
        close = difflib.get_close_matches(squeezed, self.codes(), n=1)
        return close[0] if close else None

    @cache  # noqa: B019 - the catalogue is immutable and lives for the process
    def _rank(self) -> dict[str, int]:
        return {basis.code: index for index, basis in enumerate(self.bases)}

    @cache  # noqa: B019 - as above
    def _by_mark(self) -> dict[str, Basis]:
        return {basis.mark: basis for basis in self.bases}

    @cache  # noqa: B019 - the catalogue is immutable and lives for the process
    def _by_code(self) -> dict[str, Basis]:
        return {basis.code: basis for basis in self.bases}

    @cache  # noqa: B019 - as above
    def _by_marker(self) -> dict[str, Basis]:
        return {basis.marker: basis for basis in self.bases}


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the generator (generator/data/bases.yml)."""
    text = resources.files("generator").joinpath("data/bases.yml").read_text(encoding="utf-8")
    entries = parse_yaml(text)
    return Catalogue(tuple(Basis(**_translated(entry)) for entry in entries))


def _translated(entry: dict[str, Any]) -> dict[str, Any]:
    """A catalogue entry with its other languages (keys that are language codes) under ``translations``."""
    languages = {language.code: entry[language.code] for language in LANGUAGES if language.code in entry}
    return {**{key: value for key, value in entry.items() if key not in languages}, "translations": languages}
