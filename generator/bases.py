"""The bases catalogue: the legal grounds a cell may be withheld on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.yamlfile import parse_yaml

MARKER_PREFIX = "[REDACTED "
MARKER_SUFFIX = "]"
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
        return self._by_marker().get(text)

    def codes(self) -> list[str]:
        return [basis.code for basis in self.bases]

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
    return Catalogue(tuple(Basis(**entry) for entry in parse_yaml(text)))
