"""A PDF's pages as PDFium (Chrome's PDF engine, BSD-licensed) reads and draws them.

Two things are read per page: the text a reader copies or a search engine indexes, and which of its
characters do not show when the page is drawn. The second is how a fake redaction is found, whatever
its construction: a box painted over the text, text the colour of what is behind it, text in render mode
3 (invisible), text too small to see or placed off the page. The page is drawn twice, as is and with every
text object made invisible; a character whose box is the same in both drawings does not show. Text that
does not show is allowed in one case, the text layer of a scan: invisible text over a picture that shows
something there (an OCR layer over a redacted word shows a uniform box, which is refused).

Earlier revisions (what an incremental save keeps before the last ``%%EOF``) are read as their own
documents: their text must be text the final revision shows.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from generator.models import NOT_TEXT

# Drawn at 108 dpi: 10-point text is about 15 pixels tall, enough to see a glyph in its box.
SCALE = 1.5
# A character shows when at least one pixel of its box changes by this much (of 255) when it is drawn.
VISIBLE_CHANGE = 48
# A region shows something (a scan's printed word) when its grey levels spread this much.
SHOWS_CONTENT = 24
# A character box smaller than this many pixels tall (about 1.3 points) cannot be read on the page.
SMALLEST_PIXELS = 2
# Fill colours this close (in grey level) to what is behind them are "the same colour".
SAME_COLOUR = 40
# A picture is covered when at least this many of its pixels (about a short word at 108 dpi) are hidden by
# something painted over them and show something underneath (a border line over a photo hides fewer).
COVERED_PIXELS = 150
# ... and when at least this many pixels under the cover stand out from the rest (a letter's strokes).
MARK_PIXELS = 20
# An object moved this far is off every page: how something painted over a picture is taken away to draw it.
_AWAY = 1e7

# The kinds of hidden text, by the cause found first.
INVISIBLE = "invisible-text"
COVERED = "covered-text"
SAME_COLOUR_TEXT = "background-coloured-text"
TINY = "tiny-text"
OFF_PAGE = "off-page-text"
HIDDEN = "hidden-text"
COVERED_PICTURE = "covered-picture"
HIDDEN_PICTURE = "hidden-picture"
HIDDEN_KINDS = {
    HIDDEN_PICTURE: "a picture that does not show on the page (hidden layer, clipped, transparent or masked)",
    COVERED_PICTURE: "a picture with a box or shape painted over part of it (what is under it is still in the file)",
    INVISIBLE: "text in render mode 3 (invisible) over a box or blank space",
    COVERED: "text with a box or picture painted over it",
    SAME_COLOUR_TEXT: "text the colour of what is behind it (white on white, black on black)",
    TINY: "text too small to see",
    OFF_PAGE: "text outside the visible page",
    HIDDEN: "text that does not show on the drawn page",
}


class PdfUnreadable(Exception):
    """PDFium cannot open the file or one of its pages."""


@dataclass(frozen=True)
class HiddenText:
    """Characters on a page that are in the file's text but do not show; never what they say."""

    page: int  # from 1
    kind: str
    characters: int


@dataclass(frozen=True)
class PdfPages:
    texts: tuple[str, ...]  # per page, as a reader copies it
    hidden: tuple[HiddenText, ...]


_LINE_BREAKS = re.compile("\r\n?")


def clean_text(text: str) -> str:
    """A page's text for pages and search: line breaks as ``\\n``, control characters (PDFium marks a
    hyphen at a line end with one) removed."""
    return NOT_TEXT.sub("", _LINE_BREAKS.sub("\n", text)).strip("\n")


@contextmanager
def opened(source: bytes | str) -> Iterator[pdfium.PdfDocument]:
    """A PDF opened by PDFium (from its bytes or its path), closed afterwards."""
    try:
        document = pdfium.PdfDocument(source)
    except (pdfium.PdfiumError, OSError) as error:
        raise PdfUnreadable(f"PDFium cannot open it ({error})") from None
    try:
        yield document
    finally:
        document.close()


