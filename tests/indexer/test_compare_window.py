"""Issue 12, defect 2b: a comparison shown a window of page pairs at a time is the same
comparison, and pairing the pages of long documents fills only the band where pages may pair."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from indexer.enrich.duplicates import PAGE_DRIFT, PAGE_MATCH, align_pages, jaccard
from indexer.errors import UnknownDocumentError
from indexer.reading.compare import compare, compare_window
from tests.conftest import Home, write_docs


def every_cell_alignment(
    first: Sequence[set[str]], second: Sequence[set[str]]
) -> list[tuple[int, int, float]]:
    """The pairing as it was computed before issue 12: every cell of the table."""
    rows, cols = len(first), len(second)
    drift = abs(rows - cols) + PAGE_DRIFT
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    similar: dict[tuple[int, int], float] = {}
    for i in range(1, rows + 1):
        for j in range(max(1, i - drift), min(cols, i + drift) + 1):
            value = jaccard(first[i - 1], second[j - 1])
            if value >= PAGE_MATCH:
                similar[(i, j)] = value
        for j in range(1, cols + 1):
            score = max(best[i - 1][j], best[i][j - 1])
            matched = similar.get((i, j))
            best[i][j] = max(score, best[i - 1][j - 1] + matched) if matched else score
    pairs = []
    i, j = rows, cols
    while i and j:
        matched = similar.get((i, j))
        if matched is not None and best[i][j] == best[i - 1][j - 1] + matched:
            pairs.append((i - 1, j - 1, matched))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def pages_of(rng: random.Random, count: int) -> list[set[str]]:
    return [{f"p{n}-{k}" for k in range(rng.randint(0, 12))} for n in range(count)]


def copy_of(rng: random.Random, pages: list[set[str]]) -> list[set[str]]:
    """Pages withheld, cover pages added, words redacted or added, some pages repeated."""
    copied: list[set[str]] = []
    for page in pages:
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.2:
            copied.append({f"cover-{rng.random()}"})
        if roll < 0.25 and copied:
            copied.append(set(copied[-1]))
        kept = {word for word in page if rng.random() > 0.3}
        copied.append(kept | {f"new-{rng.random()}" for _ in range(rng.randint(0, 3))})
    return copied


def test_the_band_gives_the_pairing_of_every_cell() -> None:
    rng = random.Random(2674)
    for _ in range(300):
        first = pages_of(rng, rng.randint(0, 40))
        second = copy_of(rng, first) if rng.random() < 0.8 else pages_of(rng, rng.randint(0, 40))
        if rng.random() < 0.3:
            first, second = second, first
        assert align_pages(first, second) == every_cell_alignment(first, second)


def test_long_documents_pair_in_the_band_only() -> None:
    pages = [{f"{n}-{k}" for k in range(6)} for n in range(3000)]
    pairs = align_pages(pages, pages)
    assert pairs == [(n, n, 1.0) for n in range(3000)]


PAGES = [f"Page {n} of the memo: the county sheriff signed agreement {n} in May." for n in range(9)]


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Home, str, str]]:
    """A nine-page memo and a release of it with a cover page, page 4 withheld and a name
    redacted on page 7."""
    base = tmp_path_factory.mktemp("windows")
    released = ["RELEASED UNDER FOIA cover sheet, no text of the memo."] + PAGES[:4] + PAGES[5:]
    released[7] = released[7].replace("sheriff", "(b)(6)")
    folder = write_docs(
        base / "docs", {"memo.txt": "\f".join(PAGES), "release.txt": "\f".join(released)}
    )
    home = Home(base / "home")
    assert home.ingest(folder).added == 2
    ids = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    yield home, ids["memo.txt"], ids["release.txt"]
    home.close()


def test_windows_put_together_are_the_whole_comparison(copies: tuple[Home, str, str]) -> None:
    home, memo, release = copies
    whole = compare(home.store, memo, release)
    kinds = [(page.page_a, page.page_b) for page in whole]
    assert (None, 1) in kinds and (5, None) in kinds and len(whole) == 10
    for size in (1, 3, 4, 50):
        shown = []
        start: int | None = 0
        while start is not None:
            window = compare_window(home.store, memo, release, start, size)
            assert window.start == start and window.total == len(whole)
            assert len(window.pages) == min(size, len(whole) - start)
            shown.extend(window.pages)
            start = window.next_start
        assert shown == whole


def test_a_window_past_either_end_is_moved_inside(copies: tuple[Home, str, str]) -> None:
    home, memo, release = copies
    last = compare_window(home.store, memo, release, 10**9, 4)
    assert (last.start, last.end, last.next_start, last.previous_start) == (8, 10, None, 4)
    first = compare_window(home.store, memo, release, -5, 4)
    assert (first.start, first.end, first.next_start, first.previous_start) == (0, 4, 4, None)
    with pytest.raises(UnknownDocumentError):
        compare_window(home.store, memo, "0" * 16)
