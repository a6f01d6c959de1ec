"""The measuring instrument itself: the scores of a ranking, and a malformed set refused."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.eval.evalset import (
    EvalQuery,
    EvalSetError,
    Expected,
    Outcome,
    load_set,
    score,
)

MEMO = "tests/eval/docs/memo/uscis-interview-backlog-memo.txt"
THREAD = "tests/eval/docs/email/detainer-review-thread.txt"
OTHER = "corpus/press/000_70bb6ec659f4e9e2.txt"


def _outcome(*ranks: tuple[str, ...], pages: dict[str, tuple[int, ...]] | None = None) -> Outcome:
    return Outcome(
        shown=tuple(rank[0] for rank in ranks),
        ranked=tuple(frozenset(rank) for rank in ranks),
        pages=pages or {},
        total_documents=len(ranks),
        total_pages=len(ranks),
        notice=None,
        seconds=0.0,
    )


def _query(*expected: Expected) -> EvalQuery:
    return EvalQuery(id="t-1", group="numbers", text="x", expected=expected)


def test_a_ranking_with_both_documents_below_another_one() -> None:
    query = _query(Expected(MEMO), Expected(THREAD))
    result = score(query, _outcome((OTHER,), (MEMO,), (THREAD,)))
    assert result.recall == 1.0
    assert result.reciprocal_rank == 0.5
    ideal = 1 + 1 / math.log2(3)
    assert result.ndcg == pytest.approx((1 / math.log2(3) + 1 / math.log2(4)) / ideal)
    assert result.passed


def test_a_document_beyond_k_or_a_page_not_listed_is_missing() -> None:
    query = _query(Expected(MEMO, (2,)), Expected(THREAD))
    outcome = _outcome((MEMO,), (OTHER,), (THREAD,), pages={MEMO: (1,)})
    result = score(query, outcome, k=2)
    assert result.recall == 0.5
    assert result.reciprocal_rank == 1.0
    assert (result.pages_expected, result.pages_found) == (1, 0)
    assert result.missing == (f"{MEMO} p. 2", THREAD)
    assert not result.passed


def test_nothing_found_scores_zero() -> None:
    result = score(_query(Expected(MEMO)), _outcome())
    assert (result.recall, result.reciprocal_rank, result.ndcg) == (0.0, 0.0, 0.0)
    assert result.missing == (MEMO,)


def test_a_copy_collapsed_under_the_shown_document_counts_at_its_rank() -> None:
    result = score(_query(Expected(THREAD)), _outcome((OTHER,), (MEMO, THREAD)))
    assert result.reciprocal_rank == 0.5
    assert result.passed


def _write(tmp_path: Path, queries: list[dict[str, object]]) -> Path:
    path = tmp_path / "queries.json"
    path.write_text(json.dumps({"k": 10, "queries": queries}), encoding="utf-8")
    return path


GOOD = {"id": "a", "class": "numbers", "query": "45%", "expected": [{"path": MEMO}]}


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ([GOOD, GOOD], "used twice"),
        ([{**GOOD, "class": "weather"}], "unknown class"),
        ([{**GOOD, "expected": []}], "lists its expected documents"),
        ([{**GOOD, "class": "precision"}], "lists no expected documents"),
        ([{**GOOD, "expected": [{"path": "corpus/nothing-here.pdf"}]}], "does not exist"),
        ([{**GOOD, "expected": [{"path": "README.md"}]}], "outside corpus/"),
        ([{**GOOD, "expected": [{"path": MEMO, "pages": [0]}]}], "page numbers"),
        ([{"id": "a", "query": "45%"}], "needs an 'id', a 'class'"),
    ],
)
def test_a_malformed_set_is_refused(
    tmp_path: Path, queries: list[dict[str, object]], message: str
) -> None:
    with pytest.raises(EvalSetError, match=message):
        load_set(_write(tmp_path, queries))


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "queries.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(EvalSetError, match="queries.json"):
        load_set(path)