def _pages(document: pdfium.PdfDocument) -> Iterator[tuple[int, pdfium.PdfPage, pdfium.PdfTextPage]]:
    """Each page (numbered from 1) with its text, closed after use."""
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as error:
            raise PdfUnreadable(f"page {index + 1} cannot be read ({error})") from None
        try:
            textpage = page.get_textpage()
            try:
                yield index + 1, page, textpage
            finally:
                textpage.close()
        finally:
            page.close()


def page_texts(document: pdfium.PdfDocument) -> tuple[str, ...]:
    """Every page's text, as a reader copies it."""
    return tuple(clean_text(textpage.get_text_range()) for _, _, textpage in _pages(document))


def read_pages(document: pdfium.PdfDocument) -> PdfPages:
    """Every page's text, the characters on each that do not show, and pictures painted over."""
    texts, hidden = [], []
    for number, page, textpage in _pages(document):
        texts.append(clean_text(textpage.get_text_range()))
        objects = _page_objects(page)
        pictures = [(index, bounds) for index, kind, bounds in objects.drawn if kind == raw.FPDF_PAGEOBJ_IMAGE]
        if textpage.count_chars() <= 0 and not pictures:
            continue  # nothing that could hide or be hidden: the page is not drawn at all
        drawn = _grey(page)
        matrix = _device(page, drawn.shape)
        found, drawn = _hidden_on(page, textpage, number, drawn, matrix, objects)
        # The pictures are judged on the page as drawn without its text (the text's own checks are done).
        hidden += found + _covered_pictures(page, number, drawn, matrix, objects, pictures)
        hidden += _hidden_pictures(page, number, drawn) if pictures else []
    return PdfPages(tuple(texts), tuple(hidden))


def _hidden_pictures(page: pdfium.PdfPage, number: int, drawn: np.ndarray) -> list[HiddenText]:
    """A picture that shows something in itself but changes nothing on the drawn page is hidden (in a layer
    that is off, clipped away, transparent, masked): it is still in the file, and any tool extracts it."""
    for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        if not _shows_something(image):
            continue
        raw.FPDFPageObj_Transform(image.raw, 1, 0, 0, 1, _AWAY, _AWAY)
        try:
            without = _grey(page)
        finally:
            raw.FPDFPageObj_Transform(image.raw, 1, 0, 0, 1, -_AWAY, -_AWAY)
        if not (np.abs(drawn - without) >= VISIBLE_CHANGE).any():
            return [HiddenText(number, HIDDEN_PICTURE, 0)]
    return []


def _shows_something(image: Any) -> bool:
    """Whether a picture's own pixels show something (a blank scan does not)."""
    try:
        bitmap = image.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return True  # a picture that cannot be read is not known to be blank
    # A copy (the dtype changes), so nothing refers to the bitmap's buffer once pypdfium2 frees it: the
    # bitmap is PDFium's ("foreign"), and pypdfium2 warns when one is closed by hand.
    pixels = bitmap.to_numpy().astype(np.int16)
    grey = pixels.mean(axis=2) if pixels.ndim == 3 else pixels
    return bool((np.abs(grey - np.median(grey)) >= VISIBLE_CHANGE).sum() >= MARK_PIXELS)


