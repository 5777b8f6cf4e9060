"""Generated PDFs for the fake-redaction checks: one for each kind of failure, and the look-alikes that
must pass. Built with reportlab (drawing) and pypdf (objects, incremental saves), deterministically.

The secret in every bad file is SECRET_WORDS: a test asserts that no error message ever contains it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

SECRET_WORDS = "Zanzibar Quokka 4471"
VISIBLE = "Memorandum for the record, page one."
Draw = Callable[[Canvas], None]


def _pdf(pages: list[tuple[Draw, ...]]) -> bytes:
    """A letter-size PDF with no document information text, each page drawn by its steps."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for field in ("setTitle", "setAuthor", "setSubject", "setCreator", "setKeywords"):
        getattr(canvas, field)("")
    for steps in pages:
        for step in steps:
            step(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _visible(canvas: Canvas) -> None:
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 740, VISIBLE)


def drawn(*steps: Draw, pages: int = 1) -> bytes:
    """A PDF whose every page shows the visible line, then is drawn by the steps."""
    return _pdf([(_visible, *steps)] * pages)


def _text(x: float = 72, y: float = 700, size: float = 11, mode: int = 0, words: str = SECRET_WORDS) -> Draw:
    def step(canvas: Canvas) -> None:
        text = canvas.beginText(x, y)
        text.setFont("Helvetica", size)
        text.setTextRenderMode(mode)
        text.textLine(words)
        canvas.drawText(text)

    return step


def _box(x: float = 66, y: float = 694, width: float = 160, height: float = 18, grey: float = 0) -> Draw:
    def step(canvas: Canvas) -> None:
        canvas.setFillGray(grey)
        canvas.rect(x, y, width, height, fill=1, stroke=0)
        canvas.setFillGray(0)

    return step


def _colour(grey: float) -> Draw:
    return lambda canvas: canvas.setFillGray(grey)


def _picture(painted: Callable[[ImageDraw.ImageDraw], None], x: float = 60, y: float = 660) -> Draw:
    """A greyscale picture, like a scan, drawn onto the page."""
    image = Image.new("L", (400, 80), 255)
    painted(ImageDraw.Draw(image))

    def step(canvas: Canvas) -> None:
        canvas.drawImage(ImageReader(image), x, y, width=200, height=40)

    return step


def _scanned_words(draw: ImageDraw.ImageDraw) -> None:
    for offset in range(0, 360, 24):
        draw.rectangle((10 + offset, 30, 26 + offset, 50), fill=40)  # letter-like marks
        draw.line((12 + offset, 34, 24 + offset, 46), fill=230, width=2)


def _black_bar(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 0, 400, 80), fill=0)


def rewritten(data: bytes, change: Callable[[PdfWriter], None], incremental: bool = False) -> bytes:
    if incremental:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
    else:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotation(kind: str, **extra: object) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        entries: dict[NameObject, object] = {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(kind),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (66, 694, 226, 712)]),
        }
        entries.update({NameObject(key): value for key, value in extra.items()})
        annotation = DictionaryObject(entries)  # type: ignore[arg-type]
        writer.add_annotation(0, annotation)

    return change


def _appearance(writer: PdfWriter, content: bytes) -> DictionaryObject:
    """An annotation's appearance (/AP) drawing the content, as viewers draw it."""
    appearance = DecodedStreamObject()
    appearance.set_data(content)
    appearance.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(160), NumberObject(18)]),
        }
    )
    return DictionaryObject({NameObject("/N"): writer._add_object(appearance)})


def _square_over_text(writer: PdfWriter) -> None:
    """A filled square annotation drawn over the secret."""
    fill = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(0)])
    _annotation("/Square", **{"/IC": fill, "/AP": _appearance(writer, b"0 g 0 0 160 18 re f")})(writer)


def _stamp_with_words(writer: PdfWriter) -> None:
    """A stamp whose appearance shows words (in a hex string): on the page, but not in the page's text."""
    words = b"BT /Helv 11 Tf 2 4 Td <" + SECRET_WORDS.encode().hex().encode() + b"> Tj ET"
    _annotation("/Stamp", **{"/AP": _appearance(writer, words)})(writer)


def _redacted_again(writer: PdfWriter) -> None:
    """An incremental save whose page no longer draws the secret (the first revision still does)."""
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 11 Tf 72 740 Td (" + VISIBLE.encode() + b") Tj ET")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)


def _info(writer: PdfWriter) -> None:
    writer.add_metadata({"/Title": SECRET_WORDS})


def _xmp(writer: PdfWriter) -> None:
    stream = DecodedStreamObject()
    stream.set_data(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:title>{SECRET_WORDS}</dc:title></x:xmpmeta>'.encode())
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


def _page_labels(writer: PdfWriter) -> None:
    writer.set_page_label(0, 0, prefix=SECRET_WORDS)


def _launch(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")})
    _annotation("/Link", **{"/A": action})(writer)


def _uri(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://example.invalid/")}
    )
    _annotation("/Link", **{"/A": action})(writer)


def _open_action(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )


def _form(writer: PdfWriter) -> None:
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("name"),
            NameObject("/V"): TextStringObject(SECRET_WORDS),
        }
    )
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
    )


def _javascript(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )
    scripts = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("start"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})


def _encrypted(writer: PdfWriter) -> None:
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")


PLAIN = drawn()


def scan_only() -> bytes:
    """A page that is only a picture of printed words: no text layer at all."""
    return _pdf([(_picture(_scanned_words),)])


def saying(words: str, pages: int = 1) -> bytes:
    """A plain PDF whose every page also shows these words, in plain sight."""
    return drawn(_text(words=words), pages=pages)


