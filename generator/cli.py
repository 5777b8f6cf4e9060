"""The command line: `python -m generator validate | redact | check | reference` (an adapter over the core)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from generator import pipeline, reference
from generator.config import RoomConfig
from generator.errors import ROWS_SHOWN, ContentErrors, ErrorLog
from generator.gate import GateFailure, Manifest, run_gate
from generator.gate.withheld_values import ENVIRONMENT_VARIABLE, write_values
from generator.output import OutputFile, downloads
from generator.private_files import NotPrivate
from generator.redact import redact_file
from generator.render.downloads import csv_bytes
from generator.room import load_room


def _validate(args: argparse.Namespace) -> int:
    try:
        room = load_room(RoomConfig.at(args.root))
    except ContentErrors as exc:
        print(exc.report(verbose=args.verbose), file=sys.stderr)
        return 1
    for notice in room.notices():
        print(notice)
    counts = f"{len(room.releases)} releases ({len(room.published)} published), {len(room.opinions)} opinion summaries"
    if args.content_only:
        print(f"OK: {counts}, no content errors (content only: the site was not built and the gate not run).")
        return 0
    if not (args.root / "mkdocs.yml").is_file():
        print(f"OK: {counts}, no content errors (no mkdocs.yml: the site was not built and the gate not run).")
        return 0
    if not _build_and_gate(args.root):
        print("The build failed (see above): `mkdocs build` would publish nothing.", file=sys.stderr)
        return 1
    print(f"OK: {counts}, no content errors; a build into a temporary folder passed the publishing gate.")
    return 0


def _build_and_gate(root: Path) -> bool:
    """Build the site as `mkdocs build --strict` does, gate included, into a temporary folder; True if it passed."""
    # The command line is an adapter: only it and the plugin know MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    engine = logging.getLogger("mkdocs")
    level = engine.level
    engine.setLevel(logging.WARNING)  # MkDocs' progress lines; its warnings and errors still show
    try:
        with tempfile.TemporaryDirectory() as folder:
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(Path(folder) / "site"), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except (Abort, MkDocsException):
        return False
    finally:
        engine.setLevel(level)
    return True


def _redact(args: argparse.Namespace) -> int:
    config = RoomConfig.at(args.root)
    log = ErrorLog(config.root)
    try:
        redacted = redact_file(config, args.release, args.dataset, args.raw, log)
    except NotPrivate as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    if redacted is None:
        print(ContentErrors(log.errors, log.omitted).report(consequence="nothing was written"), file=sys.stderr)
        return 1
    print(f"Withheld in {len(redacted.table.rows)} rows:")
    for code, cells in sorted(redacted.withheld.by_basis.items()):
        print(f"  {code}: {cells} cells")
    if not redacted.withheld.by_basis:
        print("  nothing (no rule applied to any row)")
    if rows := redacted.also_released():
        shown = ", ".join(map(str, rows[:ROWS_SHOWN])) + (
            f" and {len(rows) - ROWS_SHOWN} more" if len(rows) > ROWS_SHOWN else ""
        )
        print(
            f"warning: a value withheld in some rows is released in rows {shown}; the build's withheld-values "
            "proof will fail unless the rules withhold it there too",
            file=sys.stderr,
        )
    if args.withheld_values is not None:
        try:
            write_values(args.withheld_values, f"{args.release}/{args.dataset}", set(redacted.values), config.root)
        except NotPrivate as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 1
        print(
            f"Wrote the {len(redacted.values)} withheld values of {args.release}/{args.dataset} to "
            f"{args.withheld_values}, replacing that dataset's earlier entry (keep the file private)."
        )
    args.output.write_bytes(csv_bytes([redacted.table.header, *redacted.table.rows]))
    print(f"Wrote {args.output}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    # A failed gate deletes the folder it checked: refuse any folder that is not plainly a built site.
    if problem := _not_a_built_site(args.site, args.root):
        print(f"refused: {args.site}: {problem}; nothing was checked or removed", file=sys.stderr)
        return 2
    try:
        room, outputs = pipeline.build(RoomConfig.at(args.root))
        report = run_gate(room, args.site, args.withheld_values, _manifest(args.root, outputs))
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except GateFailure as exc:
        print(exc.report.failure(), file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _not_a_built_site(site: Path, root: Path) -> str | None:
    """Why a folder may not be handed to the gate, which removes it on failure; None for a built site."""
    if site.is_symlink():
        return None  # the gate refuses it and removes only the link
    resolved, repository = site.resolve(), root.resolve()
    if not site.is_dir():
        return "not a folder"
    if repository.is_relative_to(resolved) or resolved in (Path(resolved.anchor), Path.home().resolve()):
        return "it holds the repository, or is the root or home folder"
    if (site / "mkdocs.yml").exists() or (site / ".git").exists() or any(site.glob("releases/*/release.yml")):
        return "it looks like a repository, not a built site"
    if not (site / "index.html").is_file():
        return "it has no index.html, so it is not a built site"
    return None


def _manifest(root: Path, outputs: list[OutputFile]) -> Manifest:
    """What a build of the site's mkdocs.yml writes (pages, theme folders, downloads), as the plugin tells the gate."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return Manifest(downloads(outputs))
    # The command line is an adapter: only it and the plugin know MkDocs.
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import engine_manifest, site_files

    config = load_config(str(config_file))
    return engine_manifest(config, site_files(config, outputs), outputs)


def _reference(args: argparse.Namespace) -> int:
    if args.check:
        stale = reference.stale(args.root)
        for path in stale:
            print(f"{path}: stale; run `python -m generator reference` and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for path in reference.write(args.root):
        print(f"Wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    main.add_argument("--root", type=Path, default=Path(), help="repository root (default: current folder)")
    commands = main.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="every check the build runs: the content, then a build into a temporary folder and the gate"
    )
    validate.add_argument("--verbose", action="store_true", help="list every row of a group of cell errors")
    validate.add_argument(
        "--content-only", action="store_true", help="check the content only: do not build the site or run the gate"
    )
    validate.set_defaults(run=_validate)
    redact = commands.add_parser("redact", help="apply a dataset's withholding rules to an unredacted CSV")
    redact.add_argument("raw", type=Path, help="the unredacted CSV (keep it out of the repository)")
    redact.add_argument("--release", required=True, help="release id (folder under releases/)")
    redact.add_argument("--dataset", required=True, help="dataset name in that release")
    redact.add_argument("-o", "--output", type=Path, required=True, help="where to write the redacted CSV")
    redact.add_argument(
        "--withheld-values",
        type=Path,
        help="private file (outside the repository) to add the "
        "withheld values to, for the build's withheld-values proof",
    )
    redact.set_defaults(run=_redact)
    check = commands.add_parser("check", help="run the publishing gate on a built site folder")
    check.add_argument("site", type=Path, help="the built site folder, e.g. site/")
    check.add_argument(
        "--withheld-values",
        type=Path,
        default=_values_from_environment(),
        help=f"prove none of these values is published (default: ${ENVIRONMENT_VARIABLE})",
    )
    check.set_defaults(run=_check)
    generate = commands.add_parser(
        "reference", help="regenerate the README's format reference and the JSON Schemas in schemas/"
    )
    generate.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    generate.set_defaults(run=_reference)
    return main


def _values_from_environment() -> Path | None:
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(value) if value else None


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parser().parse_args(argv)
    return int(args.run(args))
