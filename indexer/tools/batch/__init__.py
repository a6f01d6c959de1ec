"""Batch search: a list of queries, one a line, each run over every page, written as CSV or JSON.

The terms file: one query a line in the full query language, with an optional label before a
tab (`label<TAB>query`, the shape of bench/queries.txt: a tab, because commas and quotation
marks belong to the query language). Blank lines and lines starting with `#` are skipped. A
file that is not UTF-8 is read line by line, each undecodable line as Windows-1252, and the
report says which. Each malformed line is reported with its number and the rest runs; a query
the parser had to repair runs too, with a notice.

The modules, one job each: `terms` (the file's lines, decoded and parsed), `run` (the queries
run into a BatchReport), `snippets` (hits found fast, cut as the highlighter cuts them), `rows`
(page texts read in chunks, a row per page), `writers` (CSV and JSON). Callers import from
here.
"""

from indexer.tools.batch.rows import BatchRow
from indexer.tools.batch.run import (
    MAX_QUERIES,
    MAX_ROWS,
    MAX_ROWS_PER_QUERY,
    BatchReport,
    run_batch,
)
from indexer.tools.batch.terms import (
    FALLBACK_ENCODING,
    MAX_LABEL_CHARS,
    BatchProblem,
    BatchQuery,
    decode_lines,
    parse_line,
)
from indexer.tools.batch.writers import CSV_COLUMNS, FORMATS, write_csv, write_json

__all__ = [
    "CSV_COLUMNS",
    "FALLBACK_ENCODING",
    "FORMATS",
    "MAX_LABEL_CHARS",
    "MAX_QUERIES",
    "MAX_ROWS",
    "MAX_ROWS_PER_QUERY",
    "BatchProblem",
    "BatchQuery",
    "BatchReport",
    "BatchRow",
    "decode_lines",
    "parse_line",
    "run_batch",
    "write_csv",
    "write_json",
]
