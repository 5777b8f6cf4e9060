"""How to cite a release, a dataset, a document or an opinion summary: a suggested citation, BibTeX and CSL-JSON.

Each cites the page's permanent address (the site's published address and the page's path, or the path
alone when the build knows no address), the release's version (a digest of the release folder's files,
so a corrected release has a new version) and its date. Text from content is escaped for the format it
goes into: BibTeX's special characters with backslashes, CSL-JSON by the JSON encoder. The page shows
each as text (its template escapes it for HTML).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# BibTeX's special characters, written so that LaTeX prints them; braces keep a title's case.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))
# The part of a version shown and cited: enough to tell versions apart.
VERSION_CHARS = 12


def bibtex_text(text: str) -> str:
    """Text for a BibTeX field: its special characters escaped, on one line."""
    return _BIBTEX.sub(lambda match: _BIBTEX_SPECIAL[match.group()], " ".join(text.split()))


@dataclass(frozen=True)
class Citation:
    """What a citation of one page names."""

    key: str  # a BibTeX key: letters, digits and hyphens only
    title: str
    author: str  # the agency, or the court for an opinion
    date: str  # YYYY-MM-DD, or "" when not known
    version: str
    publisher: str  # the reading room's name
    url: str
    kind: str = "dataset"  # the CSL type: dataset, document or legal_case

    @property
    def text(self) -> str:
        """The suggested citation, as plain text."""
        parts = [f"{self.author}.", f"“{self.title}.”"]
        if self.date:
            parts.append(f"Released {self.date}.")
        parts.append(f"{self.publisher}, version {self.version}." if self.version else f"{self.publisher}.")
        parts.append(self.url)
        return " ".join(parts)

    @property
    def bibtex(self) -> str:
        fields = {
            "title": "{" + bibtex_text(self.title) + "}",
            "author": "{" + bibtex_text(self.author) + "}",
            "year": self.date[:4],
            "date": self.date,
            "version": self.version,
            "publisher": "{" + bibtex_text(self.publisher) + "}",
            "url": bibtex_text(self.url),
        }
        lines = [f"  {name} = {{{value}}}," for name, value in fields.items() if value]
        return "\n".join([f"@misc{{{self.key},", *lines, "}"])

    @property
    def csl_json(self) -> str:
        item: dict[str, object] = {
            "id": self.key,
            "type": self.kind,
            "title": self.title,
            "author": [{"literal": self.author}],
            "publisher": self.publisher,
            "URL": self.url,
        }
        if self.version:
            item["version"] = self.version
        if self.date:
            item["issued"] = {"date-parts": [[int(part) for part in self.date.split("-")]]}
        return json.dumps([item], indent=2, ensure_ascii=False)
