"""The nesting guard of the HTML extractor: elements nested beyond MAX_DEPTH lose their tags
(their text stays) before the page is parsed, so that a hostile page cannot make the
extractor's tree walks quadratic (20,000 levels took 178 s)."""

from __future__ import annotations

import re

# The web pages of the samples nest 13 to 21 elements deep; Chromium stops nesting at 512.
# The extractor's tree walks cost up to (elements x depth): this keeps that factor small.
MAX_DEPTH = 128
# Elements that never hold others, and those whose end tag may be left out (a new <p> or
# <li> closes the last one): neither makes a page deeper.
VOID_TAGS = frozenset({
    b"area", b"base", b"basefont", b"bgsound", b"br", b"col", b"embed", b"frame", b"hr",
    b"img", b"input", b"keygen", b"link", b"meta", b"param", b"source", b"track", b"wbr",
})  # fmt: skip
OPTIONAL_END_TAGS = frozenset({
    b"p", b"li", b"dt", b"dd", b"tr", b"td", b"th", b"option", b"optgroup", b"thead",
    b"tbody", b"tfoot", b"colgroup", b"caption", b"rt", b"rp", b"html", b"head", b"body",
})  # fmt: skip
_FLAT_TAGS = VOID_TAGS | OPTIONAL_END_TAGS
# A comment, a script or style with its raw text (to the end of the page when unclosed), or
# a tag. Each alternative either matches or takes the rest of the page, so that the scan is
# linear even on hostile input.
_TOKEN = re.compile(
    rb"<!--(?:.*?-->|.*\Z)"
    rb"|<(?:script|style)\b(?:.*?</(?:script|style)\s*>|.*\Z)"
    rb"|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def _tags_too_deep(data: bytes, max_depth: int) -> tuple[list[tuple[int, int]], int]:
    """The spans of the tags that open or close an element deeper than `max_depth`, and
    the deepest level the page reaches."""
    # Tags are only looked for up to the last ">": an unclosed "<a" after it is text, and
    # the scan never runs to the end of the page once per "<".
    end = data.rfind(b">") + 1
    spans: list[tuple[int, int]] = []
    depth = deepest = 0
    for match in _TOKEN.finditer(data, 0, end):
        name = match.group("name")
        if name is None or name.lower() in _FLAT_TAGS:
            continue
        if match.group("close"):
            if depth > max_depth:
                spans.append(match.span())
            depth = max(depth - 1, 0)
            continue
        depth += 1
        deepest = max(deepest, depth)
        if depth > max_depth:
            spans.append(match.span())
    return spans, deepest


def limit_nesting(data: bytes, max_depth: int = MAX_DEPTH) -> tuple[bytes, int]:
    """The page with the tags of elements nested deeper than `max_depth` replaced by a space
    (their text is kept, in the element at that depth), and the depth the page had.

    The page comes back unchanged when it is not that deep.
    """
    spans, deepest = _tags_too_deep(data, max_depth)
    if not spans:
        return data, deepest
    parts: list[bytes] = []
    start = 0
    for tag_start, tag_end in spans:
        parts.append(data[start:tag_start])
        start = tag_end
    parts.append(data[start:])
    return b" ".join(parts), deepest
