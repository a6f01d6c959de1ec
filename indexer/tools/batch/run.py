"""Running a batch: every query of a terms file over every page, into a BatchReport.

Rows are listed best first, at most MAX_ROWS_PER_QUERY a query and MAX_ROWS a batch. Only page
keys are kept while the queries run; Bates numbers and page texts are read from SQLite in
chunks, and snippets are cut, while the rows are written. A caller may be told how far the
batch got (`progress`) and may give it a time limit (`seconds`): the lines left then become
problems, reported once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from indexer.search.engine import Engine
from indexer.search.equivalence.vocabulary import vocabulary_for
from indexer.search.pages import PageLister, PageMatches
from indexer.search.rules import Resolver
from indexer.store.database import Store
from indexer.tools.batch.rows import BatchRow, PageReader, query_rows
from indexer.tools.batch.terms import (
    FALLBACK_ENCODING,
    BatchProblem,
    BatchQuery,
    clean_query,
    decode_lines,
    line_notices,
    parse_line,
    split_lines,
)

MAX_QUERIES = 10_000
MAX_ROWS_PER_QUERY = 10_000
MAX_ROWS = 1_000_000
# Told (query lines done, query lines in all) after each query line.
Progress = Callable[[int, int], None]


@dataclass
class BatchReport:
    """What a batch found; `rows()` reads texts and cuts snippets only when asked."""

    store: Store = field(repr=False)
    queries: list[BatchQuery] = field(default_factory=list)
    problems: list[BatchProblem] = field(default_factory=list)
    encoding: str = "utf-8"
    seconds: float = 0.0
    _reader: PageReader | None = field(default=None, init=False, repr=False)

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
            self._reader = PageReader(self.store)
        return query_rows(query, self._reader, html)


def run_batch(
    engine: Engine,
    store: Store,
    lines: bytes | str | Iterable[str],
    resolve: Resolver | None = None,
    max_rows_per_query: int = MAX_ROWS_PER_QUERY,
    progress: Progress | None = None,
    seconds: float | None = None,
) -> BatchReport:
    """Run every query of a terms file (raw bytes, text, or lines). Bad lines are reported
    in `problems`, never fatal; so are the lines left when `seconds` have passed. Raises
    IndexNotBuiltError / SchemaOutdatedError when there is no usable index."""
    started = time.perf_counter()
    report = BatchReport(store)
    lines = _decoded(lines, report)
    total = sum(parse_line(line) is not None for line in lines)
    lister = _CachedLister(PageLister(engine, resolve, vocabulary_for(store)))
    rows_left = MAX_ROWS
    done = 0
    for number, line in enumerate(lines, start=1):
        parsed = parse_line(line)
        if parsed is None:
            continue
        if seconds is not None and time.perf_counter() - started > seconds:
            message = f"the batch's {seconds:g} s ran out: this line and the {total - done - 1:,}"
            report.problems.append(BatchProblem(number, message + " after it did not run", True))
            break
        done += 1
        if isinstance(parsed, str):
            report.problems.append(BatchProblem(number, parsed, is_error=True))
        elif len(report.queries) == MAX_QUERIES:
            report.problems.append(
                BatchProblem(number, f"only the first {MAX_QUERIES:,} queries run", True)
            )
            break
        else:
            for notice in line_notices(line):
                report.problems.append(BatchProblem(number, notice, is_error=False))
            parsed = (parsed[0], clean_query(parsed[1]))
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
        if progress is not None:
            progress(done, total)
    report.problems.sort(key=lambda problem: problem.line)
    report.seconds = time.perf_counter() - started
    return report


def _decoded(lines: bytes | str | Iterable[str], report: BatchReport) -> list[str]:
    """The lines of a terms file; a line that is not UTF-8 is reported in `report`."""
    if isinstance(lines, str):
        return split_lines(lines)
    if not isinstance(lines, bytes):
        return list(lines)
    decoded, report.encoding, bad = decode_lines(lines)
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
    return decoded


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
