"""Regenerate the stand-in PDFs of the sample production (releases/aol-exhibits-production/).

The real exhibits of the two Al Otro Lado orders are not public in full, so the sample publishes
synthetic stand-ins: a few lines per page, each page stamped as a stand-in, numbered with the Bates
numbers the orders print, and redacted as the orders require. A redaction here is made the only
safe way: the withheld text is never drawn; a black box with a white label stands where it would
be. The PDFs carry no document information text (reportlab's invariant mode, empty title and
author), so each file is byte-identical on every run. Run from the repository root:
`python scripts/make_sample_documents.py` (a test checks it reproduces the committed files).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from generator.documents.loading import bates_of

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "releases" / "aol-exhibits-production"
STAMP = "SYNTHETIC STAND-IN: not the real exhibit. Made for a reading room's sample content."
WIDTH, HEIGHT = 612, 792  # US letter, in points
LEFT, LINE = 72, 16

# A line of a page: plain text, or text followed by a redaction box with its label.
Line = str | tuple[str, str]


@dataclass(frozen=True)
class StandIn:
    """One stand-in exhibit: its file, heading, Bates start (None when the order prints none) and pages."""

    file: str
    heading: str
    bates_start: str | None
    pages: list[list[Line]]
    scanned: bool = False  # pages are pictures only: no text layer, as a scan without OCR


def _redaction_box(canvas: Canvas, x: float, y: float, label: str) -> None:
    """A black box with its label in white, drawn where withheld text would be (that text is never drawn)."""
    width = canvas.stringWidth(label, "Helvetica-Bold", 9) + 12
    canvas.setFillGray(0)
    canvas.rect(x, y - 4, width, 14, fill=1, stroke=0)
    canvas.setFillGray(1)
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawString(x + 6, y, label)
    canvas.setFillGray(0)


def _text_page(canvas: Canvas, exhibit: StandIn, lines: list[Line]) -> None:
    canvas.setFillColorRGB(0.55, 0, 0)
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawString(LEFT, HEIGHT - 40, STAMP)
    canvas.setFillGray(0)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(LEFT, HEIGHT - 70, exhibit.heading)
    y = HEIGHT - 100
    for line in lines:
        text, label = (line, None) if isinstance(line, str) else line
        canvas.setFont("Helvetica", 11)
        canvas.drawString(LEFT, y, text)
        if label is not None:
            _redaction_box(canvas, LEFT + canvas.stringWidth(text, "Helvetica", 11) + 4, y, label)
        y -= LINE


def _footer(canvas: Canvas, exhibit: StandIn, number: int) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawString(LEFT, 30, f"Page {number} of {len(exhibit.pages)}")
    if exhibit.bates_start is not None:
        canvas.drawRightString(WIDTH - LEFT, 30, bates_of(exhibit.bates_start, number))


def _scanned_page(canvas: Canvas, exhibit: StandIn, number: int) -> None:
    """A page that is one picture (the stamp, a post-like box and the Bates number are pixels), with an OCR
    text layer: invisible text over the printed lines, as a scanner's recognition writes it."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    draw.text((LEFT, 40), STAMP, fill=60)
    draw.text((LEFT, 70), exhibit.heading, fill=0)
    draw.rectangle((LEFT, 110, WIDTH - LEFT, 420), outline=80, width=3)
    for row in range(140, 400, 28):  # lines of a post: letter-like marks, as a scan shows printed words
        for x in range(LEFT + 20, WIDTH - LEFT - 20 - (row % 90), 9):
            draw.rectangle((x, row, x + 5, row + 12), fill=50)
            draw.line((x + 1, row + 3, x + 4, row + 9), fill=220)
    if exhibit.bates_start is not None:
        draw.text((WIDTH - LEFT - 120, HEIGHT - 40), bates_of(exhibit.bates_start, number), fill=0)
    canvas.drawImage(ImageReader(image), 0, 0, width=WIDTH, height=HEIGHT)
    layer = canvas.beginText()
    layer.setTextRenderMode(3)  # invisible: the picture shows the page, the layer makes it searchable
    layer.setFont("Helvetica", 14)
    layer.setTextOrigin(LEFT + 24, HEIGHT - 152)  # over the first printed line (pixel rows 140 to 150)
    layer.textLine(STAND_IN_POST)
    canvas.drawText(layer)


