"""Issue 13: facets and timeline counted by difference from the largest set counted before are
the counts of a fresh engine, also after documents were replaced and removed."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from indexer.engines import ENGINE_VARIABLE
from indexer.engines.tantivy import matching
from indexer.engines.tantivy.matching import Row
from indexer.engines.tantivy.tally import Tallies
from indexer.search.service import SearchRequest, search
from tests.conftest import Home, write_docs

MONTHS = ["January", "March", "June", "October"]
AGENCIES = ["ICE", "CBP", "FBI", "USCIS"]
WORDS = ["alpha", "beta", "gamma"]


def _record(number: int) -> str:
    """A memo with its own date, agency, exemption and words (each number differs)."""
    words = " ".join(word for bit, word in enumerate(WORDS) if number >> bit & 1)
    exemption = "(b)(6)" if number % 3 == 0 else "(b)(5)" if number % 3 == 1 else ""
    return (
        f"MEMORANDUM\nDate: {MONTHS[number % 4]} {number % 27 + 1}, {2010 + number % 5}\n"
        f"From: {AGENCIES[number % 4]} Office of the Director\n\n"
        f"The detainer report {words} was reviewed {exemption}.\f"
        f"Second page of record {number}, {words or 'plain'}."
    )


QUERIES = ["the", "detainer", "the NOT alpha", "alpha", "NOT gamma", "the", "beta OR gamma"]


def _counts(home: Home, text: str) -> tuple[object, object, int]:
    result = search(home.engine, home.store, SearchRequest(text))
    facets = {name: dict(counts) for name, counts in result.facets.items()}
    return facets, dict(result.timeline), result.total_documents


def _fresh(path: Path, text: str) -> tuple[object, object, int]:
    home = Home(path)  # a new engine: nothing counted before, no query by its complement
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matching, "COMPLEMENT_SHARE", 2.0)
            return _counts(home, text)
    finally:
        home.close()


@pytest.mark.parametrize("share", [None, 0.0], ids=["as-shipped", "every-query-by-complement"])
def test_counts_by_difference_are_the_direct_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float | None
) -> None:
    """Also when each query is counted as the whole index less its complement: the whole
    counted before documents were replaced and removed is not used after."""
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
    if share is not None:
        monkeypatch.setattr(matching, "COMPLEMENT_SHARE", share)
    records = write_docs(tmp_path / "records", {f"m{n:02d}.txt": _record(n) for n in range(40)})
    home = Home(tmp_path / "home")
    try:
        home.ingest(records, workers=1)
        for text in QUERIES:
            assert _counts(home, text) == _fresh(home.path, text), text
        # Documents replaced and removed: the largest set counted holds rows that are gone.
        (records / "m03.txt").write_text(_record(3).replace("detainer", "warrant"))
        for name in ("m05.txt", "m06.txt", "m07.txt"):
            (records / name).unlink()
        home.ingest(records, workers=1, prune=True)
        for text in [*QUERIES, "warrant"]:
            assert _counts(home, text) == _fresh(home.path, text), text
        assert _counts(home, "the")[2] == 37
    finally:
        home.close()


def _row(docno: int) -> Row:
    """An invented document row: a few label pairs and a month that vary with its number."""
    pairs = tuple(sorted({docno % 7, 10 + docno % 3, 20 + docno % 11}))
    month = None if docno % 5 == 0 else f"20{10 + docno % 9}-0{1 + docno % 9}"
    return Row(f"doc{docno}", 0, "", (), pairs, month)


def test_a_tally_over_a_shared_growing_row_map_counts_only_its_documents() -> None:
    """The tally reads rows from the engine's row cache, which holds other documents too and
    keeps growing: each set of documents gets its direct count, whatever was counted before."""
    rows: dict[int, Row] = {}
    tallies = Tallies()
    chooser = random.Random(13)
    for _ in range(60):
        docnos = set(chooser.sample(range(400), chooser.randint(0, 300)))
        rows.update({docno: _row(docno) for docno in docnos | {chooser.randrange(1000)}})
        counted = tallies.tally(dict.fromkeys(docnos).keys(), rows)
        listed = [_row(docno) for docno in docnos]
        direct_pairs = Counter(pair for row in listed for pair in row.pairs)
        direct_months = Counter(row.month for row in listed)
        assert counted.pairs == +direct_pairs
        assert counted.months == +direct_months
        if chooser.random() < 0.1:
            rows = {}  # the cache dropped whole: earlier tallies keep the rows they read
