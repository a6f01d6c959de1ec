"""Batch search: a list of queries, one a line, each run over every page, written as CSV or JSON.

The terms file: one query a line in the full query language, with an optional label before a
tab (`label<TAB>query`, the shape of bench/queries.txt: a tab, because commas and quotation
marks belong to the query language). Blank lines and lines starting with `#` are skipped. A
file that is not UTF-8 is read line by line, each undecodable line as Windows-1252, and the
report says which. Each malformed line is reported with its number and the rest runs; a query
the parser had to repair runs too, with a notice.

Rows are listed best first, at most MAX_ROWS_PER_QUERY a query and MAX_ROWS a batch. Only page
keys are kept while the queries run; Bates numbers and page texts are read from SQLite in
chunks, and snippets are cut, while the rows are written.
"""

from __future__ import annotations

import csv
import json
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any, TextIO

from indexer.citations.formats import FORMULA_PREFIXES
from indexer.engines.whoosh.index import IndexStore
from indexer.model.refs import PageRef
from indexer.search.rules import Resolver
from indexer.search.similar import PageLister, PageMatches
from indexer.store.database import Store
from indexer.text.highlight import (
    SNIPPET_CHARS,
    HighlightTerms,
    mark,
    merge_spans,
    snippet,
    snippet_window,
)
from indexer.text.terms import fold, iter_terms

MAX_QUERIES = 10_000
MAX_ROWS_PER_QUERY = 10_000
MAX_ROWS = 1_000_000
MAX_LABEL_CHARS = 200
FALLBACK_ENCODING = "cp1252"
CSV_COLUMNS = (
    "label", "query", "doc_id", "page", "bates", "snippet", "url",
    "line", "query_documents", "query_pages",
)  # fmt: skip
FORMATS = ("csv", "json")
_CHUNK_PAGES = 500
# Page texts kept while rows are written (a page is a row of many queries): about 50 MB.
_CACHED_CHARS = 50_000_000
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARK_RE = re.compile(r"</?mark>")


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


@dataclass(frozen=True)
class BatchRow:
    line: int
    label: str
    query: str
    doc_id: str | None  # None on the one row of a query that matched nothing
    page: int | None
    bates: str | None
    snippet: str  # HTML (hits in <mark>) or plain text, as asked
    query_documents: int
    query_pages: int

    @property
    def ref(self) -> PageRef | None:
        """The matching page; None on the row of a query that matched nothing."""
        return PageRef(self.doc_id, self.page) if self.doc_id and self.page else None

    @property
    def url(self) -> str | None:
        return self.ref.url if self.ref else None

    def to_json(self, base_url: str = "") -> dict[str, Any]:
        """The row; with `base_url`, its permalink is absolute."""
        ref = self.ref.to_json() if self.ref else {"doc_id": None, "page": None, "url": None}
        return {
            "doc_id": ref["doc_id"],
            "page": ref["page"],
            "bates": self.bates,
            "snippet": self.snippet,
            "url": _absolute(ref["url"], base_url),
        }


@dataclass
class BatchReport:
    """What a batch found; `rows()` reads texts and cuts snippets only when asked."""

    store: Store = field(repr=False)
    queries: list[BatchQuery] = field(default_factory=list)
    problems: list[BatchProblem] = field(default_factory=list)
    encoding: str = "utf-8"
    seconds: float = 0.0
    _reader: _PageReader | None = field(default=None, init=False, repr=False)

    @property
    def total_rows(self) -> int:
        return sum(len(query.pages) for query in self.queries)

    def summary_json(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "seconds": round(self.seconds, 3),
            "total_rows": self.total_rows,
            "problems": [problem.to_json() for problem in self.problems],
            "queries": [query.summary_json() for query in self.queries],
        }

    def rows(self, query: BatchQuery, html: bool = True) -> Iterator[BatchRow]:
        """The rows of one query of this report, best first; one row without a page when
        it matched nothing."""
        if self._reader is None:
            self._reader = _PageReader(self.store)
        return _rows(query, self._reader, html)


# -- reading the terms file -------------------------------------------------------------------


