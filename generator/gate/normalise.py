"""The one normalisation of published text that the gate matches against.

Identifiers and withheld values are searched for in a *matching form* of each text, so that
they cannot hide behind a different spelling of the same characters:

* HTML character references (``&#49;``, ``&amp;#49;``) and URL percent-encoding (``%31``,
  ``Jane%20Doe``, ``%2531``) are decoded, repeatedly, for at most ``ROUNDS`` rounds;
* compatibility forms are folded (NFKD: fullwidth digits, superscripts, ligatures, the
  many Unicode spaces) and accents are folded away: every combining mark (categories Mn and
  Me) is removed after decomposition, then the text is recomposed (NFC). Accents are folded,
  not kept, because NFKC would compose a mark slipped in after a letter into a new letter
  (``jan`` + U+0301 + ``e@…`` becomes ``jańe@…``, which no e-mail pattern matches), and
  because a withheld ``José Pérez`` should also be found when published as ``Jose Perez``;
* every default-ignorable code point (soft hyphen, zero-width space and joiners, word joiner,
  byte order mark, variation selectors, tag characters, …), every other format character
  (category Cf), every control character that is not whitespace, and every code point without
  meaning (unassigned, private use, lone surrogates) is removed;
* every dash, hyphen and minus sign (category Pd and the Unicode Dash property, plus the
  minus look-alikes) becomes ``-``;
* every decimal digit of any script (category Nd: Arabic-Indic, Devanagari, fullwidth, …)
  becomes its ASCII digit;
* every space becomes one ASCII space, and every line or paragraph separator becomes ``\\n``
  (the gate's texts separate blocks and table cells by line breaks, which must not join
  three neighbouring cells ``123``, ``45`` and ``6789`` into one social security number).

The withheld-values proof compares ``proof_form`` of both values and texts: the matching form,
casefolded, without any whitespace.

Everything runs in C (``str.translate`` with a table built once, ``unicodedata.normalize``,
``html.unescape``, ``urllib.parse.unquote``), a handful of passes over the text, so a 50 MB
text takes seconds. Nothing here logs or returns anything but the transformed text.
"""

from __future__ import annotations

import html
import sys
import unicodedata
from functools import cache
from urllib.parse import unquote

# How many times nested encodings (``&amp;amp;#49;``, ``%252531``) are decoded. Each round is a
# full pass over the text; the loop stops as soon as a round changes nothing.
ROUNDS = 12  # the loop stops as soon as nothing changes: plain text costs one round

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt), as ranges. Python's
# unicodedata does not expose the property; the list has been stable since Unicode 6.
DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Dashes and minus signs beyond category Pd: the Dash property's symbols and modifier letters,
# and look-alikes used as minus signs.
EXTRA_DASHES = frozenset({0x2053, 0x207B, 0x208B, 0x2212, 0x02D7, 0x2043, 0x2796, 0x2E3A, 0x2E3B, 0xFE63, 0xFF0D})
# Removed: combining marks, format characters, surrogates, and code points that carry no meaning
# (unassigned, private use), which a browser shows as nothing or as an empty box.
_REMOVED_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc", "Cs", "Cn", "Co"})
_LINE_BREAKS = frozenset(map(ord, "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"))


@cache
def _table() -> list[str | None]:
    """The translation table, indexed by code point: its replacement, or None to remove it.

    A list, not a dict: ``str.translate`` then costs one index per character instead of a dict
    lookup that raises KeyError for every unchanged character. Built once per process (~0.5 s,
    ~20 MB: one string per assigned code point).
    """
    ignorable = {code for start, end in DEFAULT_IGNORABLE for code in range(start, end + 1)}
    table: list[str | None] = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if code in _LINE_BREAKS:
            table.append("\n")
        elif char.isspace():
            table.append(" ")
        elif code in ignorable or category in _REMOVED_CATEGORIES:
            table.append(None)
        elif category == "Pd" or code in EXTRA_DASHES:
            table.append("-")
        elif category == "Nd":
            table.append(str(unicodedata.decimal(char)))
        else:
            table.append(char)
    return table


def decode(text: str) -> str:
    """One round of decoding: HTML character references resolved, then URL percent-escapes.

    Plus signs are kept (``unquote``, not ``unquote_plus``): ``+44 20 7183 8750`` is a phone number.
    """
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text, errors="replace")
    return text


def fold(text: str) -> str:
    """Compatibility forms, accents, invisible characters, dashes, digits and spaces folded (no decoding).

    Idempotent: ``fold(fold(t)) == fold(t)``.
    """
    if text.isascii():
        return text.translate(_table())
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", text).translate(_table()))


def matching_form(text: str) -> str:
    """The form of a text that the gate's rules match against (see the module docstring).

    Idempotent for texts whose encodings nest at most ``ROUNDS`` deep.
    """
    for _ in range(ROUNDS):
        folded = fold(decode(text))
        if folded == text:
            break
        text = folded
        if "&" not in text and "%" not in text:
            break  # nothing left to decode, and folding again changes nothing
    return text


def proof_form(text: str) -> str:
    """The form the withheld-values proof compares: the matching form, casefolded, with no whitespace at all.

    Idempotent like ``matching_form``: removing spaces can make a new escape (``% 41``), decoded in
    a further round.
    """
    for _ in range(ROUNDS):
        # Casefolding can add combining marks ("İ" -> "i" + U+0307), hence the second fold. After the
        # matching form, the only whitespace left is the ASCII space and the line feed.
        squeezed = fold(matching_form(text).casefold()).replace(" ", "").replace("\n", "")
        if squeezed == text or ("&" not in squeezed and "%" not in squeezed):
            return squeezed
        text = squeezed
    return text
