"""The docket recogniser: which typed words are one docket, and the case: key they search."""

from __future__ import annotations

import pytest

from indexer.search.equivalence import (
    EMPTY_VOCABULARY,
    RECOGNISERS,
    Keyed,
    Segment,
    dockets as recogniser,
    segments,
)


def _found(typed: str) -> list[tuple[int, int, str]]:
    return [
        (s.start, s.end, s.forms[0].value)  # type: ignore[union-attr]
        for s in recogniser.segments(typed.split(), EMPTY_VOCABULARY)
    ]


def test_the_recogniser_is_registered() -> None:
    assert ("dockets", recogniser.segments) in RECOGNISERS


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("3:16-cv-00412", [(0, 1, "16-cv-412")]),
        ("22 Civ. 7031", [(0, 3, "22-cv-7031")]),
        ("22 Civ. 7031 (PKC)", [(0, 4, "22-cv-7031")]),
        ("No. 19-CV-4521", [(0, 2, "19-cv-4521")]),
        ("Civil Action No. 19-4521", [(0, 4, "19-4521")]),
        ("No. 19-4521", [(0, 2, "19-4521")]),
        ("case 21-cr-77", [(0, 2, "21-cr-77")]),
        ("Case No. 2:12cv345", [(0, 3, "12-cv-345")]),
        ("EP-19-CR-01604-DB sentencing", [(0, 1, "19-cr-1604")]),
        ("bond hearing 2:18-cv-00939 denied", [(2, 3, "18-cv-939")]),
        ("asylum (No. 18-cv-939), denied", [(1, 3, "18-cv-939")]),
        ('"18-cv-939"', [(0, 1, "18-cv-939")]),
        ("[18-cv-939]", [(0, 1, "18-cv-939")]),
        ("18-cv-939 and 05 Cr. 1190", [(0, 1, "18-cv-939"), (2, 5, "05-cr-1190")]),
    ],
)
def test_typed_dockets_become_one_segment(typed: str, found: list[tuple[int, int, str]]) -> None:
    assert _found(typed) == found


@pytest.mark.parametrize(
    "typed",
    [
        "07-1315",  # a bare number could be anything: it is searched as typed
        "FOIA request 2018-01123",
        "Request No. 19-4521",
        "12-10-2011 hearing",
        "x18-cv-939",  # a docket inside a longer word
        "18-cv-939x",
        "18-cv-939-2b",
        "deportation",
        "",
    ],
)
def test_words_that_are_not_a_docket(typed: str) -> None:
    assert _found(typed) == []


def test_the_segment_is_exact() -> None:
    [segment] = recogniser.segments(["see", "14", "Civ.", "6117"], EMPTY_VOCABULARY)
    assert segment == Segment(1, 4, "dockets", (Keyed("case", "14-cv-6117"),))


def test_a_type_is_kept_and_a_missing_one_matches_every_type() -> None:
    assert segments(["21-cr-77"])[0].forms == (Keyed("case", "21-cr-77"),)
    assert segments(["No.", "21-77"])[0].forms == (Keyed("case", "21-77"),)
    assert segments(["Criminal", "No.", "21-77"])[0].forms == (Keyed("case", "21-77"),)


def test_a_docket_ends_where_the_words_end() -> None:
    # Punctuation inside the last word is allowed after the docket, letters are not.
    assert _found("18-cv-939).") == [(0, 1, "18-cv-939")]
    assert _found("18-cv-939;x") == []
    assert _found("(x18-cv-939") == []
    # Only opening marks may stand before it inside the first word.
    assert _found("=18-cv-939") == []
    assert _found("18-cv-939=") == []
    assert _found("('18-cv-939')") == [(0, 1, "18-cv-939")]