def decode_lines(data: bytes) -> tuple[list[str], str, list[int]]:
    """The lines of a terms file, the encoding read, and the numbers of the lines that were
    not UTF-8 (read as Windows-1252 instead)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _split(data.decode("utf-16")), "utf-16", []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return _split(data.decode("utf-8")), "utf-8", []
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


def _split(text: str) -> list[str]:
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


# -- running ----------------------------------------------------------------------------------


def run_batch(
    index_store: IndexStore,
    store: Store,
    lines: bytes | str | Iterable[str],
    resolve: Resolver | None = None,
    max_rows_per_query: int = MAX_ROWS_PER_QUERY,
) -> BatchReport:
    """Run every query of a terms file (raw bytes, text, or lines). Bad lines are reported
    in `problems`, never fatal. Raises IndexNotBuiltError / SchemaOutdatedError when there is
    no usable index."""
    started = time.perf_counter()
    report = BatchReport(store)
    if isinstance(lines, bytes):
        lines, report.encoding, bad = decode_lines(lines)
        if bad:
            shown = ", ".join(map(str, bad[:10])) + (" …" if len(bad) > 10 else "")
            report.problems.append(
                BatchProblem(
                    bad[0],
                    f"{len(bad)} line{'s are' if len(bad) > 1 else ' is'} not UTF-8 and"
                    f" {'were' if len(bad) > 1 else 'was'} read as {FALLBACK_ENCODING}"
                    f" (line{'s' if len(bad) > 1 else ''} {shown})",
                    is_error=False,
                )
            )
    elif isinstance(lines, str):
        lines = _split(lines)
    lister = _CachedLister(PageLister(index_store, resolve))
    rows_left = MAX_ROWS
    for number, line in enumerate(lines, start=1):
        parsed = parse_line(line)
        if parsed is None:
            continue
        if isinstance(parsed, str):
            report.problems.append(BatchProblem(number, parsed, is_error=True))
            continue
        if len(report.queries) == MAX_QUERIES:
            report.problems.append(
                BatchProblem(number, f"only the first {MAX_QUERIES:,} queries run", True)
            )
            break
        cap = min(max_rows_per_query, rows_left)
        limit = (
            f"at most {cap:,} rows a query"
            if cap == max_rows_per_query
            else f"the batch's {MAX_ROWS:,} rows are used up"
        )
        query = _run_one(lister, (number, *parsed), cap, limit, report)
        if query is not None:
            report.queries.append(query)
            rows_left -= len(query.pages)
    report.problems.sort(key=lambda problem: problem.line)
    report.seconds = time.perf_counter() - started
    return report


class _CachedLister:
    """A query that comes back in the list (lists are pasted together) runs once."""

    def __init__(self, lister: PageLister) -> None:
        self.lister = lister
        self.found: dict[tuple[str, int], PageMatches] = {}

    def pages(self, text: str, cap: int) -> PageMatches:
        key = (text, cap)
        if key not in self.found:
            self.found[key] = self.lister.pages(text, cap)
        return self.found[key]


def _run_one(
    lister: _CachedLister, line: tuple[int, str, str], cap: int, limit: str, report: BatchReport
) -> BatchQuery | None:
    number, label, text = line
    try:
        found = lister.pages(text, cap)
    except Exception as error:  # noqa: BLE001  one bad line must not lose the other 9,999
        report.problems.append(BatchProblem(number, f"the query failed: {error}", True))
        return None
    if not found.is_searched:
        report.problems.append(BatchProblem(number, found.notice or "nothing to search", True))
        return None
    if found.notice:
        report.problems.append(BatchProblem(number, found.notice, is_error=False))
    if found.is_truncated:
        report.problems.append(
            BatchProblem(
                number,
                f"{found.total_pages:,} pages match: only the best {len(found.pages):,} are"
                f" listed ({limit})",
                is_error=False,
            )
        )
    return BatchQuery(
        number,
        label,
        text,
        found.notice,
        found.total_documents,
        found.total_pages,
        found.pages,
        found.terms,
    )


# -- snippets ---------------------------------------------------------------------------------
# `highlight.snippet` tokenizes the whole page, some milliseconds a page: too slow for a
# hundred thousand rows. Here one regular expression per query finds where a hit can start
# (a term's first letters, in C), and only those words are tokenized to check them.

_PREFIX_CHARS = 5
_WORD_AHEAD_RE = re.compile(r"\S+(?:\s+\S+)?")
# A word the tokenizer takes as it is: not a compound (opt-out, U.S.), not a possessive, not
# hyphenated across a line break, not a section such as 287(g) or 287 (g).
_PLAIN_WORD_RE = re.compile(r"(?!\d+\s?\()\w++(?![-./'&\u2019\u2010-\u2015\u2212\u00ad])")


def _tokens_at(text: str, start: int) -> list[tuple[str, int, int]]:
    """(term, start, end) of the tokens of the word at `start`, by the tokenizer."""
    ahead = _WORD_AHEAD_RE.match(text, start)
    region = ahead.group(0)[:60] if ahead else ""
    tokens, first_end = [], None
    for term, _, token_start, token_end in iter_terms(region):
        first_end = token_end if first_end is None else first_end
        if token_start >= first_end:
            break
        tokens.append((term, start + token_start, start + token_end))
    return tokens


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> the plain letter, one character for one, so that the
    regex finds "Peña" for `pena` and the offsets still point into the text."""
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha() and len(chr(code).lower()) == 1:
            table[code] = base
    return table


