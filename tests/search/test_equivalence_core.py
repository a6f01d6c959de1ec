"""The shape every equivalence class shares: choosing spans, and how a form reads."""

from __future__ import annotations

from indexer.search.equivalence import RECOGNISERS, Keyed, Segment, form_text, segments
from indexer.search.equivalence.core import choose


def span(start: int, end: int, kind: str = "a", forms: tuple = (("x",),)) -> Segment:  # type: ignore[type-arg]
    return Segment(start, end, kind, forms)


def test_the_longest_span_wins_then_the_earlier_class_then_the_leftmost() -> None:
    long, short = span(0, 3), span(1, 2)
    assert choose([short, long]) == [long]
    first, second = span(0, 2, "numbers"), span(0, 2, "dockets")
    assert choose([first, second], ["dockets", "numbers"]) == [second]
    assert choose([first, second], ["numbers", "dockets"]) == [first]
    left, right = span(0, 2), span(1, 3)
    assert choose([right, left]) == [left]
    unknown = span(0, 2, "other")
    assert choose([unknown, first], ["numbers"]) == [first]  # an unlisted class comes last


def test_a_span_that_overlaps_a_chosen_one_is_skipped_and_the_next_still_taken() -> None:
    # "42 U.S.C. 405(g) Phase II": the citation wins its words, "U.S.C." alone is skipped,
    # and the numeral after them is still chosen.
    citation, inside, numeral = span(0, 3), span(1, 2), span(3, 5)
    assert choose([citation, inside, numeral]) == [citation, numeral]
    assert choose([inside, numeral, span(5, 6), citation]) == [citation, numeral, span(5, 6)]


def test_spans_come_back_in_word_order_and_formless_ones_are_dropped() -> None:
    spans = [span(4, 5), span(0, 1), span(2, 3, forms=())]
    assert choose(spans) == [span(0, 1), span(4, 5)]


def test_a_form_reads_as_words_or_as_its_field() -> None:
    assert form_text(("forty", "five", "percent")) == "forty five percent"
    assert form_text(Keyed("case", "14-cv-6117")) == "case 14-cv-6117"
    assert form_text(Keyed("bates", "cbp_453")) == "Bates stamp CBP 453"
    assert form_text(Keyed("bates", "2018.1123.cbp_451")) == "Bates stamp 2018 1123 CBP 451"


def test_every_class_is_registered_once_and_plain_words_have_no_spans() -> None:
    names = [name for name, _ in RECOGNISERS]
    assert sorted(names) == sorted(set(names))
    assert {"numbers", "roman", "citations", "dockets", "bates", "agencies"} <= set(names)
    assert segments(["the", "county", "jail", "held", "detainers"]) == []
    assert segments([]) == []
