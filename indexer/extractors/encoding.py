"""Which text encoding a file's bytes are in: a BOM, UTF-8, else charset-normalizer's guess."""

from __future__ import annotations

import codecs

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Most records here are American: when Windows-1252 reads a file about as cleanly as the
# best guess (charset-normalizer's "chaos" within this margin), it wins. Short English
# texts otherwise come out as Baltic or DOS code pages ("naļve", "УnoФ").
PREFERRED_ENCODING = "cp1252"
CHAOS_MARGIN = 0.1
# The bytes Windows-1252 leaves undefined: left out of what charset-normalizer judges, so
# that a stray one does not rule Windows-1252 out (other code pages still win on the rest).
_UNDEFINED_IN_CP1252 = b"\x81\x8d\x8f\x90\x9d"


def _strip_bom(data: bytes) -> tuple[bytes, str] | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :], encoding
    return None


def _strict_utf8(data: bytes, is_complete: bool) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # Not final for a sniffed head: a character cut at its end is not an error.
        return decoder.decode(data, final=is_complete)
    except UnicodeDecodeError:
        return None


def _is_mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few damaged bytes: at least as many good multibyte characters as bad
    bytes. (Windows-1252 text is the other way round: its accents stand alone.)"""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char >= "\x80") - bad
    return good >= 1 and good >= bad


def _guess_single_byte(data: bytes) -> str:
    """charset-normalizer's guess for text in no Unicode encoding, Windows-1252 first."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data.translate(None, _UNDEFINED_IN_CP1252)))
    if not matches:
        return PREFERRED_ENCODING
    best = matches[0]
    for match in matches:
        if match.chaos <= best.chaos + CHAOS_MARGIN and (
            PREFERRED_ENCODING in match.could_be_from_charset
        ):
            return PREFERRED_ENCODING
    return str(best.encoding)


def detect_encoding(data: bytes, *, is_complete: bool = True) -> tuple[str, int]:
    """The encoding of `data` and the length of its byte-order mark.

    Order: a BOM; valid UTF-8; UTF-8 with a few damaged bytes; charset-normalizer, which
    prefers Windows-1252 when it reads the text about as well. UTF-16 and UTF-32 are known
    by their BOM only (guessing them makes text of binary files). `is_complete` is False for
    the head of a file, which may end inside a character. Whether the bytes are text at all
    is for the caller to judge from the decoded characters.
    """
    marked = _strip_bom(data)
    if marked is not None:
        return marked[1], len(data) - len(marked[0])
    if _strict_utf8(data, is_complete) is not None or _is_mostly_utf8(data):
        return "utf-8", 0
    return _guess_single_byte(data), 0


def decode_bytes(data: bytes, *, is_complete: bool = True) -> str:
    """`data` as text in its detected encoding (see `detect_encoding`); bytes it cannot
    decode become U+FFFD, and a BOM is dropped."""
    encoding, bom_length = detect_encoding(data, is_complete=is_complete)
    if not is_complete and encoding == "utf-8":
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        return str(decoder.decode(data[bom_length:], final=False))
    return data[bom_length:].decode(encoding, errors="replace")
