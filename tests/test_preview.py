"""The bounded preview: one function for page and gate; never grows with a table's width or cell size."""

from __future__ import annotations

from sitebuild import gate_check, mkdocs_build

from generator.models import DatasetSpec
from generator.render.preview import (
    DICTIONARY_FIELDS,
    ELLIPSIS,
    PREVIEW_CELL_CHARS,
    PREVIEW_COLUMNS,
    PREVIEW_ROWS,
    build_preview,
    dictionary_fields,
    shown_text,
)
from generator.tables import Table

CSV = "releases/test-release/people.csv"
RELEASE = "releases/test-release/release.yml"
HEADER = "person_id,full_name,outcome\n"
MARKER = "[REDACTED (b)(6)]"


def rules_of(room):
    (release,) = room.load().published
    return release.datasets[0]


def test_limits_are_the_documented_ones():
    assert (PREVIEW_ROWS, PREVIEW_COLUMNS, PREVIEW_CELL_CHARS, DICTIONARY_FIELDS) == (100, 50, 200, 200)


def test_wide_table_shows_the_first_columns_only():
    header = tuple(f"c{i}" for i in range(20_000))
    table = Table(header, tuple(tuple(str(i) for i in range(20_000)) for _ in range(150)))
    preview = build_preview(table, [])
    assert preview.header == header[:PREVIEW_COLUMNS]
    assert len(preview.rows) == PREVIEW_ROWS and {len(row) for row in preview.rows} == {PREVIEW_COLUMNS}
    assert (preview.total_rows, preview.total_columns, preview.columns_cut) == (150, 20_000, True)


def test_long_released_cell_is_cut_and_withheld_cell_is_whole(room):
    dataset = rules_of(room)
    table = Table(dataset.header, (("1", "x" * 1_000_000, "convicted"), ("2", MARKER, "acquitted")))
    preview = build_preview(table, list(dataset.rules))
    long, withheld = preview.rows[0][1], preview.rows[1][1]
    assert long.text == "x" * PREVIEW_CELL_CHARS + ELLIPSIS and long.truncated and not long.withheld
    assert withheld.text == MARKER and withheld.withheld and not withheld.truncated
    assert preview.truncated_cells == 1


def test_cell_at_the_limit_is_not_cut():
    preview = build_preview(Table(("a",), (("y" * PREVIEW_CELL_CHARS,),)), [])
    assert preview.rows[0][0].text == "y" * PREVIEW_CELL_CHARS and not preview.rows[0][0].truncated


def test_shown_text_is_what_a_browser_shows():
    assert shown_text("  a\t\tb\r\n\r\nc \f") == "a b c"
    assert shown_text("a\x00b\x02c\x7fd") == "a\ufffdb\ufffdc\ufffdd"
    assert shown_text("<&>\u00a0") == "<&>\u00a0"


def test_dictionary_lists_withheld_and_condition_columns_first_within_the_cap():
    fields = [{"name": f"c{i}", "type": "string", "title": "T", "description": "D."} for i in range(300)]
    fields[290]["constraints"] = {"enum": ["a"]}
    spec = DatasetSpec.model_validate(
        {
            "name": "wide",
            "file": "wide.csv",
            "title": "Wide",
            "description": "Wide.",
            "schema": {"fields": fields},
            "withholding": [{"column": "c299", "basis": "b6", "where": {"column": "c290", "in": ["a"]}}],
        }
    )
    dictionary = dictionary_fields(spec)
    names = [field.name for field in dictionary.fields]
    assert len(names) == DICTIONARY_FIELDS and dictionary.omitted == 100
    assert names[-2:] == ["c290", "c299"] and names[:3] == ["c0", "c1", "c2"]


# Through a real build: the page shows the bounded preview and the gate compares it cell by cell.


def build(room, tmp_path):
    site = tmp_path / "site"
    return site, mkdocs_build(room.root, site)


def wide_room(room, columns=60):
    extra = [f"extra_{i}" for i in range(columns - 3)]
    fields = "".join(f"        - {{name: {name}, type: string, title: X, description: X.}}\n" for name in extra)
    room.edit(RELEASE, "    withholding:\n", fields + "    withholding:\n")
    filler = ",".join("v" for _ in extra)
    long = "L" * 300
    room.write(
        CSV,
        HEADER.strip() + "," + ",".join(extra) + "\n"
        f"1,{long},convicted,{filler}\n2,{MARKER},acquitted,{filler}\n3,Gamma Person,convicted,{filler}\n",
    )


