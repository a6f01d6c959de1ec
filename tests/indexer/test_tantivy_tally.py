"""Issue 13: facets and timeline counted by difference from the largest set counted before are
the counts of a fresh engine, also after documents were replaced and removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.engines import ENGINE_VARIABLE
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
    home = Home(path)  # a new engine: nothing counted before
    try:
        return _counts(home, text)
    finally:
        home.close()


def test_counts_by_difference_are_the_direct_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "tantivy")
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
