"""The judged evaluation set of search recall: load its queries, build its home, run and score it.

`queries.json` (beside this file) holds the queries and the documents a careful investigator
expects for each; `docs/` holds the records written for the set. This module ingests
`corpus/` and `docs/` into a home with the real pipeline, runs every query through the real
search (the one the web app and the CLI call) and scores it. `test_eval.py` and
`bench/bench_recall.py` both measure with it, so the test and the figures agree.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer import Engine, Ingest, SearchRequest, Store, open_engine, search_with_tags

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "tests" / "eval"
QUERIES_PATH = EVAL_DIR / "queries.json"
DOCS_DIR = EVAL_DIR / "docs"
DOCUMENT_FOLDERS = (ROOT / "corpus", DOCS_DIR)
# The equivalence classes of issue 11, then ordinary topical queries; `precision` is apart.
CLASSES = ("numbers", "roman", "citations", "dockets", "bates", "people", "agencies", "topical")
PRECISION = "precision"
DEFAULT_K = 10
# The most pages a search lists per document: an expected page counts when it is listed.
PAGES_PER_DOCUMENT = 20


class EvalSetError(ValueError):
    """queries.json is malformed, or names a document that is not in the set's folders."""


@dataclass(frozen=True)
class Expected:
    """A document a query must find (its path relative to the repository), and optionally
    the pages of it that must be among its listed pages."""

    path: str
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class EvalQuery:
    """One query of the set. `group` is its class; `must_pass` False means it fails today
    and the test expects it to (strict xfail) until it is promoted."""

    id: str
    group: str
    text: str
    expected: tuple[Expected, ...] = ()
    must_pass: bool = False
    note: str = ""

    @property
    def is_judged(self) -> bool:
        return self.group != PRECISION


@dataclass(frozen=True)
class EvalSet:
    k: int
    queries: tuple[EvalQuery, ...]

    @property
    def judged(self) -> tuple[EvalQuery, ...]:
        return tuple(query for query in self.queries if query.is_judged)

    @property
    def precision(self) -> tuple[EvalQuery, ...]:
        return tuple(query for query in self.queries if not query.is_judged)


def _expected(item: Any, where: str) -> Expected:
    if not isinstance(item, dict) or not isinstance(item.get("path"), str):
        raise EvalSetError(f"{where}: each expected item needs a 'path'")
    pages = item.get("pages", [])
    if not isinstance(pages, list) or not all(isinstance(p, int) and p > 0 for p in pages):
        raise EvalSetError(f"{where}: 'pages' must be a list of page numbers")
    if not (ROOT / item["path"]).is_file():
        raise EvalSetError(f"{where}: {item['path']} does not exist")
    if not any((ROOT / item["path"]).is_relative_to(folder) for folder in DOCUMENT_FOLDERS):
        raise EvalSetError(f"{where}: {item['path']} is outside corpus/ and tests/eval/docs/")
    return Expected(item["path"], tuple(pages))


def _query(item: Any, seen: set[str]) -> EvalQuery:
    if not isinstance(item, dict) or not all(
        isinstance(item.get(key), str) for key in ("id", "class", "query")
    ):
        raise EvalSetError(f"each query needs an 'id', a 'class' and a 'query': {item!r}")
    query_id, group = item["id"], item["class"]
    if query_id in seen:
        raise EvalSetError(f"{query_id}: the id is used twice")
    seen.add(query_id)
    if group not in (*CLASSES, PRECISION):
        raise EvalSetError(f"{query_id}: unknown class {group!r}")
    expected = tuple(_expected(e, query_id) for e in item.get("expected", []))
    if group == PRECISION and expected:
        raise EvalSetError(f"{query_id}: a precision query lists no expected documents")
    if group != PRECISION and not expected:
        raise EvalSetError(f"{query_id}: a judged query lists its expected documents")
    return EvalQuery(
        id=query_id,
        group=group,
        text=item["query"],
        expected=expected,
        must_pass=bool(item.get("must_pass", False)),
        note=str(item.get("note", "")),
    )


