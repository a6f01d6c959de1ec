"""Plain text, with header lines such as "tags:" read as metadata."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from indexer.extractors import ExtractionError
from indexer.extractors.encoding import decode_bytes
from indexer.model.document import Document, Page
from indexer.text.values import normalize_date, split_tags

# Only these keys make a leading line a header: "From:" or "Subject:" lines belong to the
# body, where the e-mail/memo header enrichment reads them.
HEADER_KEYS = frozenset(
    {"title", "date", "source", "url", "tags", "type", "release", "bates_start", "author"}
)
MAX_TITLE_CHARS = 200

_HEADER_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_][A-Za-z_ ]{0,30}?)\s*:\s?(?P<value>.*)$")


def decode_text(data: bytes) -> str:
    """The text in its detected encoding (a BOM is dropped, see `detect_encoding`); line
    endings become "\\n"."""
    return decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")


def _header_key(line: str) -> tuple[str, str] | None:
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    key = match["key"].strip().lower().replace(" ", "_")
    return (key, match["value"].strip()) if key in HEADER_KEYS else None


def split_header(text: str) -> tuple[dict[str, Any], str]:
    """Metadata from the leading `key: value` lines, and the text after them.

    The header ends at the first blank line or the first line that is not a known key.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    metadata: dict[str, Any] = {}
    end = start
    while end < len(lines) and (header := _header_key(lines[end])) is not None:
        key, value = header
        if key == "tags":
            metadata["tags"] = split_tags(value)
        elif key == "date":
            date = normalize_date(value)
            if date is not None:
                metadata["date"] = date
            elif value:
                metadata["date_text"] = value  # unreadable dates are kept, never guessed
        elif value:
            metadata[key] = value
        end += 1
    if end == start:
        return {}, text
    return metadata, "\n".join(lines[end:]).lstrip("\n")


def first_line(text: str) -> str | None:
    """The first non-empty line, whitespace collapsed, trimmed to MAX_TITLE_CHARS."""
    for line in text.split("\n"):
        words = line.split()
        if words:
            return " ".join(words)[:MAX_TITLE_CHARS].rstrip()
    return None


class TextExtractor:
    """A plain-text file; leading header lines become metadata.

    Form feeds separate pages (as in `pdftotext` output and printed e-mail dumps); a file
    without one is a single page.
    """

    def extract(self, path: Path) -> Document:
        """The file's pages; raises ExtractionError when it cannot be read."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None
        metadata, body = split_header(decode_text(data))
        title = metadata.get("title") or first_line(body.split("\f")[0]) or path.stem
        return Document(
            doc_id="",
            sha256="",
            path=str(path),
            format="text",
            title=title,
            pages=tuple(
                Page(page=number, text=text) for number, text in enumerate(body.split("\f"), 1)
            ),
            metadata=metadata,
        )