_ACCENTS = _accent_table()


def _prefix(term: str) -> str | None:
    """A regex for where a word folding to `term` (or, for a stem, any word with that stem)
    starts, or None."""
    if re.fullmatch(r"b\d[a-f]?", term):  # (b)(6), (b)(7)(C)
        return r"\(b\)|b\d"
    section = re.match(r"\d+(?=[a-z])", term)  # 287(g)
    if section:
        return section.group(0)
    if not term.isascii() or not term.isalnum():
        return None  # accents and other scripts fold: only the tokenizer can tell
    # Porter changes a stem's last letter ("agency" -> "agenci", "sharing" -> "share"):
    # look for what comes before it.
    core = term[:-1] if len(term) > 2 else term
    return re.escape(core[:_PREFIX_CHARS])


class SnippetMaker:
    """Snippets of one query's rows, as `highlight.snippet` cuts them, found by regex."""

    def __init__(self, terms: HighlightTerms) -> None:
        self.terms = terms
        words = set(terms.exact) | set(terms.stems) | {w for p in terms.phrases for w in p}
        prefixes = [_prefix(word) for word in sorted(words)]
        self.needs_tokenizer = None in prefixes  # a term with no prefix: tokenize whole pages
        chosen = sorted({p for p in prefixes if p}, key=len, reverse=True)
        # Plain letters are found faster by str.find on the lower-cased text than by a regex.
        self.literals = chosen if all(p.isalnum() for p in chosen) else None
        pattern = "|".join(chosen)
        self.regex = re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE) if pattern else None

    def _starts(self, text: str) -> list[int]:
        """Where a word that may be a hit starts."""
        plain = text if text.isascii() else text.translate(_ACCENTS)
        lowered = plain.lower()
        if self.literals is None or len(lowered) != len(text):
            return [match.start() for match in self.regex.finditer(plain)] if self.regex else []
        starts = set()
        for literal in self.literals:
            at = lowered.find(literal)
            while at != -1:
                before = lowered[at - 1] if at else " "
                if not (before.isalnum() or before == "_"):
                    starts.add(at)
                at = lowered.find(literal, at + 1)
        return sorted(starts)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the hits in `text`, merged and in order."""
        found: list[tuple[str, int, int]] = []
        covered = 0  # the end of the last compound read: its parts came with it
        for start in self._starts(text):
            if start < covered:
                continue
            word = _PLAIN_WORD_RE.match(text, start)
            if word is not None:  # a plain word: no need for the tokenizer
                raw = word.group(0)
                found.append((raw.lower() if raw.isascii() else fold(raw), *word.span()))
            else:
                tokens = _tokens_at(text, start)
                found += tokens
                covered = max((end for _, _, end in tokens), default=covered)
        spans = [(start, end) for term, start, end in found if self.terms.matches(term)]
        spans += self._phrase_spans(text, sorted(set(found), key=lambda t: (t[1], -t[2])))
        return merge_spans(spans)

    def _phrase_spans(self, text: str, found: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
        spans = []
        for phrase in self.terms.phrases:
            for index, (term, start, end) in enumerate(found):
                if term != phrase[0]:
                    continue
                cursor, last = index, end
                for word in phrase[1:]:
                    cursor += 1
                    while cursor < len(found) and found[cursor][1] < last:
                        cursor += 1  # the parts of a compound sit inside its closed form
                    if cursor >= len(found) or found[cursor][0] != word:
                        break
                    if re.search(r"\w", text[last : found[cursor][1]]):
                        break
                    last = found[cursor][2]
                else:
                    spans.append((start, last))
        return spans

    def cut(self, text: str, html: bool) -> str:
        """The snippet of one page: HTML with hits in <mark>, or plain text."""
        if self.needs_tokenizer:
            cut = snippet(text, self.terms)
            return cut if html else unescape(_MARK_RE.sub("", cut))
        spans = self.hits(text)
        start, end = snippet_window(text, spans, SNIPPET_CHARS)
        if html:
            inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans]
            body = " ".join(mark(text[start:end], [(s, e) for s, e in inside if e > s]).split())
        else:
            body = " ".join(text[start:end].split())
        return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


# -- rows and writers -------------------------------------------------------------------------


class _PageReader:
    """Bates numbers and texts of pages, read in chunks and kept for a while (a page is often
    a row of many queries)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: OrderedDict[tuple[str, int], tuple[str | None, str]] = OrderedDict()
        self.chars = 0

    def pages(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str | None, str]]:
        missing = []
        for key in dict.fromkeys(keys):
            if key in self.cache:
                self.cache.move_to_end(key)  # the least recently used go first
            else:
                missing.append(key)
        if missing:
            for key, (bates, text) in self.store.bates_and_texts(missing).items():
                self.cache[key] = (bates, text)
                self.chars += len(text)
            while self.chars > _CACHED_CHARS and len(self.cache) > len(keys):
                self.chars -= len(self.cache.popitem(last=False)[1][1])
        return {key: self.cache[key] for key in keys if key in self.cache}


