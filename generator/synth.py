"""A synthetic reading room of any size, in the normal content format, for benchmarks and scaled tests.

    python -m generator.synth ROOT --releases 1000 --rows 2000 --opinions 50

writes ``ROOT/mkdocs.yml`` (the repository's), ``ROOT/content/`` (an about page and K opinion
summaries) and ``ROOT/releases/`` (N releases, each with one dataset of M rows withheld by a
conditional rule citing an opinion). Every record is synthetic and marked so; the output is the
same for the same arguments (no clock, no randomness).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
from pathlib import Path

OUTCOMES = ("convicted", "acquitted", "dismissed")
FIRST = dt.date(2015, 1, 1)

RELEASE_YML = """\
id: {id}
title: Synthetic release {n}
agency: Synthetic Agency {agency}
release_date: {date}
synthetic: true
summary: |
  Synthetic release {n}. Names of people acquitted are withheld under [Exemption 6](basis:b6),
  as decided in [the opinion](opinion:{opinion}).
approval: {{status: approved, approved_by: Synthetic editor, approved_on: {date}}}
datasets:
  - name: cases
    file: cases.csv
    title: Cases
    description: One synthetic case per row.
    schema:
      fields:
        - {{name: case_id, type: integer, title: Case, description: Row number.}}
        - {{name: filed_on, type: date, title: Filed, description: Date the case was filed.}}
        - {{name: defendant, type: string, title: Defendant, description: A synthetic name.}}
        - name: outcome
          type: string
          title: Outcome
          description: How the case ended.
          constraints: {{enum: [{outcomes}]}}
{extra_fields}    withholding:
      - {{column: defendant, basis: b6, where: {{column: outcome, in: [acquitted]}}, authority: {opinion}}}
"""
OPINION_MD = """\
---
case_name: Synthetic Plaintiff {n} v. Synthetic Agency
court: Synthetic District Court
case_number: "1:20-cv-{n:05d}"
date: {date}
judge: Synthetic Judge
outcome: Names of people acquitted may be withheld under Exemption 6.
bases: [b6]
source: Synthetic opinion {n}, written for a benchmark.
---

Synthetic opinion {n}, written for benchmarks and scaled tests.
"""


def _extra_fields(columns: int) -> str:
    """Schema lines for the columns beyond the first four: alternately a number and a short text."""
    lines = []
    for index in range(4, columns):
        kind = "number" if index % 2 else "string"
        lines.append(f"        - {{name: extra_{index}, type: {kind}, title: Extra {index}, description: Filler.}}\n")
    return "".join(lines)


def write_room(root: Path, releases: int, rows: int, opinions: int, config: Path, columns: int = 4) -> None:
    """Write a synthetic room under ``root`` (which must not exist yet or be empty); ``columns`` of at least 4."""
    (root / "content/opinions").mkdir(parents=True, exist_ok=True)
    shutil.copy(config, root / "mkdocs.yml")
    (root / "content/about.md").write_text("# About\n\nA synthetic reading room.\n", encoding="utf-8")
    slugs = [f"synthetic-opinion-{n:05d}" for n in range(max(1, opinions))]
    for n, slug in enumerate(slugs):
        date = FIRST + dt.timedelta(days=n)
        (root / f"content/opinions/{slug}.md").write_text(OPINION_MD.format(n=n, date=date), encoding="utf-8")
    for n in range(releases):
        folder = root / "releases" / f"synthetic-{n:06d}"
        folder.mkdir(parents=True)
        date = FIRST + dt.timedelta(days=n * 29 % 3650)  # spread over ten years, a few releases a month
        text = RELEASE_YML.format(
            id=folder.name,
            n=n,
            agency=n % 20,
            date=date,
            opinion=slugs[n % len(slugs)],
            outcomes=", ".join(OUTCOMES),
            extra_fields=_extra_fields(columns),
        )
        (folder / "release.yml").write_text(text, encoding="utf-8")
        _write_cases(folder / "cases.csv", rows, columns)


def _write_cases(path: Path, rows: int, columns: int = 4) -> None:
    extra = [f"extra_{index}" for index in range(4, columns)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["case_id", "filed_on", "defendant", "outcome", *extra])
        for i in range(1, rows + 1):
            outcome = OUTCOMES[i % len(OUTCOMES)]
            person = "[REDACTED (b)(6)]" if outcome == "acquitted" else f"Synthetic Person {i:07d}"
            filler = [f"{i % 997}.{index}" if index % 2 else f"note {index} {i % 89}" for index in range(4, columns)]
            writer.writerow([i, (FIRST + dt.timedelta(days=i % 3650)).isoformat(), person, outcome, *filler])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="folder to write the room into (created; must be empty)")
    parser.add_argument("--releases", type=int, default=100)
    parser.add_argument("--rows", type=int, default=100, help="rows of each release's dataset")
    parser.add_argument("--opinions", type=int, default=10)
    parser.add_argument("--columns", type=int, default=4, help="columns of each dataset (at least 4)")
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the mkdocs.yml to copy (default: ./mkdocs.yml)"
    )
    args = parser.parse_args(argv)
    if args.root.exists() and any(args.root.iterdir()):
        parser.error(f"{args.root} is not empty")
    if args.columns < 4:
        parser.error("--columns must be at least 4")
    write_room(args.root, args.releases, args.rows, args.opinions, args.config, args.columns)
    print(f"Wrote {args.releases} releases of {args.rows} rows and {args.opinions} opinions to {args.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
