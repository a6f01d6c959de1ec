"""The display title of an e-mail or memo printout: its subject, else a memo's first heading.

Extractors take a title from the first line (text, PDF) or the markup (HTML), which for a
printout is "From: ...", "To: ...", the mailbox owner's name or the file name. An e-mail is
titled by the subject of its first message; a memo by its SUBJECT/RE line, else by the first
heading after its header block. A title given in the metadata (manifest, sidecar, a text
file's `title:` line) always stays.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from indexer.enrich.headers import MEMO_FIELD, Headers

MAX_TITLE_CHARS = 200
NO_SUBJECT = "(no subject)"
_HEADER_LINE = re.compile(
    r"^\s*(?:From|Sent|Date|To|Cc|Bcc|Subject|Importance|Attachments?|MEMORANDUM\b|THROUGH|"
    r"THRU|RE)\s?:?",
    re.IGNORECASE,
)
_MAX_HEADING_WORDS = 12
_MAX_HEADER_LINES = 60


def _short(text: str) -> str:
    return " ".join(text.split())[:MAX_TITLE_CHARS].rstrip()


def _is_heading(line: str) -> bool:
    """A short line that is no sentence and no header field: "Interim Guidance on Holds"."""
    words = line.split()
    has_word = any(sum(char.isalpha() for char in word) >= 2 for word in words)
    return (
        has_word
        and len(words) <= _MAX_HEADING_WORDS
        and not line.rstrip().endswith((".", ",", ";", ":"))
        and words[0][:1].isupper()
        and not _HEADER_LINE.match(line)
    )


def first_heading(text: str) -> str | None:
    """The first heading after a memo's header block (its last field line and the lines
    indented under it)."""
    lines = text.splitlines()[:_MAX_HEADER_LINES]
    fields = [index for index, line in enumerate(lines) if MEMO_FIELD.match(line)]
    if not fields:
        return None
    index = fields[-1] + 1
    while index < len(lines) and lines[index][:1].isspace() and lines[index].strip():
        index += 1
    for line in lines[index:]:
        if _is_heading(line):
            return _short(line)
    return None


def _is_poor(title: str, path: str, names: list[str]) -> bool:
    """A title that says nothing of the record: a header line, the file name, a name."""
    stripped = title.strip()
    return (
        not stripped
        or bool(_HEADER_LINE.match(stripped))
        or stripped == PurePath(path).stem
        or stripped in names
    )


def printout_title(
    title: str, path: str, kind: str | None, headers: Headers | None, text: str
) -> str:
    """The title of a document whose first header is `headers` of `kind`, printed in `text`."""
    if kind not in ("email", "memo") or headers is None:
        return title
    if headers.subject:
        return _short(headers.subject[0])
    heading = first_heading(text) if kind == "memo" else None
    if heading:
        return heading
    names = headers.from_ + headers.to + headers.cc + headers.bcc
    if not _is_poor(title, path, names):
        return title
    return NO_SUBJECT if kind == "email" else "Memorandum"
