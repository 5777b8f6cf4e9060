"""Rule 5: no page of a draft or embargoed release, which only a private preview (`mkdocs serve`) may show.

A preview renders such a release under a banner with its own class; a build never does. So any
element carrying that class, in any page, means an unpublished release reached the site.
"""

from __future__ import annotations

import re

from generator.gate.findings import Finding
from generator.gate.sitefiles import SiteFiles
from generator.publishing import UNPUBLISHED_BANNER

RULE = "unpublished-release"
_BANNER = re.compile(rf"<[^>]*\b{re.escape(UNPUBLISHED_BANNER)}\b[^>]*>")


def check_unpublished(files: SiteFiles) -> list[Finding]:
    return [
        Finding(
            file.name,
            "page",
            RULE,
            "a draft or embargoed release's page (its preview banner); only `mkdocs serve` may show one",
        )
        for file in files.files
        if file.markup and _BANNER.search(file.text)
    ]