def _covered_pictures(
    page: pdfium.PdfPage,
    number: int,
    drawn: np.ndarray,
    matrix: np.ndarray,
    objects: _Objects,
    pictures: list[tuple[int, tuple[float, float, float, float]]],
) -> list[HiddenText]:
    """A box drawn over a scan hides nothing: the picture under it is whole in the file. The page is drawn
    again with everything painted after a picture and over it taken away (and without annotations); where a
    picture's pixels then change, and show something, the picture was covered."""
    if not pictures:
        return []
    first = min(index for index, _ in pictures)
    over = [
        index
        for index, kind, bounds in objects.drawn
        if index > first and kind != raw.FPDF_PAGEOBJ_IMAGE and any(_overlap(bounds, b) for _, b in pictures)
    ]
    if not over and not raw.FPDFPage_GetAnnotCount(page):
        return []
    for index in over:
        raw.FPDFPageObj_Transform(raw.FPDFPage_GetObject(page, index), 1, 0, 0, 1, _AWAY, _AWAY)
    try:
        uncovered = _grey(page, annotations=False)
    finally:
        for index in over:
            raw.FPDFPageObj_Transform(raw.FPDFPage_GetObject(page, index), 1, 0, 0, 1, -_AWAY, -_AWAY)
    boxes = np.clip(_to_pixels(matrix, np.array([b for _, b in pictures])), 0, [*drawn.shape[::-1]] * 2)
    inside = np.zeros(drawn.shape, dtype=bool)
    for x0, y0, x1, y1 in boxes.astype(np.int64):
        inside[y0:y1, x0:x1] = True
    hidden = inside & (np.abs(drawn - uncovered) >= VISIBLE_CHANGE)
    if hidden.sum() < COVERED_PIXELS:
        return []
    # What is under the cover shows something when enough of it stands out from its commonest level (a few
    # dark strokes of a word on white paper do; the noise of a scanned blank does not).
    under = uncovered[hidden]
    marks = np.abs(under - np.median(under)) >= VISIBLE_CHANGE
    return [HiddenText(number, COVERED_PICTURE, 0)] if marks.sum() >= MARK_PIXELS else []


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class _Chars:
    """The page's printable characters: their boxes in the drawing's pixels and what is known of each."""

    boxes: np.ndarray  # (n, 4) int: x0, y0, x1, y1, clipped to the drawing
    outside: np.ndarray  # bool: no part of the box is on the drawing
    centres: np.ndarray  # (n, 2) float, in pixels
    heights: np.ndarray  # float: the glyph box's height in pixels
    grey: np.ndarray  # fill colour as a grey level
    invisible: np.ndarray  # bool: render mode 3 or 7 (invisible, or a clip path only)
    order: np.ndarray  # index of the character's text object among the page's objects (-1: inside a form)


