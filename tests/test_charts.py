"""Charts as SVG: the same bytes every time, and content's text only ever as XML text."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.gate.svg import svg_problems
from generator.render.charts import LABEL_LENGTH, PALETTE, Chart, chart_svg, shown_text

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = (
    "<script>alert(1)</script>",
    "]]>",
    "&amp;",
    "$x^2$",
    "\u202eevil.exe",
    "<![CDATA[x]]><!-- y --><?pi z?>",
    "A very long agency name " * 10,
)
CHART = Chart(
    title="Requests by agency",
    labels=("Department of Justice", "Department of State", "Environmental Protection Agency"),
    series=(("Granted", (120.0, 80.0, 45.0)), ("Denied", (10.0, 40.0, 3.0))),
    value_label="Requests",
)


def parse(svg: bytes) -> ET.Element:
    """The chart read with an XML parser (chart_svg's own output: no DTD, checked by the tests that use it)."""
    return ET.fromstring(svg)  # noqa: S314


def texts(svg: bytes) -> list[str]:
    """The character data of every <text> element, as an XML parser reads it."""
    return [element.text or "" for element in parse(svg).iter(f"{SVG}text")]


def contrast_with_white(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_a_chart_is_a_standalone_svg_document_with_its_texts():
    svg = chart_svg(CHART)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert svg.startswith(b'<?xml version="1.0" encoding="utf-8"')
    shown = texts(svg)
    for text in ("Requests by agency", "Department of Justice", "Granted", "Denied", "Requests"):
        assert text in shown
    assert svg_problems(svg.decode("utf-8")) == []


def test_the_same_chart_gives_the_same_bytes():
    assert chart_svg(CHART) == chart_svg(CHART)
    changed = Chart(CHART.title, CHART.labels, ((CHART.series[0][0], (121.0, 80.0, 45.0)), CHART.series[1]), "Requests")
    assert chart_svg(changed) != chart_svg(CHART)


def test_another_process_another_hash_seed_and_a_matplotlibrc_give_the_same_bytes(tmp_path):
    """Nothing random, nothing from the environment: not the hash seed, not a matplotlibrc in the working folder."""
    (tmp_path / "matplotlibrc").write_text(
        "svg.fonttype: path\nsvg.hashsalt: other\nfont.size: 20\naxes.prop_cycle: cycler('color', ['ff0000'])\n"
        "text.parse_math: True\nsvg.id: elsewhere\n"
    )
    program = (
        "import hashlib\n"
        "from generator.render.charts import Chart, chart_svg\n"
        f"svg = chart_svg(Chart({CHART.title!r}, {CHART.labels!r}, {CHART.series!r}, {CHART.value_label!r}))\n"
        "print(hashlib.sha256(svg).hexdigest())\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", program],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout.split()[0])
    assert outputs == {hashlib.sha256(chart_svg(CHART)).hexdigest()}


def test_drawing_a_chart_touches_no_global_state():
    """No pyplot (its backend and figure registry) and the process's rcParams as they were."""
    before = dict(matplotlib.rcParams)
    program = (
        "import sys\nfrom generator.render.charts import Chart, chart_svg\n"
        "chart_svg(Chart('t', ('a',), (('s', (1.0,)),), 'v'))\nprint('matplotlib.pyplot' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert result == "False"
    chart_svg(CHART)
    assert dict(matplotlib.rcParams) == before


def test_no_date_time_version_metadata_or_outside_reference():
    svg = chart_svg(CHART).decode("utf-8")
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}", svg)
    assert matplotlib.__version__ not in svg
    assert "Matplotlib v" not in svg and "<metadata" not in svg and "rdf:" not in svg
    assert "<!" not in svg  # no DOCTYPE (matplotlib's names an outside DTD), no comment
    assert "<?" not in svg.split("?>", 1)[1]
    outside = set(re.findall(r"https?://[^\"' ]+", svg))
    assert outside == {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}  # namespace names only
    assert set(re.findall(r'xlink:href="([^"]*)"', svg)) and all(
        link.startswith("#") for link in re.findall(r'xlink:href="([^"]*)"', svg)
    )


def hostile_chart(place: str) -> Chart:
    """A chart with the hostile texts in one place (title, labels, series names or value axis label)."""
    count = len(HOSTILE)
    return Chart(
        title=HOSTILE[0] if place == "title" else "T",
        labels=HOSTILE if place == "labels" else tuple(f"label {n}" for n in range(count)),
        series=tuple((name, (float(n),) * count) for n, name in enumerate(HOSTILE[:3] if place == "series" else "AB")),
        value_label=HOSTILE[2] if place == "value_label" else "V",
    )


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("title", [HOSTILE[0]]),
        ("labels", [shown_text(label) for label in HOSTILE]),
        ("series", list(HOSTILE[:3])),
        ("value_label", [HOSTILE[2]]),
    ],
)
def test_hostile_text_is_only_ever_xml_text(place, expected):
    svg = chart_svg(hostile_chart(place))
    assert svg_problems(svg.decode("utf-8")) == []
    root = parse(svg)
    assert {element.tag for element in root.iter()} <= {
        f"{SVG}{name}" for name in ("svg", "g", "path", "defs", "clipPath", "use", "text", "style", "rect")
    }
    shown = texts(svg)
    for text in expected:
        assert text in shown
    assert b"<script" not in svg and b"]]>" not in svg and b"<![CDATA" not in svg and b"<!--" not in svg


