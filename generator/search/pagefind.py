"""Building the search index with the pinned Pagefind binary (from the pagefind-bin package).

Only the pages a visitor would want as a result are indexed (listing pages, whose every line
is another page's title, are left out): they are linked into a scratch folder beside the
site, Pagefind reads them there and writes its bundle into the site's ``pagefind/`` folder.
Inside each page only the <article> is read, without heading permalinks and without what a
page marks data-pagefind-ignore (its facets block, the synthetic-records notice).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import cbor2
import pagefind_bin

from generator.filekinds import PAGEFIND_SIGNATURE

BUNDLE = "pagefind"
ROOT_SELECTOR = "article"
# Heading permalinks (¶), the synthetic-records notice and a draft's banner are not a page's content.
EXCLUDE_SELECTORS = (".headerlink", ".rr-notice", ".rr-unpublished")
# The bundle's own program files, the same for every site a given Pagefind version indexes. Of its
# scripts, the search page needs only these two; the ready-made interfaces are not published.
_PROGRAM_SUFFIXES = (".js", ".css")
_SCRIPTS_USED = frozenset({"pagefind.js", "pagefind-worker.js"})
_WASM = "wasm."
# A language as Pagefind names its WebAssembly file (wasm.<language>.pagefind); "unknown" for pages without one.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}|unknown")


class SearchIndexError(Exception):
    """Pagefind failed; its own output is not repeated (it can quote a page's text)."""


def index_site(site: Path, pages: Iterable[str]) -> None:
    """Index ``pages`` (site-relative paths of HTML files) of ``site`` into ``site/pagefind/``."""
    scratch = Path(tempfile.mkdtemp(prefix=".search-", dir=site.parent))
    try:
        for page in sorted(set(pages)):
            target = scratch / page
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(site / page, target)
        _run(scratch, site / BUNDLE)
        sort_filters(site / BUNDLE)
        for unused in (site / BUNDLE).iterdir():
            if unused.name.endswith(_PROGRAM_SUFFIXES) and unused.name not in _SCRIPTS_USED:
                unused.unlink()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def sort_filters(bundle: Path) -> None:
    """Make the filter files, and so the meta file and the entry that name them, the same on every run.

    Pagefind writes each filter's values, and the list of filters, in hash-map order, which changes
    from run to run; the same site must give the same bytes. Each filter file is rewritten with its
    values sorted and named by its new content, each language's meta file is rewritten to match, and
    the entry lists the languages sorted.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _read_cbor(path)
        old = path.name.removesuffix(".pf_filter")
        new = _write_cbor(bundle / "filter", old.split("_")[0], [name, sorted(values)], ".pf_filter", 7)
        renamed[old] = new
        if new != old:
            path.unlink()
    for language, details in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = _read_cbor(meta_path)
        meta[3] = sorted([name, renamed.get(file, file)] for name, file in meta[3])
        meta_path.unlink()
        details["hash"] = _write_cbor(bundle, language, meta, ".pf_meta", 10, prefix="pagefind.")
    # The languages in order too (a site in two languages has two, listed in hash-map order).
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_cbor(path: Path) -> Any:
    return cbor2.loads(gzip.decompress(path.read_bytes()).removeprefix(PAGEFIND_SIGNATURE))


def _write_cbor(folder: Path, language: str, value: object, suffix: str, digits: int, prefix: str = "") -> str:
    """Write ``value`` as Pagefind does (signature, CBOR, gzip), named by its content; returns the name's hash."""
    data = PAGEFIND_SIGNATURE + cbor2.dumps(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _run(site: Path, output: Path) -> None:
    command = [str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(output)]
    command += ["--root-selector", ROOT_SELECTOR]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    # Pagefind reads settings from the environment and from a pagefind.yml in its working folder:
    # neither may change what it does, so it runs in the scratch folder with only PATH set.
    result = subprocess.run(  # noqa: S603 - the pinned binary, with arguments we build
        [*command, "--silent"],
        cwd=site,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind could not build the search index (exit status {result.returncode}); "
            f"run `python -m generator validate` to check the content, then report this as a bug"
        )


def bundle_languages(site: Path) -> tuple[str, ...]:
    """The languages a site's bundle has WebAssembly for (names that are not a language are left out)."""
    names = (path.name for path in (site / BUNDLE).glob(f"{_WASM}*.pagefind"))
    found = (name.removeprefix(_WASM).removesuffix(".pagefind") for name in names)
    return tuple(sorted(language for language in found if _LANGUAGE.fullmatch(language)))


@cache
def program_files(languages: tuple[str, ...]) -> Mapping[str, bytes]:
    """The bundle files Pagefind writes the same for every site (scripts, styles, each language's
    WebAssembly), as site paths -> bytes: made by running the pinned binary on a blank page per language."""
    languages = tuple(language for language in languages if _LANGUAGE.fullmatch(language))
    if not languages:
        return {}
    with tempfile.TemporaryDirectory(prefix="pagefind-reference-") as folder:
        root = Path(folder)
        for language in languages:
            page = root / "site" / language / "index.html"
            page.parent.mkdir(parents=True)
            lang = "" if language == "unknown" else f' lang="{language}"'
            page.write_text(f"<!doctype html><html{lang}><title>t</title><article><p>t</p></article></html>")
        (root / "site").mkdir(exist_ok=True)
        _run(root / "site", root / "bundle")
        return {
            f"{BUNDLE}/{path.relative_to(root / 'bundle').as_posix()}": path.read_bytes()
            for path in sorted((root / "bundle").rglob("*"))
            if path.is_file() and (path.name.endswith(_PROGRAM_SUFFIXES) or path.name.startswith(_WASM))
        }
