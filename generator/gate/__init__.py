"""The publishing gate: checks everything a build produced before anyone can publish it.

Four rules, each in its own module:
  markers          a withheld position not carrying its marker, in any published form
  identifiers      personal identifiers outside withheld positions (unless approved)
  markup           executable or active content in the generated part of a page
  withheld_values  any value from a private withheld-values file, in any case or spacing

A finding names the file, the place and the rule, never the suspected value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.gate.findings import Finding, GateFailure, GateReport
from generator.gate.identifiers import check_identifiers
from generator.gate.markers import check_markers, check_unexpected_files
from generator.gate.markup import check_markup
from generator.gate.sitefiles import SiteFiles
from generator.gate.withheld_values import check_withheld_values, read_values, searchable
from generator.room import ReadingRoom
from generator.staging import remove_tree

__all__ = ["Finding", "GateFailure", "GateReport", "run_gate"]


def run_gate(room: ReadingRoom, site_dir: Path, withheld_values: Path | None = None,
             theme_dirs: Sequence[Path] = (), downloads: frozenset[str] = frozenset()) -> GateReport:
    """Check a built site; on any finding remove the whole site folder and raise GateFailure.

    ``theme_dirs`` are the site engine's theme folders: files copied from them unchanged are
    not searched (they hold nothing from the content). ``downloads`` are the site paths of the
    data files the core produced (generator.output.downloads): any other data file is a finding.
    """
    if site_dir.is_symlink():
        site_dir.unlink()  # the link only: what it points to was not checked and is not ours to touch
        raise GateFailure(GateReport(0, (Finding(str(site_dir), "folder", "site-folder", "the site folder is a "
                                                 "symbolic link; the link was removed, its target not checked"),)))
    try:
        report = _check(room, SiteFiles(site_dir, theme_dirs, room.config.content_dir), withheld_values, downloads)
    except BaseException:
        # A gate that could not finish proved nothing: fail closed all the same.
        remove_tree(site_dir)
        raise
    if report.findings:
        # Fail closed: nothing that failed the gate stays where it could be uploaded by hand.
        remove_tree(site_dir)
        raise GateFailure(report)
    return report


def _check(room: ReadingRoom, files: SiteFiles, withheld_values: Path | None,
           downloads: frozenset[str]) -> GateReport:
    findings: list[Finding] = []
    findings += check_unexpected_files(downloads, files)
    findings += check_markers(room, files)
    findings += check_identifiers(room, files)
    findings += check_markup(files)
    values_checked = None
    if withheld_values is not None:
        values = read_values(withheld_values)
        values_checked = len(searchable(values))
        findings += check_withheld_values(values, files)
    return GateReport(files=len(files.paths), findings=tuple(sorted(set(findings))), values_checked=values_checked)
