"""Every kind of content error, with a stable code a maintainer can search for, declared in one place.

A code never changes meaning and is never reused: a retired kind keeps its number out of use.
Each code says in one line what is wrong and, where the fix is the same wherever it happens,
what to do (an error's own fix, when it has one, is more specific). The README's table of codes
is generated from this list (generator/reference.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    """One kind of content error: its code, what is wrong, and what to do about it."""

    code: str
    title: str
    fix: str


_CODES = (
    # RR1xx: files and folders (the input boundary).
    ErrorCode(
        "RR101",
        "the docs or releases folder is a link or lies outside the repository",
        "make it a real folder inside the repository, next to mkdocs.yml",
    ),
    ErrorCode(
        "RR102",
        "a symbolic link under content/ or releases/",
        "replace the link with a copy of the file or a real folder",
    ),
    ErrorCode("RR103", "not a regular file (a FIFO, socket or device)", "remove it"),
    ErrorCode(
        "RR104",
        "a hard link, which could publish a file from outside the repository",
        "replace the link with a copy of the file",
    ),
    ErrorCode("RR105", "a file name that is not UTF-8", "rename the file (letters, digits, hyphens)"),
    ErrorCode("RR106", "a Markdown page's name does not end in lower-case .md or .markdown", "rename the file"),
    ErrorCode(
        "RR107",
        "a file that can run scripts (SVG, HTML, JavaScript…) in the docs folder",
        "put theme code in a theme override folder (custom_dir in mkdocs.yml), which is maintainer code",
    ),
    ErrorCode(
        "RR108",
        "a kind of file the docs folder does not take",
        "move the file out of the docs folder; publish data only through a release",
    ),
    ErrorCode(
        "RR109",
        "a file's bytes are not what its name says (an image that is not one, say)",
        "export the file again in the format its name says, or rename it",
    ),
    ErrorCode(
        "RR110",
        "a stylesheet that loads from elsewhere or runs code",
        "keep it to this site: no @import or url() to other sites or with a scheme, nothing that runs code",
    ),
    ErrorCode("RR111", "a file that cannot be read", "check that it is a regular file you can read"),
    ErrorCode("RR112", "a file over max_file_bytes", "split the dataset, or raise max_file_bytes in mkdocs.yml"),
    ErrorCode("RR113", "an empty file", "add its content, or remove it"),
    ErrorCode(
        "RR114",
        "a file under releases/ that no release.yml lists",
        "list it under datasets, or move it out of the repository: raw, unredacted files must never be committed",
    ),
    # RR2xx: YAML and the format of release.yml and front matter.
    ErrorCode(
        "RR201",
        "YAML that is malformed or uses something only plain YAML allows not",
        "fix the YAML at that line (see 'Strict YAML' in the README)",
    ),
    ErrorCode("RR202", "an unknown key", "remove it or check the spelling (see the format reference)"),
    ErrorCode("RR203", "a required field is missing", "add it (see the format reference)"),
    ErrorCode("RR204", "a value that does not fit its field", "see the field in the format reference"),
    ErrorCode(
        "RR205",
        "a Markdown file without the front matter it needs",
        "start the file with front matter between --- lines",
    ),
    # RR3xx: releases and their datasets.
    ErrorCode("RR301", "a release folder without release.yml", "add one (see the README)"),
    ErrorCode("RR302", "a release id that differs from its folder name", "make the id equal to the folder name"),
    ErrorCode("RR303", "two release folders with the same id", "give each release its own id"),
    ErrorCode("RR304", "two datasets of a release with the same name", "give each dataset a unique name"),
    ErrorCode(
        "RR305",
        "a dataset file that is not a usable path inside its release folder",
        "name a CSV file in the release folder, e.g. data.csv",
    ),
    ErrorCode("RR306", "a dataset file that does not exist", "add the file, or correct its name under datasets"),
    ErrorCode("RR307", "a dataset that is not a .csv file", "export the table as UTF-8 CSV"),
    ErrorCode(
        "RR308",
        "a release id that is a four-digit year",
        "choose another id: /releases/<year>/ lists that year's releases",
    ),
    # RR4xx: CSV files.
    ErrorCode("RR401", "a CSV with NUL bytes (binary, or UTF-16)", "export the table as UTF-8 CSV"),
    ErrorCode("RR402", "a CSV that is not UTF-8", "convert it to UTF-8 (the message names the likely encoding)"),
    ErrorCode("RR403", "text that is not valid CSV", "check the quoting on that line"),
    ErrorCode(
        "RR404",
        "a row with more or fewer cells than the header",
        "make every row have one cell per column; quote cells that contain commas",
    ),
    ErrorCode("RR405", "a column without a name", "name every column"),
    ErrorCode("RR406", "two columns with the same name", "give every column a unique name"),
    ErrorCode(
        "RR407", "a column in the schema but not in the CSV", "add the column to the CSV, or remove it from the schema"
    ),
    ErrorCode("RR408", "a column in the CSV but not in the schema", "describe the column in the schema"),
    ErrorCode(
        "RR409",
        "the schema lists the columns in another order than the CSV",
        "list the fields in the CSV's column order",
    ),
    ErrorCode(
        "RR410",
        "a released value that does not fit its column's type",
        "correct the value or the column's type in the schema",
    ),
    ErrorCode(
        "RR411",
        "a CSV separated by semicolons, tabs or bars instead of commas",
        "export it again as CSV with commas (in a spreadsheet's CSV export, set the field delimiter to ',')",
    ),
    ErrorCode("RR412", "a quoted cell that is never closed", 'close the quote, or double a quote inside a cell ("")'),
    # RR5xx: withholding rules and redaction.
    ErrorCode(
        "RR501",
        "a withholding basis that is not in the bases catalogue",
        "use a code from the bases catalogue, e.g. b6 or b7c",
    ),
    ErrorCode("RR502", "a withholding rule for a column that is not in the CSV", "name a column of the CSV"),
    ErrorCode("RR503", "a condition that reads a column that is not in the CSV", "name a column of the CSV"),
    ErrorCode("RR504", "a condition that reads a column that is itself withheld", "condition on a released column"),
    ErrorCode(
        "RR505",
        "a condition column without constraints.enum",
        "list the column's values under constraints.enum in the schema",
    ),
    ErrorCode(
        "RR506",
        "a condition value that is not one of the column's enum values",
        "write the value exactly as it is listed in the enum",
    ),
    ErrorCode(
        "RR507",
        "a cell that is not one of its column's enum values",
        "write exactly one of the values listed under constraints.enum (case and spaces count), "
        "or add the value to the enum and check the rules that read it",
    ),
    ErrorCode(
        "RR508",
        "a cell a rule withholds that does not hold its marker",
        "run `python -m generator redact` on the unredacted file, or replace the cell with the marker",
    ),
    ErrorCode(
        "RR509",
        "a redaction marker in a cell no rule withholds",
        "add a withholding rule for it, or restore the released value",
    ),
    ErrorCode("RR510", "an unknown or malformed redaction marker", "write the marker exactly, e.g. [REDACTED (b)(6)]"),
    ErrorCode(
        "RR511", "redact was given a dataset the release does not have", "name a dataset listed in the release.yml"
    ),
    # RR6xx: Markdown (summaries, opinion bodies, hand-written pages).
    ErrorCode("RR601", "a control or non-text character in Markdown", "remove it"),
    ErrorCode("RR602", "Markdown nested more than 16 levels deep", "flatten it"),
    ErrorCode("RR603", "a paragraph with more than 1,000 '[' or '<'", "split it into paragraphs with blank lines"),
    ErrorCode("RR604", "raw HTML in Markdown", "write it as Markdown; to show a literal '<' write '\\<'"),
    ErrorCode("RR605", "an image in Markdown", "link to the file instead"),
    ErrorCode(
        "RR606",
        "a link in a hand-written page that is neither https:// nor inside the site",
        "link outside the site with https://, inside it with a relative path such as releases/ or ../opinions/",
    ),
    ErrorCode(
        "RR607",
        "a link in a summary that is neither https:// nor release:, opinion: or basis:",
        "link outside the site with https://, inside it with e.g. release:<id>",
    ),
    # RR7xx: opinions and cross-references.
    ErrorCode("RR701", "an opinion summary that is not a regular file", "make it a Markdown file"),
    ErrorCode("RR702", "an opinion summary named index", "rename it: 'index' is the list of opinions"),
    ErrorCode("RR703", "an opinion file name that is not a lowercase slug", "rename it, e.g. brennan-center-v-doj.md"),
    ErrorCode(
        "RR704",
        "a link to a release, opinion or basis that is not published",
        "link to a published page, or publish the target",
    ),
    ErrorCode("RR705", "an opinion names a basis that is not in the catalogue", "use a code from the bases catalogue"),
    ErrorCode(
        "RR706", "an opinion names a related release that does not exist", "name a release folder under releases/"
    ),
    ErrorCode("RR707", "a rule's authority is not an opinion summary", "name an opinion in content/opinions/"),
    ErrorCode("RR708", "an approval names a dataset the release does not have", "name a dataset of this release"),
    ErrorCode("RR709", "an approval names a column the dataset does not have", "name a column of the dataset"),
    ErrorCode("RR710", "an approval names a row the dataset does not have", "count data rows from 1, after the header"),
    ErrorCode("RR711", "an approval names a cell that is withheld", "approve only released cells"),
)
CODES: dict[str, ErrorCode] = {entry.code: entry for entry in _CODES}
