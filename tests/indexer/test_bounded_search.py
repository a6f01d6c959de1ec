"""Issue 12, defect 2a: a long or hostile query does bounded work. Look-ups are counted by a
wrapper over the real engine's lexicon (never timed): suggestions see only the text that was
searched, and the wildcards and fuzzy words of a 64-node query share one budget."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from indexer.search import context as limits, parser as query_parser, rules, suggest
from indexer.search.empty import MAX_COUNTS, NEAR_WORDS
from indexer.search.engine import Engine, Lexicon
from indexer.search.index_query import AllOf, AnyOf, Exclude, IndexQuery, Term
from indexer.search.service import SearchRequest, search
from indexer.search.suggest import MAX_SUGGESTED_WORDS
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines

# 64 two-letter prefixes with WORDS_PER_PREFIX invented words each, and one prefix ("zq")
# with BIG_PREFIX_WORDS: far more than any cap lets a query expand to or read.
PREFIXES = [a + b for a in "bcdfgklm" for b in "aeiouyrh"]
WORDS_PER_PREFIX = 300
BIG_PREFIX_WORDS = 3_000
LETTERS = "abcdefghijklmnoprstuvw"
# Terms the fuzzy look-ups of one query may read, and index statistics one query may ask for
# (compound splits of up to 64 words of up to 40 letters, and the joined pairs).
MAX_FUZZY_READ = limits.MAX_FUZZY_WORDS * limits.MAX_FUZZY_CANDIDATES
MAX_FREQUENCIES = query_parser.MAX_NODES * (2 * limits.MAX_LOOKUP_CHARS + 1)


def invented_words(seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    for prefix, count in [(p, WORDS_PER_PREFIX) for p in PREFIXES] + [("zq", BIG_PREFIX_WORDS)]:
        wanted = len(words) + count
        while len(words) < wanted:
            words.add(prefix + "".join(rng.choice(LETTERS) for _ in range(rng.randint(5, 8))))
    return sorted(words)


@pytest.fixture(scope="module")
def vocabulary() -> list[str]:
    return invented_words()


@pytest.fixture(scope="module")
def index(
    tmp_path_factory: pytest.TempPathFactory, vocabulary: list[str], search_engine: str
) -> Iterator[Home]:
    """A home whose index holds every invented word, 200 words a page."""
    base = tmp_path_factory.mktemp("bounded")
    shuffled = random.Random(3).sample(vocabulary, len(vocabulary))
    pages = [" ".join(shuffled[i : i + 200]) for i in range(0, len(shuffled), 200)]
    docs = {f"words-{n}.txt": "\f".join(pages[n::4]) for n in range(4)}
    home = Home(base / "home")
    report = home.ingest(write_docs(base / "docs", docs))
    assert report.added == len(docs) and not report.failed
    yield home
    home.close()


class CountingLexicon:
    """The real lexicon, counting each call and each term it hands out."""

    def __init__(self, lexicon: Lexicon, counts: Counter[str]) -> None:
        self.lexicon = lexicon
        self.counts = counts

    def doc_frequency(self, field: str, term: str) -> int:
        self.counts["doc_frequency"] += 1
        return self.lexicon.doc_frequency(field, term)

    def doc_count(self) -> int:
        return self.lexicon.doc_count()

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        self.counts["expand_prefix"] += 1
        for term in self.lexicon.expand_prefix(field, prefix):
            self.counts["terms_read"] += 1
            yield term

    def terms_within(self, field: str, term: str, distance: int, prefix: int) -> Iterator[str]:
        self.counts["terms_within"] += 1
        for found in self.lexicon.terms_within(field, term, distance, prefix):
            self.counts["terms_read"] += 1
            yield found


class CountingEngine:
    """The real engine whose lexicon counts its look-ups."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.counts: Counter[str] = Counter()

    def lexicon(self) -> CountingLexicon:
        return CountingLexicon(self.engine.lexicon(), self.counts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def misspelled(word: str, rng: random.Random) -> str:
    """`word` with one letter after the first changed: one edit away."""
    at = rng.randrange(2, len(word))
    other = rng.choice([c for c in "xyzq" if c != word[at]])
    return word[:at] + other + word[at + 1 :]


def long_text(words: list[str], chars: int = 4000) -> str:
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > chars:
            break
        text += word + " "
    return text.strip()


def terms_of(query: IndexQuery) -> int:
    if isinstance(query, Term):
        return 1
    if isinstance(query, AllOf | AnyOf):
        return sum(terms_of(child) for child in query.children)
    if isinstance(query, Exclude):
        return terms_of(query.child)
    return 0


def build(engine: CountingEngine, text: str) -> tuple[IndexQuery | None, list[str]]:
    context = limits.BuildContext(engine.lexicon())
    return rules.build(query_parser.parse(text).tree, context), context.notices


def test_suggestions_for_4000_characters_of_misspellings_are_bounded(
    index: Home, vocabulary: list[str]
) -> None:
    rng = random.Random(5)
    typed = [misspelled(word, rng) for word in rng.sample(vocabulary, 600)]
    text = long_text(typed)
    assert len(text) > 3900 and len(typed) > 3 * query_parser.MAX_NODES
    engine = CountingEngine(index.engine)
    suggested = suggest.suggest_query(engine, text)  # type: ignore[arg-type]

    assert engine.counts["terms_within"] <= suggest.MAX_SUGGESTED_WORDS * suggest.MAX_DISTANCE
    assert engine.counts["terms_read"] <= engine.counts["terms_within"] * suggest.MAX_CANDIDATES
    most_frequencies = query_parser.MAX_NODES + suggest.MAX_SUGGESTED_WORDS * suggest.MAX_CANDIDATES
    assert engine.counts["doc_frequency"] <= most_frequencies
    # The first unknown words are fixed; the suggestion is the text that was searched.
    assert suggested is not None and len(suggested) <= query_parser.MAX_QUERY_CHARS
    fixed = suggested.split()
    assert fixed[: suggest.MAX_SUGGESTED_WORDS] != typed[: suggest.MAX_SUGGESTED_WORDS]
    assert all(word in vocabulary for word in fixed[: suggest.MAX_SUGGESTED_WORDS])
    assert (
        fixed[suggest.MAX_SUGGESTED_WORDS :]
        == text[: len(suggested)].split()[suggest.MAX_SUGGESTED_WORDS :]
    )


def test_suggestions_stop_when_their_time_is_up(index: Home, vocabulary: list[str]) -> None:
    text = " ".join(misspelled(word, random.Random(1)) for word in vocabulary[:10])
    engine = CountingEngine(index.engine)
    assert suggest.suggest_query(engine, text, seconds=-1.0) is None  # type: ignore[arg-type]
    assert engine.counts["terms_within"] == 0
    assert suggest.suggest_query(engine, text) is not None  # type: ignore[arg-type]


def test_a_word_too_long_to_be_a_misspelling_is_not_looked_up(index: Home) -> None:
    engine = CountingEngine(index.engine)
    word = "ba" + "e" * (suggest.MAX_WORD_CHARS - 1)
    assert suggest.suggest_query(engine, word) is None  # type: ignore[arg-type]
    assert suggest.suggest_query(engine, "x" * 990) is None  # type: ignore[arg-type]
    assert engine.counts["terms_within"] == 0


def test_64_broad_wildcards_share_one_budget(index: Home) -> None:
    engine = CountingEngine(index.engine)
    text = " OR ".join(prefix + "*" for prefix in PREFIXES)
    assert len(PREFIXES) == query_parser.MAX_NODES
    query, notices = build(engine, text)
    assert query is not None
    most = limits.MAX_QUERY_EXPANSIONS + query_parser.MAX_NODES * limits.MIN_EXPANSIONS
    assert limits.MAX_EXPANSIONS < terms_of(query) <= most  # 64 * 200 without the budget
    assert any(f"at most {limits.MAX_QUERY_EXPANSIONS:,} words in all" in n for n in notices)
    # The first wildcards get what a lone wildcard gets; the search runs and says so.
    result = search(engine, index.store, SearchRequest(text))  # type: ignore[arg-type]
    assert result.total_documents == 4
    assert result.notice and "in all" in result.notice


def test_wildcards_read_a_bounded_number_of_index_words(index: Home) -> None:
    engine = CountingEngine(index.engine)
    # Each reads every "zq" word (3,000) and matches none: 64 of them read 192,000 words.
    text = " OR ".join(f"zq*{letter}{digit}" for letter in "abcdefgh" for digit in range(8))
    query, notices = build(engine, text)
    assert engine.counts["terms_read"] <= limits.MAX_SCANNED_TERMS
    assert any("the most a query may" in notice for notice in notices)
    assert query is not None and terms_of(query) == 0


def test_fuzzy_words_beyond_the_cap_are_searched_as_typed(
    index: Home, vocabulary: list[str]
) -> None:
    engine = CountingEngine(index.engine)
    rng = random.Random(9)
    chosen = rng.sample(vocabulary, query_parser.MAX_NODES)
    text = " OR ".join(misspelled(word, rng) + "~" for word in chosen)
    query, notices = build(engine, text)
    assert engine.counts["terms_within"] == limits.MAX_FUZZY_WORDS
    assert any(f"At most {limits.MAX_FUZZY_WORDS} fuzzy words" in n for n in notices)
    result = search(index.engine, index.store, SearchRequest(text))
    assert result.total_pages >= limits.MAX_FUZZY_WORDS // 2  # the looked-up ones still match


def test_compound_splits_are_not_tried_on_a_huge_word(index: Home) -> None:
    engine = CountingEngine(index.engine)
    build(engine, "ba" * 450)
    assert engine.counts["doc_frequency"] == 0


def test_queries_beyond_those_being_looked_up_get_no_suggestion(
    index: Home, vocabulary: list[str]
) -> None:
    text = misspelled(vocabulary[0], random.Random(2))
    engine = CountingEngine(index.engine)
    for _ in range(suggest.MAX_SUGGESTING):  # as many queries being looked up elsewhere
        assert suggest._suggesting.acquire(blocking=False)
    try:
        assert suggest.suggest_query(engine, text) is None  # type: ignore[arg-type]
        assert not engine.counts
    finally:
        for _ in range(suggest.MAX_SUGGESTING):
            suggest._suggesting.release()
    assert suggest.suggest_query(engine, text) == vocabulary[0]  # type: ignore[arg-type]


@pytest.mark.parametrize("unit", ["{prefix}*", "{prefix}*e*", "{prefix}?a*", "{prefix}ab~2"])
def test_4000_characters_of_wildcards_or_fuzzy_words_are_bounded(index: Home, unit: str) -> None:
    text = long_text([unit.format(prefix=prefix) for prefix in PREFIXES * 20])
    assert len(text) > 3900
    engine = CountingEngine(index.engine)
    result = search(engine, index.store, SearchRequest(text))  # type: ignore[arg-type]
    assert result.notice and "cut to its first 1000 characters" in result.notice
    assert engine.counts["terms_read"] <= limits.MAX_SCANNED_TERMS + MAX_FUZZY_READ
    assert engine.counts["terms_within"] <= limits.MAX_FUZZY_WORDS
    assert engine.counts["doc_frequency"] <= MAX_FREQUENCIES


def test_the_help_of_an_empty_result_is_bounded(index: Home) -> None:
    # 4,000 characters of distinct misspelled words find nothing: the help looks up a few
    # words and checks a few queries, however many words were typed.
    rng = random.Random(11)
    words = [misspelled(w, rng) for w in ("agreement", "sheriff", "custody", "detainer") * 40]
    text = long_text([f"{word}{n}" for n, word in enumerate(words)])
    engine = CountingEngine(index.engine)
    matches = 0
    real_match = index.engine.match

    def counting_match(*args: Any, **kwargs: Any) -> Any:
        nonlocal matches
        matches += 1
        return real_match(*args, **kwargs)

    engine.match = counting_match  # type: ignore[attr-defined]
    result = search(engine, index.store, SearchRequest(text))  # type: ignore[arg-type]
    assert result.total_documents == 0 and result.empty_help is not None
    assert len(result.empty_help.unknown_words) == query_parser.MAX_NODES
    assert engine.counts["terms_within"] <= 2 * (MAX_SUGGESTED_WORDS + NEAR_WORDS)
    assert matches <= 1 + MAX_COUNTS