def _rows(query: BatchQuery, reader: _PageReader, html: bool) -> Iterator[BatchRow]:
    head = (query.line, query.label, query.query)
    counts = (query.total_documents, query.total_pages)
    if not query.pages:
        yield BatchRow(*head, None, None, None, "", *counts)
        return
    maker = SnippetMaker(query.terms)
    for offset in range(0, len(query.pages), _CHUNK_PAGES):
        chunk = list(query.pages[offset : offset + _CHUNK_PAGES])
        found = reader.pages(chunk)
        for key in chunk:
            if key not in found:  # indexed but removed from the store since
                continue
            bates, text = found[key]
            yield BatchRow(*head, key[0], key[1], bates, maker.cut(text, html), *counts)


def _absolute(url: str | None, base_url: str) -> str | None:
    return base_url.rstrip("/") + url if url and base_url else url


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def write_csv(report: BatchReport, handle: TextIO, base_url: str = "") -> int:
    """CSV_COLUMNS, a row per matching page with a plain-text snippet, and one row without a
    page for a query that matched nothing. Cells a spreadsheet would run as a formula get a
    leading apostrophe; with `base_url`, permalinks are absolute. Returns the number of page
    rows written."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    written = 0
    for query in report.queries:
        for row in report.rows(query, html=False):
            written += row.doc_id is not None
            writer.writerow(
                [
                    _cell(row.label),
                    _cell(row.query),
                    row.doc_id or "",
                    row.page or "",
                    _cell(row.bates),
                    _cell(row.snippet),
                    _absolute(row.url, base_url) or "",
                    row.line,
                    row.query_documents,
                    row.query_pages,
                ]
            )
    return written


def write_json(report: BatchReport, handle: TextIO, base_url: str = "") -> int:
    """The report as one JSON object: `summary_json()` with each query's `rows` (HTML
    snippets), written query by query; with `base_url`, permalinks are absolute. Returns the
    number of page rows written."""
    summary = report.summary_json()
    queries = summary.pop("queries")
    head = json.dumps(summary, ensure_ascii=False)
    handle.write(head[:-1] + ', "queries": [')
    written = 0
    for index, (query, data) in enumerate(zip(report.queries, queries, strict=True)):
        rows = [row.to_json(base_url) for row in report.rows(query) if row.doc_id is not None]
        written += len(rows)
        handle.write(("," if index else "") + "\n" + json.dumps({**data, "rows": rows}))
    handle.write("\n]}\n")
    return written