def _words_stream(writer: PdfWriter, **entries: PdfObject) -> IndirectObject:
    """A stream holding the secret as a hex string (no page draws it), with the given entries."""
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 11 Tf 72 700 Td <" + SECRET_WORDS.encode().hex().encode() + b"> Tj ET")
    stream.update({NameObject(key): value for key, value in entries.items()})
    return writer._add_object(stream)


def _thumbnail(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/Thumb")] = _words_stream(writer)


def _undrawn_form(writer: PdfWriter) -> None:
    """A form listed in the page's resources that the page never draws."""
    form = _words_stream(writer, **{"/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form")})
    resources = writer.pages[0][NameObject("/Resources")].get_object()
    resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Fm9"): form})


def _dropped_page(writer: PdfWriter) -> None:
    """A page object kept in the file but not in its pages (as when a page is taken out of the tree)."""
    writer._add_object(
        DictionaryObject({NameObject("/Type"): NameObject("/Page"), NameObject("/Contents"): _words_stream(writer)})
    )


def _clipped_away(canvas: Canvas) -> None:
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(0, 0, 0, 0)
    canvas.clipPath(path, stroke=0, fill=0)
    _picture(_scanned_words)(canvas)
    canvas.restoreState()


# Each kind of failure: name -> (PDF bytes, the finding kind it must raise).
BAD: dict[str, tuple[bytes, str]] = {
    "box painted over text": (drawn(_text(), _box()), "covered-text"),
    "picture painted over text": (drawn(_text(), _picture(_black_bar, y=690)), "covered-text"),
    "annotation box over text": (rewritten(drawn(_text()), _square_over_text), "covered-text"),
    "white text on white": (drawn(_colour(1), _text(), _colour(0)), "background-coloured-text"),
    "black text on a black box": (drawn(_box(), _text()), "background-coloured-text"),
    "invisible text over a box": (drawn(_box(), _text(mode=3)), "invisible-text"),
    "invisible text on blank paper": (drawn(_text(mode=3)), "invisible-text"),
    "text too small to see": (drawn(_text(size=0.4)), "tiny-text"),
    "text off the page": (drawn(_text(x=-900)), "off-page-text"),
    "box drawn over a scan": (
        drawn(_picture(_scanned_words), _box(x=80, y=664, width=100, height=12)),
        "covered-picture",
    ),
    "unapplied redaction annotation": (rewritten(drawn(_text()), _annotation("/Redact")), "unapplied-redaction"),
    "note with text": (
        rewritten(PLAIN, lambda w: w.add_annotation(0, Text(text=SECRET_WORDS, rect=(66, 694, 90, 712)))),
        "annotation-text",
    ),
    "free-text box": (
        rewritten(PLAIN, lambda w: w.add_annotation(0, FreeText(text=SECRET_WORDS, rect=(66, 694, 226, 712)))),
        "annotation-text",
    ),
    "stamp that shows words": (rewritten(PLAIN, _stamp_with_words), "annotation-text"),
    "highlight with a comment": (
        rewritten(PLAIN, _annotation("/Highlight", **{"/Contents": TextStringObject(SECRET_WORDS)})),
        "annotation-text",
    ),
    "earlier revision with the text": (rewritten(drawn(_text()), _redacted_again, incremental=True), "revision-text"),
    "earlier revision with a title": (
        rewritten(rewritten(PLAIN, _info), lambda w: w.add_metadata({"/Title": ""}), incremental=True),
        "revision-metadata",
    ),
    "document information": (rewritten(PLAIN, _info), "document-information"),
    "XMP metadata": (rewritten(PLAIN, _xmp), "xmp-metadata"),
    "bookmark title": (rewritten(PLAIN, lambda w: w.add_outline_item(title=SECRET_WORDS, page_number=0)), "outline"),
    "page label": (rewritten(PLAIN, _page_labels), "page-labels"),
    "form field": (rewritten(PLAIN, _form), "form-fields"),
    "attached file": (
        rewritten(PLAIN, lambda w: w.add_attachment("notes.txt", SECRET_WORDS.encode())),
        "embedded-file",
    ),
    "JavaScript": (rewritten(PLAIN, _javascript), "javascript"),
    "launch action": (rewritten(PLAIN, _launch), "action"),
    "URI action": (rewritten(PLAIN, _uri), "action"),
    "open action": (rewritten(PLAIN, _open_action), "open-action"),
    "encrypted": (rewritten(PLAIN, _encrypted), "encrypted"),
    "page thumbnail": (rewritten(PLAIN, _thumbnail), "thumbnail"),
    "form no page draws": (rewritten(PLAIN, _undrawn_form), "unused-object"),
    "page dropped from the pages": (rewritten(PLAIN, _dropped_page), "unused-page"),
    "picture clipped away": (drawn(_clipped_away), "hidden-picture"),
}
# Look-alikes that must pass: name -> PDF bytes.
GOOD: dict[str, bytes] = {
    "plain text": PLAIN,
    "true redaction (text removed, box drawn)": drawn(_text(words="Officer"), _box(x=120)),
    "white label on a black box": drawn(_box(), _colour(1), _text(x=74, y=699, words="(b)(6)"), _colour(0)),
    "box with no text under it": drawn(_box()),
    "scanned page with a box painted into the image": drawn(_picture(_black_bar)),
    "box drawn over a blank part of a scan": drawn(_picture(_scanned_words), _box(x=80, y=690, width=100, height=8)),
    "scan with its text layer over the printed words": drawn(_picture(_scanned_words), _text(x=66, y=672, mode=3)),
    "incremental save that changes no text": rewritten(
        PLAIN, lambda w: w.add_metadata({"/Title": ""}), incremental=True
    ),
}
