"""The quote finder: damaged passages from real released documents find their page first,
passages over a page break find both pages, long pastes are cut, strangers match nothing."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_tools import damage, draw_passages, quote_accuracy
from indexer.search.quotes import MAX_QUOTE_CHARS, find_quote, prepare_quote
from tests.conftest import Home
from tests.indexer.test_batch import build_home

# Born-digital releases with running text; the two 287(g) agreements share ICE's template,
# so that a passage is often on a page of both.
SAMPLE_PDFS = (
    "federal-register-2020-17221.pdf",
    "ca9_19.pdf",
    "OwyheeCoID_TFM_MOA_03.07.25.pdf",
    "LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf",
    "ddrAnthonyJones.pdf",
)

pytestmark = pytest.mark.both_engines


def samples_home(factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """A home with SAMPLE_PDFS ingested, built once a test session (other modules reuse it
    read-only)."""
    path = factory.getbasetemp() / "tools-samples"
    if not (path / "done").exists():
        folder = path / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        for name in SAMPLE_PDFS:
            (folder / name).symlink_to(samples_dir / "pdf" / name)
        home = Home(path / "home")
        # Named one by one: ingest follows links it is given, never those a folder holds
        # that lead out of it.
        report = home.ingest(*(folder / name for name in SAMPLE_PDFS))
        home.close()
        assert report.added == len(SAMPLE_PDFS) and not report.failed
        (path / "done").touch()
    return path / "home"


@pytest.fixture(scope="module")
def samples(
    tmp_path_factory: pytest.TempPathFactory, samples_dir: Path, search_engine: str
) -> Iterator[Home]:
    home = Home(samples_home(tmp_path_factory, samples_dir))
    yield home
    home.close()


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    home = build_home(tmp_path_factory.mktemp("quotes"))
    yield home
    home.close()


def test_damaged_passages_from_real_releases_find_their_page(samples: Home) -> None:
    passages = draw_passages(samples.store, 40, seed=2674)
    assert len(passages) == 40
    assert sum(p.page_end != p.page for p in passages) >= 5
    assert sum(p.text != p.original for p in passages) >= 35
    result = quote_accuracy(samples.engine, samples.store, passages)
    assert result["share"] >= 0.9, result["misses"]


def test_curly_quotes_ellipsis_line_breaks_and_typos(texts: Home) -> None:
    quote = (
        "\u201cCounties asked whether they may opt\nout of Secure Communities. Headquaretrs "
        "answered \u2026 the progarm is a federal information-\nsharing partnership.\u201d"
    )
    result = find_quote(texts.engine, texts.store, quote)
    top = result.matches[0]
    assert top.title == "Secure Communities deployment" and (top.page, top.page_end) == (1, 1)
    assert top.score > 0.7 and top.bates == "ICE FOIA 10-2674.0000101"
    assert "<mark>" in top.snippet and "Counties asked" in top.snippet
    assert top.url == f"/doc/{top.doc_id}/p/1"
    assert result.notice is None


def test_a_passage_over_a_page_break_finds_both_pages(texts: Home) -> None:
    quote = (
        "the program is a federal information-sharing partnership. The opt-out question came"
        " up again when Santa Clara County wrote to the sheriff"
    )
    top = find_quote(texts.engine, texts.store, quote).matches[0]
    assert top.title == "Secure Communities deployment" and (top.page, top.page_end) == (1, 2)
    assert "[p. 2]" in top.snippet and top.snippet.count("<mark>") == 2
    assert top.to_json()["page_end"] == 2


def test_a_long_paste_is_cut_with_a_notice(texts: Home) -> None:
    rng = random.Random(5)
    filler = " ".join(rng.choice(["alpha", "bravo", "charlie", "delta"]) for _ in range(10_000))
    memo_id = next(
        d["doc_id"] for d in texts.store.list_documents() if d["path"].endswith("memo.txt")
    )
    memo = texts.store.load_document(memo_id)
    assert memo is not None
    quote = " ".join(page.text for page in memo.pages) + " " + filler
    assert len(quote) > 50_000
    started = time.perf_counter()
    result = find_quote(texts.engine, texts.store, quote)
    assert time.perf_counter() - started < 10
    assert result.notice and "cut" in result.notice
    assert len(prepare_quote(quote)[0]) < MAX_QUOTE_CHARS // 4
    assert result.matches and result.matches[0].doc_id == memo.doc_id


def test_text_from_elsewhere_matches_nothing_well(texts: Home) -> None:
    stranger = "The committee will meet on Tuesday to discuss the budget for the new library."
    result = find_quote(texts.engine, texts.store, stranger)
    assert all(match.score < 0.5 for match in result.matches)
    empty = find_quote(texts.engine, texts.store, " \u2026 ... !!! ")
    assert empty.matches == () and empty.notice


def test_damage_changes_a_passage_the_way_a_paste_does() -> None:
    words = ("Santa Clara County wrote to the sheriff about the " * 4).split()
    damaged = damage(words, random.Random(1))
    assert "\n" in damaged and damaged != " ".join(words)
    assert len(damaged.split()) <= len(words)
