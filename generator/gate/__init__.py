"""The publishing gate: checks everything a build produced before anyone can publish it.

Seven rules, each in its own module:
  markers          a withheld position not carrying its marker, in any published form
  identifiers      personal identifiers outside withheld positions (unless approved)
  markup           executable or active content in the generated part of a page
  withheld_values  any value from a private withheld-values file, in any case or spacing
  unpublished      a draft or embargoed release's page, which only a private preview may show
  fake redactions  a PDF with hidden text, leftovers of an earlier revision, text outside its pages or active
                   content (read by generator.documents.inspect as the gate opens each PDF, sitefiles.py)
  release zips     a member that is not, byte for byte, a file the site publishes beside the zip (bundles.py)

A finding names the file, the place and the rule, never the suspected value.
"""

from __future__ import annotations

from pathlib import Path

from generator import urls
from generator.cache import BuildCache, code_digest, digest, files_digest
from generator.gate.bundles import bundle_names, check_bundles
from generator.gate.datasets import published_files, read_back
from generator.gate.findings import Finding, GateFailure, GateReport
from generator.gate.identifiers import check_disguises, check_identifiers
from generator.gate.manifest import Manifest
from generator.gate.markers import check_downloads_unaltered, check_markers, check_unexpected_files
from generator.gate.markup import check_markup
from generator.gate.sitefiles import SiteFiles
from generator.gate.unpublished import check_unpublished
from generator.gate.withheld_values import check_withheld_values, read_datasets, searchable, values_automaton
from generator.room import ReadingRoom
from generator.search.pagefind import bundle_languages, program_files
from generator.staging import remove_tree

__all__ = ["Finding", "GateFailure", "GateReport", "Manifest", "run_gate"]


def run_gate(
    room: ReadingRoom,
    site_dir: Path,
    withheld_values: Path | None = None,
    manifest: Manifest | None = None,
    cache: BuildCache | None = None,
) -> GateReport:
    """Check a built site; on any finding remove the whole site folder and raise GateFailure.

    ``manifest`` is what the adapter knows the engine wrote: the core's downloads, the pages it
    rendered and its theme folders (see generator/gate/manifest.py); without one, nothing is expected.
    With a build ``cache``, a release's data files are not checked again when the release, its page, its
    files, the withheld-values file and the gate's own code are all unchanged since a run found them clean;
    nor is any other file whose bytes are unchanged since a clean run with the same code, theme templates,
    withheld-values file and approvals (a page's chrome counts are kept for the leanest-page comparison).
    """
    cache = cache or BuildCache(None)
    manifest = manifest or Manifest()
    if site_dir.is_symlink():
        site_dir.unlink()  # the link only: what it points to was not checked and is not ours to touch
        raise GateFailure(
            GateReport(
                0,
                (
                    Finding(
                        str(site_dir),
                        "folder",
                        "site-folder",
                        "the site folder is a symbolic link; the link was removed, its target not checked",
                    ),
                ),
            )
        )
    try:
        shipped = program_files(bundle_languages(site_dir))
        verdicts = _clean_verdicts(room, site_dir, withheld_values) if cache.folder else {}
        settled = frozenset(name for key, names in verdicts.items() if cache.load("gate-clean", key) for name in names)
        datasets = frozenset(
            name
            for release in room.published
            for dataset in release.datasets
            for name in published_files(release.id, dataset)
        )
        # Read a block at a time by their own rules, never whole: the datasets' files and the releases' zips.
        streamed = datasets | bundle_names(room)
        context = _files_context(room, withheld_values, manifest) if cache.folder else ""
        known = cache.load("gate-files", context) if context else None
        files = SiteFiles(
            site_dir,
            manifest.theme_dirs,
            manifest.pages,
            shipped=shipped,
            settled=settled,
            streamed=streamed,
            known_clean=known if isinstance(known, dict) else None,
        )
        report = _check(room, files, withheld_values, manifest)
    except BaseException:
        # A gate that could not finish proved nothing: fail closed all the same.
        remove_tree(site_dir)
        raise
    if report.findings:
        # Fail closed: nothing that failed the gate stays where it could be uploaded by hand.
        remove_tree(site_dir)
        raise GateFailure(report)
    for key in verdicts:
        cache.store("gate-clean", key, True)
    if context:
        cache.store("gate-files", context, files.verdicts())
    return report


def _files_context(room: ReadingRoom, withheld_values: Path | None, manifest: Manifest) -> str:
    """What a file's clean verdict depends on besides its own bytes: the gate's code, the theme's templates
    (the scripts they write), the withheld-values file, every approval and whether drafts are shown."""
    templates = [path for folder in manifest.theme_dirs for path in sorted(folder.rglob("*.html")) if path.is_file()]
    approvals = repr(
        sorted(
            (r.id, a.model_dump_json()) for r in room.published for a in (*r.spec.approvals, *r.spec.document_approvals)
        )
    )
    return digest(
        code_digest(),
        *(files_digest([path], path.parent) for path in templates),
        _values_digest(withheld_values),
        approvals,
        repr(manifest.preview),
    )


def _values_digest(withheld_values: Path | None) -> str:
    if withheld_values is not None and withheld_values.is_file():
        return files_digest([withheld_values], withheld_values.parent)
    return ""


def _clean_verdicts(room: ReadingRoom, site_dir: Path, withheld_values: Path | None) -> dict[str, tuple[str, ...]]:
    """Per published release: the key a clean verdict on its data files is kept under, and those files.

    The key covers the generator's code (the gate's rules), the release's own files, the withheld-values
    file and the bytes of the release's page and downloads as they are in the site now.
    """
    values = _values_digest(withheld_values)
    verdicts = {}
    for release in room.published:
        if not release.digest or not release.datasets:
            continue
        data = [name for dataset in release.datasets for name in published_files(release.id, dataset)]
        pages = [f"{page}index.html" for page in urls.in_every_language(urls.release(release.id))]
        paths = [site_dir / name for name in (*pages, *data)]
        if all(path.is_file() and not path.is_symlink() for path in paths):
            key = digest(code_digest(), release.digest, values, files_digest(paths, site_dir))
            verdicts[key] = tuple(data)
    return verdicts


def _check(room: ReadingRoom, files: SiteFiles, withheld_values: Path | None, manifest: Manifest) -> GateReport:
    findings: list[Finding] = []
    datasets = read_datasets(withheld_values) if withheld_values is not None else {}
    published = read_back(room, files, values_automaton(datasets))
    findings += [finding for found in published.values() for finding in found.findings]
    findings += check_unexpected_files(manifest.downloads, files)
    findings += check_downloads_unaltered(manifest.downloads, files)
    if not manifest.preview:
        findings += check_unpublished(files)
    findings += check_markers(room, files, published)
    findings += check_identifiers(room, files)
    findings += check_disguises(files)
    findings += check_markup(files)
    findings += files.pdf_findings
    findings += check_bundles(room, files.root, files.digests)
    values_checked = None
    if withheld_values is not None:
        values_checked = len(searchable(datasets))
        findings += check_withheld_values(datasets, files)
    unchanged = len(files.clean_again) + len(files.settled)
    return GateReport(len(files.paths), tuple(sorted(set(findings))), values_checked, unchanged)
