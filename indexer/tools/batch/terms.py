"""The terms file of a batch: its lines decoded and parsed, and what each line became."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from indexer.text.highlight import HighlightTerms

MAX_LABEL_CHARS = 200
FALLBACK_ENCODING = "cp1252"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class BatchProblem:
    line: int
    message: str
    is_error: bool  # True: the line did not run; False: it ran, with this notice

    def to_json(self) -> dict[str, Any]:
        kind = "error" if self.is_error else "notice"
        return {"line": self.line, "kind": kind, "message": self.message}


@dataclass(frozen=True)
class BatchQuery:
    """One query of the batch: its counts and its best pages (doc_id, page), best first."""

    line: int
    label: str
    query: str
    notice: str | None
    total_documents: int
    total_pages: int
    pages: tuple[tuple[str, int], ...]
    terms: HighlightTerms

    @property
    def is_truncated(self) -> bool:
        return len(self.pages) < self.total_pages

    def summary_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "label": self.label,
            "query": self.query,
            "notice": self.notice,
            "total_documents": self.total_documents,
            "total_pages": self.total_pages,
            "rows": len(self.pages),
            "is_truncated": self.is_truncated,
        }


def decode_lines(data: bytes) -> tuple[list[str], str, list[int]]:
    """The lines of a terms file, the encoding read, and the numbers of the lines that were
    not UTF-8 (read as Windows-1252 instead)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return split_lines(data.decode("utf-16")), "utf-16", []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return split_lines(data.decode("utf-8")), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines, bad = [], []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode(FALLBACK_ENCODING, errors="replace"))
            bad.append(number)
    return [line.rstrip("\r") for line in lines], f"utf-8, some lines {FALLBACK_ENCODING}", bad


def split_lines(text: str) -> list[str]:
    """The lines of a terms file's text, numbered as an editor numbers them."""
    # Not str.splitlines(): it also breaks at form feeds and other separators, and the line
    # numbers reported must be the ones an editor shows.
    return [line.rstrip("\r") for line in text.split("\n")]


def parse_line(line: str) -> tuple[str, str] | str | None:
    """(label, query) of one line; None for a blank or comment line; a string saying what is
    wrong with a malformed line."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    label, tab, query = line.partition("\t")
    if not tab:
        label, query = "", line
    label, query = label.strip(), query.strip()
    if "\t" in query:
        return "more than one tab: a line is a query, or a label, a tab and a query"
    if not query:
        return "a label with no query after the tab"
    if _CONTROL_RE.search(line.replace("\t", " ")):
        return "control characters in the line"
    if len(label) > MAX_LABEL_CHARS:
        return f"a label longer than {MAX_LABEL_CHARS} characters"
    return label, query


def _invisible(text: str) -> list[str]:
    """The characters of `text` that look like a space or like nothing: spaces other than
    the plain one, zero-width and other format characters (a paste from a word processor)."""
    return [
        character
        for character in text
        if character not in " \t"
        and (character.isspace() or unicodedata.category(character) in ("Cf", "Zs", "Zl", "Zp"))
    ]


def line_notices(line: str) -> list[str]:
    """What is odd about a line that runs: a tab or spaces before its label or query (a
    label left out, a column pasted with its indent), and invisible or unusual spaces. Each
    is said, so that no line runs other than it reads."""
    notices = []
    if line.startswith("\t"):
        notices.append(
            "the line starts with a tab: it ran without a label (label<TAB>query puts the"
            " label first)"
        )
    elif line[:1].isspace():
        notices.append("the spaces at the start of the line were left out")
    odd = _invisible(line)
    if odd:
        names = ", ".join(sorted({f"U+{ord(c):04X}" for c in odd}))
        notices.append(f"invisible or unusual spaces ({names}) were read as plain spaces")
    return notices


def clean_query(query: str) -> str:
    """The query with invisible characters and unusual spaces read as plain spaces."""
    odd = set(_invisible(query))
    return " ".join("".join(" " if c in odd else c for c in query).split()) if odd else query


def count_query_lines(data: bytes) -> int:
    """How many lines of a terms file are queries or malformed lines (neither blank nor a
    comment): what a batch of it runs through."""
    lines, _, _ = decode_lines(data)
    return sum(parse_line(line) is not None for line in lines)