def test_page_notes_the_column_and_cell_limits_and_passes_the_gate(site_room, tmp_path):
    wide_room(site_room, 210)
    site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert ", 0 findings." in result.stderr
    html = (site / "releases/test-release/index.html").read_text(encoding="utf-8")
    assert "All 3 rows and the first 50 of 210 columns." in html
    assert "1 cells longer than 200 characters are cut short with “…”; the full values are in the download." in html
    assert "This dictionary lists 200 of the 210 columns" in html and "The other 10 columns are released" in html
    dictionary = html.split('id="data-dictionary"')[1].split("</table>")[0]
    assert dictionary.count("<tr><td><code>") == 200 and "<code>extra_196</code>" in dictionary
    assert "<code>extra_197</code>" not in dictionary
    preview = html.split('class="rr-scroll rr-preview"')[1].split("</table>")[0]
    assert preview.count('<th scope="col"') == 50 and "extra_47" not in preview
    assert "L" * 200 + "…</td>" in preview and "L" * 201 not in preview


def test_preview_with_whitespace_and_control_characters_passes_the_gate(site_room, tmp_path):
    site_room.write(
        CSV,
        (
            HEADER + '1,"  Tab\there\r\n\r\nand  CR\rend ",convicted\n2,[REDACTED (b)(6)],acquitted\n'
            '3,"x\x01y\x02z &amp; <b>",convicted\n'
        ).encode(),
    )
    _site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert ", 0 findings." in result.stderr


def test_tampered_released_cell_in_the_preview_fails(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    page = site / "releases/test-release/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<td>Gamma Person</td>", "<td>Gamma Persona</td>"))
    outcome = gate_check(site_room.root, site)
    assert outcome.returncode == 1
    assert (
        "releases/test-release/index.html: preview of 'people', row 3, column 'full_name': [withheld-marker] "
        "differs from the published CSV (shows a value of 13 characters where 12 are expected)"
    ) in outcome.stderr
    assert "Gamma" not in outcome.stderr


def test_preview_styling_a_withheld_cell_as_released_fails(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    page = site / "releases/test-release/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<td class="rr-withheld"><a', "<td><a", 1))
    outcome = gate_check(site_room.root, site)
    assert "preview of 'people', row 2, column 'full_name': [withheld-marker] is styled as released" in outcome.stderr


def test_preview_with_a_dropped_row_fails(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    page = site / "releases/test-release/index.html"
    text = page.read_text(encoding="utf-8")
    row3 = text[text.index("<tr><td>3</td>") :]
    page.write_text(text.replace(row3[: row3.index("</tr>") + 5], ""))
    outcome = gate_check(site_room.root, site)
    assert (
        "preview of 'people': [withheld-marker] shows 2 rows; the preview of the published CSV has 3" in outcome.stderr
    )


def test_preview_with_an_extra_column_fails(site_room, tmp_path):
    site, _ = build(site_room, tmp_path)
    page = site / "releases/test-release/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(">outcome</th>", ">outcome</th><th>x</th>"))
    outcome = gate_check(site_room.root, site)
    assert "preview of 'people', header: [withheld-marker] shows 4 columns" in outcome.stderr


def test_cutting_a_cell_does_not_make_a_marker_out_of_released_text(site_room, tmp_path):
    cell = "a" * (PREVIEW_CELL_CHARS - len("[REDACTED")) + "[REDACTEDZZZ"
    site_room.write(CSV, HEADER + f"1,{cell},convicted\n2,{MARKER},acquitted\n")
    _site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert ", 0 findings." in result.stderr


def test_condition_value_with_collapsed_spaces_in_the_preview_passes_the_gate(site_room, tmp_path):
    site_room.edit(RELEASE, "enum: [convicted, acquitted]", "enum: [convicted, acquitted, 'acquitted  late']")
    site_room.edit(RELEASE, "in: [acquitted]", "in: [acquitted, 'acquitted  late']")
    site_room.write(CSV, HEADER + f"1,Alpha Person,convicted\n2,{MARKER},acquitted  late\n")
    _site, result = build(site_room, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert ", 0 findings." in result.stderr