def load_set(path: Path = QUERIES_PATH) -> EvalSet:
    """The set in `path`; raises EvalSetError when it is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EvalSetError(f"{path}: {error}") from None
    seen: set[str] = set()
    queries = tuple(_query(item, seen) for item in data.get("queries", []))
    return EvalSet(k=int(data.get("k", DEFAULT_K)), queries=queries)


@dataclass
class EvalHome:
    """A home holding corpus/ and tests/eval/docs/, ingested; `paths` maps doc_id -> the
    document's path relative to the repository."""

    path: Path
    store: Store
    engine: Engine
    report: dict[str, Any]
    paths: dict[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        """A fingerprint of the documents indexed (their paths and SHA-256)."""
        rows = self.store.document_rows(list(self.paths))
        text = "\n".join(sorted(f"{self.paths[d]} {row.sha256}" for d, row in rows.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def close(self) -> None:
        self.engine.close()
        self.store.close()


def _relative(path: str) -> str:
    resolved = Path(path).resolve()
    return resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else path


def build_home(home: Path, *, workers: int = 2, ocr: str = "off") -> EvalHome:
    """Ingest the set's folders into `home` with the real pipeline. OCR is off by default:
    the figures then depend on no Tesseract version, and the run takes seconds."""
    store = Store(home)
    engine = open_engine(home)
    report = Ingest(store, engine, workers=workers, ocr=ocr).run(list(DOCUMENT_FOLDERS))
    doc_ids = store.doc_ids()
    paths = {doc_id: _relative(row.path) for doc_id, row in store.document_rows(doc_ids).items()}
    return EvalHome(home, store, engine, report.to_json(), paths)


@dataclass(frozen=True)
class Outcome:
    """What the search returned for a query: per rank, the path of the document shown and
    the paths of it and the copies collapsed under it; the pages listed per path; the totals."""

    shown: tuple[str, ...]
    ranked: tuple[frozenset[str], ...]
    pages: dict[str, tuple[int, ...]]
    total_documents: int
    total_pages: int
    notice: str | None
    seconds: float


def run_query(home: EvalHome, text: str, k: int = DEFAULT_K) -> Outcome:
    """The top `k` documents of the real search for `text`, as an anonymous user."""
    request = SearchRequest(text, limit=k, pages_per_document=PAGES_PER_DOCUMENT)
    started = time.perf_counter()
    result = search_with_tags(home.engine, home.store, request)
    seconds = time.perf_counter() - started
    shown = []
    ranked = []
    pages: dict[str, tuple[int, ...]] = {}
    for document in result.documents:
        path = home.paths.get(document.doc_id, _relative(document.path))
        copies = {home.paths[d] for d in document.duplicates if d in home.paths}
        shown.append(path)
        ranked.append(frozenset({path, *copies}))
        pages[path] = tuple(page.page for page in document.pages)
    return Outcome(
        shown=tuple(shown),
        ranked=tuple(ranked),
        pages=pages,
        total_documents=result.total_documents,
        total_pages=result.total_pages,
        notice=result.notice,
        seconds=seconds,
    )


@dataclass(frozen=True)
class Score:
    """A judged query's figures over the top k (binary relevance, by document)."""

    recall: float
    reciprocal_rank: float
    ndcg: float
    pages_expected: int
    pages_found: int
    missing: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Every expected document in the top k, with every expected page listed."""
        return not self.missing


def _gains(expected: Sequence[str], ranked: Sequence[frozenset[str]], k: int) -> list[int]:
    """Per rank, how many expected documents it brings that no earlier rank brought."""
    credited: set[str] = set()
    gains = []
    for paths in ranked[:k]:
        new = (paths & set(expected)) - credited
        credited |= new
        gains.append(len(new))
    return gains


def score(query: EvalQuery, outcome: Outcome, k: int = DEFAULT_K) -> Score:
    """Recall@k, reciprocal rank, nDCG@k and the expected pages found for a judged query."""
    expected = [item.path for item in query.expected]
    gains = _gains(expected, outcome.ranked, k)
    found = {path for paths in outcome.ranked[:k] for path in paths}
    first = next((rank for rank, gain in enumerate(gains, 1) if gain), None)
    dcg = sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, 1))
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(expected), k) + 1))
    missing: list[str] = []
    pages_expected = pages_found = 0
    for item in query.expected:
        if item.path not in found:
            missing.append(item.path)
        listed = set(outcome.pages.get(item.path, ()))
        for page in item.pages:
            pages_expected += 1
            if page in listed:
                pages_found += 1
            elif item.path in found:
                missing.append(f"{item.path} p. {page}")
    return Score(
        recall=len(found & set(expected)) / len(expected),
        reciprocal_rank=1 / first if first else 0.0,
        ndcg=min(dcg / ideal, 1.0) if ideal else 0.0,
        pages_expected=pages_expected,
        pages_found=pages_found,
        missing=tuple(missing),
    )


@dataclass(frozen=True)
class Result:
    query: EvalQuery
    outcome: Outcome
    score: Score | None  # None for a precision query


def run_set(home: EvalHome, queries: Iterable[EvalQuery], k: int = DEFAULT_K) -> list[Result]:
    """Every query run and, when judged, scored."""
    results = []
    for query in queries:
        outcome = run_query(home, query.text, k)
        judged = score(query, outcome, k) if query.is_judged else None
        results.append(Result(query, outcome, judged))
    return results


def describe(result: Result, k: int = DEFAULT_K) -> str:
    """Why a query passed or not, for a test's message: what is missing and what came back."""
    missing = result.score.missing if result.score else ()
    lines = [
        f"{result.query.id} {result.query.text!r} ({result.query.note})",
        f"  missing: {', '.join(missing) or 'nothing'}",
        f"  returned {result.outcome.total_documents} documents, "
        f"{result.outcome.total_pages} pages; notice: {result.outcome.notice}",
        *(
            f"  {rank}. {path} pages {result.outcome.pages.get(path, ())}"
            for rank, path in enumerate(result.outcome.shown[:k], 1)
        ),
    ]
    return "\n".join(lines)