def pdf(exhibit: StandIn) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, HEIGHT), invariant=1)
    for setter in (canvas.setTitle, canvas.setAuthor, canvas.setSubject, canvas.setCreator, canvas.setKeywords):
        setter("")
    for number, lines in enumerate(exhibit.pages, start=1):
        if exhibit.scanned:
            _scanned_page(canvas, exhibit, number)
        else:
            _text_page(canvas, exhibit, lines)
            _footer(canvas, exhibit, number)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _filler(topic: str, count: int) -> list[list[Line]]:
    """Pages of stand-in text that say what the real page was about, and nothing more."""
    return [
        [f"Stand-in page {page}: {topic}.", "The real text is not reproduced here."] for page in range(1, count + 1)
    ]


STAND_IN_POST = "Stand-in for a public social-media statement"
LE = "[REDACTED law enforcement privilege]"
SEAL = "[REDACTED court seal]"


def _with_code(pages: list[list[Line]], page: int) -> list[list[Line]]:
    """The pages, with the database identification code on one page removed as the 2020 order allowed."""
    changed = list(pages)
    changed[page - 1] = [*pages[page - 1], ("Database identification code:", LE)]
    return changed


def _email(subject: str, sender: str, recipient: str) -> list[list[Line]]:
    """A two-page stand-in e-mail: the officials' work addresses kept, their phone numbers removed (2019 order)."""
    return [
        [
            f"From: {sender}",
            f"To: {recipient}",
            f"Subject: {subject}",
            ("Office phone:", SEAL),
            ("Cell phone:", SEAL),
            "Stand-in text: brief observations about capacity at a port of entry.",
        ],
        ["Stand-in page 2: the rest of the message and its signature block.", ("Signature phone:", SEAL)],
    ]


STAND_INS: list[StandIn] = [
    StandIn(
        "gov-ex-14-17.pdf",
        "Gov't Exs. 14-17: public social-media statements (stand-in)",
        "AOL-DEF-00556931",
        [[] for _ in range(4)],
        scanned=True,
    ),
    StandIn(
        "gov-ex-18.pdf",
        "Gov't Ex. 18: Border Patrol Field Information Report (stand-in)",
        "AOL-DEF-00528691",
        _with_code(_filler("an unclassified field information report", 17), 13),
    ),
    StandIn(
        "gov-ex-19.pdf",
        "Gov't Ex. 19: CBP leadership briefing slides, December 2018 (stand-in)",
        "AOL-DEF-00516605",
        _with_code(_filler("a briefing slide on border operations", 19), 13),
    ),
    StandIn(
        "exhibit-1-2019.pdf",
        "Exhibit 1 (2019 order): CBP_MCAT_REPORT for February 25, 2018 (stand-in)",
        None,
        _email(
            "CBP_MCAT_REPORT for February 25, 2018",
            "Port Director (synthetic) <port.director.synthetic@cbp.dhs.example>",
            "MCAT reporting list (synthetic) <mcat.reports.synthetic@cbp.dhs.example>",
        ),
    ),
    StandIn(
        "exhibit-2-2019.pdf",
        "Exhibit 2 (2019 order): Field Office Queue Management Report 1.22.2018 (stand-in)",
        None,
        _email(
            "Field Office Queue Management Report 1.22.2018",
            "Field Office Watch Commander (synthetic) <watch.commander.synthetic@cbp.dhs.example>",
            "Queue management list (synthetic) <queue.management.synthetic@cbp.dhs.example>",
        ),
    ),
]


def main() -> None:
    for exhibit in STAND_INS:
        (FOLDER / exhibit.file).write_bytes(pdf(exhibit))
        print(f"{(FOLDER / exhibit.file).relative_to(ROOT)}: {len(exhibit.pages)} pages", file=sys.stderr)


if __name__ == "__main__":
    main()