def _hidden_on(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    number: int,
    drawn: np.ndarray,
    matrix: np.ndarray,
    objects: _Objects,
) -> tuple[list[HiddenText], np.ndarray]:
    """The characters of the page that do not show, and the page drawn with its text made invisible (which
    it is from then on)."""
    count = textpage.count_chars()
    chars = _characters(textpage, count, matrix, drawn.shape, objects) if count > 0 else None
    if chars is None or not len(chars.boxes):
        return [], drawn
    for text_object in {ctypes.addressof(o.contents): o for o in _text_objects(textpage, count)}.values():
        raw.FPDFTextObj_SetTextRenderMode(text_object, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
    without_text = _grey(page)
    changed = _box_sums(np.abs(drawn - without_text) >= VISIBLE_CHANGE, chars.boxes) > 0
    hidden = ~changed
    if not hidden.any():
        return [], without_text
    spread, mean = _box_spread(drawn, chars.boxes)
    pictures, painted = _covering(page, objects, matrix)
    on_picture = _inside_any(chars.centres, pictures)
    # A scan's text layer: invisible text over a picture that shows something where the text is.
    hidden &= ~(chars.invisible & on_picture & (spread >= SHOWS_CONTENT))
    kinds = _kinds(chars, hidden, mean, painted)
    found = Counter(kinds[hidden].tolist())
    return [HiddenText(number, kind, found[kind]) for kind in sorted(found)], without_text


def _kinds(chars: _Chars, hidden: np.ndarray, mean: np.ndarray, painted: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Each character's cause, the first that applies: off the page, invisible, too small, covered by
    something painted later, the colour of what is behind it, or else just not showing."""
    kinds = np.full(len(hidden), HIDDEN, dtype=object)
    covered = np.zeros(len(hidden), dtype=bool)
    for order, box in painted:
        # A character inside a form has order -1: painted before anything, as far as this says.
        covered |= (chars.order < order) & _inside_any(chars.centres, box[None, :])
    same = np.abs(chars.grey - mean) < SAME_COLOUR
    for condition, kind in (
        (same, SAME_COLOUR_TEXT),
        (covered, COVERED),
        (chars.heights < SMALLEST_PIXELS, TINY),
        (chars.invisible, INVISIBLE),
        (chars.outside, OFF_PAGE),
    ):
        kinds[condition] = kind  # later conditions win: the list runs from the weakest cause
    return kinds


def _grey(page: pdfium.PdfPage, annotations: bool = True) -> np.ndarray:
    """The page drawn (annotations too, as viewers show them, unless told not to) in grey levels."""
    bitmap = page.render(scale=SCALE, grayscale=True, may_draw_forms=annotations, draw_annots=annotations)
    try:
        pixels = bitmap.to_numpy()
        return np.asarray(pixels[..., 0] if pixels.ndim == 3 else pixels, dtype=np.int16)
    finally:
        bitmap.close()


def _text_objects(textpage: pdfium.PdfTextPage, count: int) -> Iterator[Any]:
    for index in range(count):
        text_object = raw.FPDFText_GetTextObject(textpage, index)
        if text_object:
            yield text_object


@dataclass(frozen=True)
class _Objects:
    """The page's top-level objects in painting order: where each text object is, and the others' kinds."""

    text_order: dict[int, int]  # address of a text object -> its index
    drawn: list[tuple[int, int, tuple[float, float, float, float]]]  # (index, type, bounds) of the rest


def _page_objects(page: pdfium.PdfPage) -> _Objects:
    text_order, drawn = {}, []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(raw.FPDFPage_CountObjects(page)):
        item = raw.FPDFPage_GetObject(page, index)
        kind = raw.FPDFPageObj_GetType(item)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            text_order[ctypes.addressof(item.contents)] = index
        elif raw.FPDFPageObj_GetBounds(item, left, bottom, right, top):
            drawn.append((index, kind, (left.value, bottom.value, right.value, top.value)))
    return _Objects(text_order, drawn)


def _device(page: pdfium.PdfPage, shape: tuple[int, ...]) -> np.ndarray:
    """The affine map from page space to the drawing's pixels (rotation and crop box included)."""
    height, width = shape[0], shape[1]
    points = []
    x, y = ctypes.c_int(), ctypes.c_int()
    for px, py in ((0.0, 0.0), (1000.0, 0.0), (0.0, 1000.0)):
        raw.FPDF_PageToDevice(page, 0, 0, width, height, 0, px, py, x, y)
        points.append((x.value, y.value))
    (x0, y0), (x1, y1), (x2, y2) = points
    return np.array([[(x1 - x0) / 1000, (x2 - x0) / 1000, x0], [(y1 - y0) / 1000, (y2 - y0) / 1000, y0]])


def _to_pixels(matrix: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Page-space boxes (left, bottom, right, top) as pixel boxes (x0, y0, x1, y1), corners mapped."""
    corners = np.stack(
        [boxes[:, [0, 1]], boxes[:, [2, 1]], boxes[:, [0, 3]], boxes[:, [2, 3]]], axis=1
    )  # (n, 4 corners, 2)
    mapped = corners @ matrix[:, :2].T + matrix[:, 2]
    return np.concatenate([mapped.min(axis=1), mapped.max(axis=1)], axis=1)


def _characters(
    textpage: pdfium.PdfTextPage, count: int, matrix: np.ndarray, shape: tuple[int, ...], objects: _Objects
) -> _Chars:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    boxes, grey, invisible, order = [], [], [], []
    for index in range(count):
        code = raw.FPDFText_GetUnicode(textpage, index)
        if raw.FPDFText_IsGenerated(textpage, index) or chr(code).isspace() or not code:
            continue
        if not raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
            continue
        text_object = raw.FPDFText_GetTextObject(textpage, index)
        mode = raw.FPDFTextObj_GetTextRenderMode(text_object) if text_object else -1
        raw.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha)
        boxes.append((left.value, bottom.value, right.value, top.value))
        grey.append(0.299 * red.value + 0.587 * green.value + 0.114 * blue.value)
        invisible.append(mode in (raw.FPDF_TEXTRENDERMODE_INVISIBLE, raw.FPDF_TEXTRENDERMODE_CLIP))
        order.append(objects.text_order.get(ctypes.addressof(text_object.contents), -1) if text_object else -1)
    pixels = _to_pixels(matrix, np.array(boxes, dtype=np.float64).reshape(-1, 4))
    height, width = shape[0], shape[1]
    # Each box one pixel wider on every side (antialiasing), then cut to the drawing.
    padded = np.floor(pixels[:, :2]) - 1, np.ceil(pixels[:, 2:]) + 1
    clipped = np.clip(np.concatenate(padded, axis=1), 0, [width, height, width, height]).astype(np.int64)
    outside = (clipped[:, 2] <= clipped[:, 0]) | (clipped[:, 3] <= clipped[:, 1])
    centres = np.column_stack([(pixels[:, 0] + pixels[:, 2]) / 2, (pixels[:, 1] + pixels[:, 3]) / 2])
    heights = pixels[:, 3] - pixels[:, 1]
    return _Chars(clipped, outside, centres, heights, np.array(grey), np.array(invisible, dtype=bool), np.array(order))


def _integral(values: np.ndarray) -> np.ndarray:
    table = np.zeros((values.shape[0] + 1, values.shape[1] + 1), dtype=np.float64)
    table[1:, 1:] = values.cumsum(axis=0).cumsum(axis=1)
    return table


def _sums(table: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = boxes.T
    return np.asarray(table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0])


def _box_sums(mask: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Per box, how many pixels of the mask are set (all boxes at once, from one summed-area table)."""
    return _sums(_integral(mask.astype(np.float64)), boxes)


def _box_spread(grey: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per box, the standard deviation and the mean of the grey levels in it."""
    area = np.maximum((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]), 1)
    values = grey.astype(np.float64)
    mean = _sums(_integral(values), boxes) / area
    square = _sums(_integral(values * values), boxes) / area
    return np.sqrt(np.maximum(square - mean * mean, 0)), mean


def _covering(
    page: pdfium.PdfPage, objects: _Objects, matrix: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, np.ndarray]]]:
    """The pixel boxes of the page's pictures, and of everything painted over text: each non-text object
    with its painting index, and each annotation (viewers draw them over the page) after them all."""
    pictures = [bounds for _, kind, bounds in objects.drawn if kind == raw.FPDF_PAGEOBJ_IMAGE]
    picture_boxes = _to_pixels(matrix, np.array(pictures, dtype=np.float64).reshape(-1, 4))
    painted = [(index, _to_pixels(matrix, np.array([bounds]))[0]) for index, _, bounds in objects.drawn]
    last = raw.FPDFPage_CountObjects(page)
    rect = raw.FS_RECTF()
    for index in range(raw.FPDFPage_GetAnnotCount(page)):
        annotation = raw.FPDFPage_GetAnnot(page, index)
        try:
            if raw.FPDFAnnot_GetRect(annotation, rect):
                box = np.array([[rect.left, rect.bottom, rect.right, rect.top]])
                painted.append((last, _to_pixels(matrix, box)[0]))
        finally:
            raw.FPDFPage_CloseAnnot(annotation)
    return picture_boxes, painted


def _inside_any(points: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Per point, whether it lies in any of the boxes (x0, y0, x1, y1)."""
    if not len(boxes) or not len(points):
        return np.zeros(len(points), dtype=bool)
    x, y = points[:, 0:1], points[:, 1:2]
    inside = (x >= boxes[:, 0]) & (x <= boxes[:, 2]) & (y >= boxes[:, 1]) & (y <= boxes[:, 3])
    return np.asarray(inside.any(axis=1), dtype=bool)


def revision_ends(document: pdfium.PdfDocument) -> list[int]:
    """Where each revision of the file ends (after its trailer), in file order; one for a file saved once."""
    count = raw.FPDF_GetTrailerEnds(document, None, 0)
    if count <= 0:
        return []
    ends = (ctypes.c_uint * count)()
    raw.FPDF_GetTrailerEnds(document, ends, count)
    return sorted(set(ends))