def test_a_dollar_sign_is_a_dollar_sign_not_mathtext():
    svg = chart_svg(hostile_chart("labels"))
    assert "$x^2$" in texts(svg) and b"&amp;amp;" in svg and "\u202eevil.exe" in texts(svg)


def test_a_long_label_ends_in_an_ellipsis_at_the_limit():
    label = "Office of the Assistant Secretary for Planning and Evaluation"
    shown = shown_text(label)
    assert len(shown) == LABEL_LENGTH and shown.endswith("\u2026") and label.startswith(shown[:-1])
    assert shown in texts(chart_svg(Chart("T", (label,), (("s", (1.0,)),), "V")))
    assert shown_text("short") == "short"


def test_characters_xml_cannot_hold_become_the_replacement_character():
    label = "a\x00b\x1fc\ufffed\ud800e\x0bf"
    assert shown_text(label) == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    svg = chart_svg(Chart("T\x01", (label,), (("s", (1.0,)),), "V"))
    assert shown_text(label) in texts(svg) and "T\ufffd" in texts(svg)
    assert svg_problems(svg.decode("utf-8")) == []


def test_line_breaks_and_runs_of_space_become_one_space():
    assert shown_text("  Department\nof\r\n\tJustice  ") == "Department of Justice"
    assert "Department of Justice" in texts(chart_svg(Chart("T", ("Department\nof Justice",), (("s", (1.0,)),), "V")))


def test_a_series_name_starting_with_an_underscore_is_still_in_the_legend():
    svg = chart_svg(Chart("T", ("a",), (("_hidden", (1.0,)), ("shown", (2.0,))), "V"))
    assert {"_hidden", "shown"} <= set(texts(svg))


def test_one_series_has_no_legend():
    assert "only series" not in texts(chart_svg(Chart("T", ("a", "b"), (("only series", (1.0, 2.0)),), "V")))


def test_fixed_width_and_a_height_that_grows_with_the_labels():
    def size(labels: int) -> tuple[str, float]:
        root = parse(chart_svg(Chart("T", tuple(map(str, range(labels))), (("s", (1.0,) * labels),), "V")))
        return root.attrib["width"], float(root.attrib["height"].removesuffix("pt"))

    widths, heights = zip(*(size(n) for n in (1, 5, 20)), strict=True)
    assert set(widths) == {"576pt"}  # 8 inches
    assert heights[0] < heights[1] < heights[2]


def test_every_fill_passes_wcag_contrast_on_white():
    assert all(contrast_with_white(colour) >= 4.5 for colour in PALETTE)
    series = tuple((f"s{n}", (1.0, 2.0)) for n in range(len(PALETTE)))
    svg = chart_svg(Chart("T", ("a", "b"), series, "V")).decode("utf-8")
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg)) - {"#ffffff"}
    assert fills == set(PALETTE)  # every series drawn in its own colour, nothing else coloured
    assert all(contrast_with_white(colour) >= 4.5 for colour in fills)
    assert "fill: #" not in re.sub(r"<path[^>]*>|<use[^>]*>", "", svg)  # text is black (the default fill)


def test_large_values_have_thousands_separators_and_no_exponent():
    shown = texts(chart_svg(Chart("T", ("a",), (("s", (3_000_000.0,)),), "V")))
    assert "1,000,000" in shown and not any("e+" in text or "1e6" in text for text in shown)


def test_an_empty_chart_and_all_zero_values_still_draw():
    for chart in (Chart("T", (), (("s", ()),), "V"), Chart("T", ("a", "b"), (("s", (0.0, 0.0)),), "V")):
        assert svg_problems(chart_svg(chart).decode("utf-8")) == []


@pytest.mark.parametrize(
    ("labels", "series"),
    [
        (("a", "b"), (("s", (1.0,)),)),
        (("a",), (("s", (float("nan"),)),)),
        (("a",), (("s", (float("inf"),)),)),
        (("a",), (("s", (-1.0,)),)),
        (("a",), ()),
        (("a",), tuple((f"s{n}", (1.0,)) for n in range(len(PALETTE) + 1))),
    ],
)
def test_a_chart_that_cannot_be_drawn_faithfully_is_refused(labels, series):
    with pytest.raises(ValueError, match="series"):
        Chart("T", labels, series, "V")


@settings(deadline=None, max_examples=40)
@given(
    labels=st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",))), min_size=1, max_size=3),
    name=st.text(),
)
def test_any_text_is_shown_as_text_and_passes_the_gate(labels, name):
    chart = Chart(name, tuple(labels), ((name, (1.0,) * len(labels)), ("other", (2.0,) * len(labels))), name)
    svg = chart_svg(chart)
    assert svg_problems(svg.decode("utf-8")) == []
    shown = texts(svg)
    for label in labels:
        expected = shown_text(label)
        assert len(expected) <= LABEL_LENGTH
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", expected)
        if expected:
            assert expected in shown
    if shown_text(name):
        assert shown_text(name) in shown
