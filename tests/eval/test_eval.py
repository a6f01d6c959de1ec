"""The judged evaluation set of search recall (issue 11) as a regression test.

One home holds corpus/ and tests/eval/docs/, ingested once for the module. Each judged query
of queries.json must find its expected documents (and pages) in the top k. A query marked
`"must_pass": false` fails today, and is a strict xfail: the day a change makes it pass,
this test fails until the query is promoted to `"must_pass": true`. The plain words of the
`precision` group must not match more than 10% more pages than in bench/eval-baseline.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.eval.evalset import (
    CLASSES,
    DOCS_DIR,
    ROOT,
    EvalHome,
    EvalQuery,
    Result,
    build_home,
    describe,
    load_set,
    run_query,
    score,
)

pytestmark = pytest.mark.both_engines

EVAL_SET = load_set()
BASELINE_PATH = ROOT / "bench" / "eval-baseline.json"
MIN_JUDGED_QUERIES = 80
MIN_QUERIES_PER_CLASS = 6
PRECISION_QUERIES = 30
PRECISION_GROWTH_LIMIT = 0.10


@pytest.fixture(scope="module")
def eval_home(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[EvalHome]:
    home = build_home(tmp_path_factory.mktemp("eval") / "home")
    yield home
    home.close()


def test_the_set_has_the_queries_the_issue_asks_for() -> None:
    judged = EVAL_SET.judged
    assert len(judged) >= MIN_JUDGED_QUERIES
    for group in CLASSES:
        assert sum(1 for q in judged if q.group == group) >= MIN_QUERIES_PER_CLASS, group
    assert len(EVAL_SET.precision) == PRECISION_QUERIES
    # The equivalence classes are what issue 11 is about: most of their queries fail today.
    assert any(not q.must_pass for q in judged if q.group != "topical")


def test_every_document_of_the_set_is_indexed(eval_home: EvalHome) -> None:
    assert eval_home.report["failed"] == []
    indexed = set(eval_home.paths.values())
    written = {p.relative_to(ROOT).as_posix() for p in DOCS_DIR.rglob("*") if p.is_file()}
    assert written <= indexed
    expected = {item.path for query in EVAL_SET.judged for item in query.expected}
    assert expected <= indexed


def _case(query: EvalQuery) -> object:
    if query.must_pass:
        return pytest.param(query, id=query.id)
    reason = f'fails today; once it passes, set "must_pass": true ({query.note})'
    return pytest.param(query, id=query.id, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("query", [_case(query) for query in EVAL_SET.judged])
def test_query_finds_its_expected_documents(eval_home: EvalHome, query: EvalQuery) -> None:
    outcome = run_query(eval_home, query.text, EVAL_SET.k)
    result = Result(query, outcome, score(query, outcome, EVAL_SET.k))
    assert result.score is not None
    if not result.score.passed:
        pytest.fail(describe(result, EVAL_SET.k), pytrace=False)


def _baseline(path: Path, digest: str) -> dict[str, object]:
    if not path.is_file():
        pytest.skip(f"{path} is missing: run python bench/bench_recall.py --write-baseline")
    baseline: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    documents = baseline["documents"]
    if not isinstance(documents, dict) or documents.get("digest") != digest:
        pytest.skip(
            "the set's documents changed since bench/eval-baseline.json was written: refresh it"
            " with python bench/bench_recall.py --write-baseline"
        )
    return baseline


def test_plain_words_match_at_most_ten_percent_more_pages(eval_home: EvalHome) -> None:
    baseline = _baseline(BASELINE_PATH, eval_home.digest())
    before_by_id = baseline["precision"]
    assert isinstance(before_by_id, dict)
    pages = {q.id: run_query(eval_home, q.text).total_pages for q in EVAL_SET.precision}
    before = sum(before_by_id[query_id]["pages"] for query_id in pages)
    after = sum(pages.values())
    grown = {
        query_id: (before_by_id[query_id]["pages"], count)
        for query_id, count in pages.items()
        if count > before_by_id[query_id]["pages"]
    }
    assert after <= before * (1 + PRECISION_GROWTH_LIMIT), f"{before} -> {after} pages: {grown}"
