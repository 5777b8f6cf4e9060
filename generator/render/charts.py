"""Simple horizontal bar charts drawn as SVG with matplotlib, the same bytes for the same chart.

Everything a chart shows as text (title, labels, series names, axis label) may come from content,
so it is only ever written as XML character data: mathtext is off (a ``$`` is a dollar sign), text
stays text (``svg.fonttype: none``), characters XML 1.0 cannot hold become U+FFFD, whitespace
(line breaks included) collapses to single spaces and long texts end in an ellipsis. The output has
no metadata, date, version, DOCTYPE or random id; the gate's rule for it is generator/gate/svg.py.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass
from typing import Any, Final

import matplotlib
import matplotlib.style
from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType

WIDTH_INCHES: Final = 8.0
LABEL_LENGTH: Final = 40  # labels and series names
TITLE_LENGTH: Final = 80  # the title and the value axis's label
ELLIPSIS: Final = "\u2026"
# Fills for the series, in order; each has a contrast of at least 4.5:1 with white (WCAG), and
# stacked segments are separated by a white edge.
PALETTE: Final = ("#0b5394", "#b45309", "#0f766e", "#7e22ce", "#be123c", "#3f6212", "#4d4d4d", "#a16207")
GRID_COLOUR: Final = "#949494"
# matplotlib writes this DTD reference (an external URL) after the XML declaration; a chart needs no DTD.
_DOCTYPE: Final = (
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
)
# Everything the SVG writer would add besides the drawing: removed.
_METADATA: Final[dict[str, Any]] = {"Date": None, "Creator": None, "Format": None, "Type": None}
# Applied over matplotlib's defaults (never a matplotlibrc file, which could be anywhere, even the working folder).
_SETTINGS: Final[dict[RcKeyType, Any]] = {
    "svg.hashsalt": "foia-reading-room chart",  # ids are hashes of this and the drawing, not random
    "svg.fonttype": "none",  # text as <text>, not glyph outlines
    "svg.id": None,  # no id on the root element
    "text.parse_math": False,  # a "$" in a label is a dollar sign, never mathtext
    "text.usetex": False,
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],  # shipped with matplotlib: the same text widths on every machine
    "font.enable_last_resort": True,  # also shipped: the width of a character DejaVu Sans lacks
    "axes.formatter.use_mathtext": False,
    "figure.facecolor": "#ffffff",
    "axes.facecolor": "#ffffff",
    "text.color": "#000000",
    "axes.labelcolor": "#000000",
    "xtick.color": "#000000",
    "ytick.color": "#000000",
    "axes.edgecolor": "#000000",
    "legend.frameon": False,
}
# Characters XML 1.0 cannot hold (and lone surrogates, which UTF-8 cannot encode).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per label, stacked when there is more than one series."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per label), values finite and >= 0
    value_label: str

    def __post_init__(self) -> None:
        """Refuse a chart that cannot be drawn faithfully."""
        if not 1 <= len(self.series) <= len(PALETTE):
            raise ValueError(f"a chart has 1 to {len(PALETTE)} series, not {len(self.series)}")
        for number, (_, values) in enumerate(self.series, 1):
            if len(values) != len(self.labels):
                raise ValueError(f"series {number} has {len(values)} values for {len(self.labels)} labels")
            if not all(math.isfinite(value) and value >= 0 for value in values):
                raise ValueError(f"series {number} has a value that is negative, infinite or not a number")


def shown_text(text: str, limit: int = LABEL_LENGTH) -> str:
    """The text a chart shows for ``text``: XML-safe, on one line, at most ``limit`` characters."""
    line = " ".join(_NOT_XML.sub("\ufffd", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + ELLIPSIS


def chart_svg(chart: Chart) -> bytes:
    """The chart as a standalone SVG document (UTF-8), byte-identical for equal charts."""
    with matplotlib.style.context("default"), matplotlib.rc_context(_SETTINGS), warnings.catch_warnings():
        # A character DejaVu Sans lacks is still text (the browser picks a font); its width is an estimate.
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        figure = _draw(chart)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure)  # the figure's canvas: no backend is selected, no global state touched
        figure.savefig(buffer, format="svg", metadata=_METADATA)
    return buffer.getvalue().replace(_DOCTYPE, b"", 1)


def _draw(chart: Chart) -> Figure:
    rows = max(len(chart.labels), 1)
    legend_rows = math.ceil(len(chart.series) / 4) if len(chart.series) > 1 else 0
    height = 1.3 + 0.32 * rows + 0.3 * legend_rows
    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(chart.labels)))
    lefts = [0.0] * len(chart.labels)
    handles: list[Artist] = []
    for (_, values), colour in zip(chart.series, PALETTE, strict=False):
        axes.barh(positions, values, left=lefts, color=colour, edgecolor="#ffffff", linewidth=0.8, height=0.7)
        handles.append(Patch(facecolor=colour, edgecolor="#ffffff"))
        lefts = [left + value for left, value in zip(lefts, values, strict=True)]
    axes.set_yticks(positions, labels=[shown_text(label) for label in chart.labels])
    axes.set_ylim(rows - 0.5, -0.5)  # the first label at the top
    axes.set_xlim(0, max([*lefts, 0.0]) * 1.05 or 1.0)
    whole = all(float(value).is_integer() for _, values in chart.series for value in values)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=whole))
    axes.xaxis.set_major_formatter(FuncFormatter(_tick))
    axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.5)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(shown_text(chart.title, TITLE_LENGTH), loc="left")
    axes.set_xlabel(shown_text(chart.value_label, TITLE_LENGTH))
    if len(chart.series) > 1:
        # Handles and labels given together: a name starting with "_" is not dropped from the legend.
        names = [shown_text(name) for name, _ in chart.series]
        figure.legend(handles, names, loc="outside lower center", ncols=min(len(names), 4))
    return figure


def _tick(value: float, _position: int | None) -> str:
    """A value axis tick: digits with thousands separators, never an exponent for counts."""
    return "0" if value == 0 else f"{value:,.10g}"
