"""Snippets and page highlighting: hits marked, phrases as a whole, everything else escaped."""

from __future__ import annotations

from indexer.text.highlight import HighlightTerms, highlight_page, snippet

PHRASES = HighlightTerms(phrases=frozenset({("memorandum", "of", "agreement"), ("opt", "out")}))


def test_phrases_are_marked_only_where_their_words_stand_together() -> None:
    text = "This Memorandum of Agreement of the opt-out and a Memorandum of Understanding"
    marked = highlight_page(text, PHRASES)
    assert marked.count("<mark>") == 2
    assert "<mark>Memorandum of Agreement</mark>" in marked
    assert "<mark>opt-out</mark>" in marked
    assert "of the" in marked and "<mark>of</mark>" not in marked


def test_stems_mark_every_inflection() -> None:
    terms = HighlightTerms(stems=frozenset({"deport"}))
    assert highlight_page("deported, deportation & deports", terms) == (
        "<mark>deported</mark>, <mark>deportation</mark> &amp; <mark>deports</mark>"
    )


def test_snippet_centres_on_the_hits_and_escapes_markup() -> None:
    text = "<b>filler</b> " * 80 + "the county may opt out of the program " + "tail " * 80
    cut = snippet(text, PHRASES, width=120)
    assert "<mark>opt out</mark>" in cut
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "<b>" not in cut and "&lt;b&gt;" in cut
    assert len(cut) < 400


def test_snippet_without_hits_gives_the_opening_words() -> None:
    assert snippet("First words of the page and more", HighlightTerms(), width=15).startswith(
        "First words"
    )
