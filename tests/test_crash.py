"""The crash test, small: a real `foia ingest` killed with SIGKILL at three seeded random
moments, on a generated corpus with a manifest and annotations. After each kill, and after
the run that follows: `list` = `stats` = search, no page twice in the index, every tag and
note still attached, every document in exactly one run and announced once by alerts.
`bench/bench_crash.py` runs the same loop fifty times on a bigger corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.engines import open_engine
from indexer.store.annotations import list_tags, remove_tag
from indexer.store.database import Store
from indexer.store.users import get_user
from tests.crash_harness import (
    USER,
    Expected,
    annotate,
    build_corpus,
    check,
    crash_loop,
    ingest,
    prepare_home,
)


@pytest.mark.slow  # about 25 s
def test_three_interruptions_are_survived(tmp_path: Path) -> None:
    report = crash_loop(tmp_path, interruptions=3, files=40, seed=2024)
    assert report.failures == []
    assert report.summary == "3/3 interruptions survived"


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    """Each invariant, broken on purpose, is reported (so that the loop above can fail)."""
    home, corpus = tmp_path / "home", build_corpus(tmp_path / "records", 8, seed=5)
    prepare_home(home)
    ingest(home, corpus.folder)
    expected = Expected(*annotate(home, corpus, 2))
    assert check(home, corpus, expected, True, corpus.rng) == []
    store, engine = Store(home), open_engine(home)
    try:
        first, second, third = store.doc_ids()[:3]
        writer = engine.writer()
        writer.add(store.load_document(first))  # its pages a second time
        writer.delete(second)  # gone from the index, still listed as indexed
        writer.commit()
        with store.transaction() as db:
            db.execute("DELETE FROM ingest_run_documents WHERE doc_id = ?", (third,))
        user = get_user(store, USER)
        assert user is not None
        remove_tag(store, user, list_tags(store)[0].tag_id)
    finally:
        engine.close()
        store.close()
    problems = " | ".join(check(home, corpus, expected, True, corpus.rng))
    assert "list 8, stats 8, search 7 documents" in problems
    assert f"{first} has duplicate pages in the index" in problems
    assert "the index lacks 1 listed documents and holds 0 others" in problems
    assert "documents in [0] runs, not one" in problems
    assert f"{expected.tags - 1} tags and {expected.notes} notes left" in problems
