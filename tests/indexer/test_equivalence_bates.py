"""The Bates recogniser: which typed words are a stamp, and the `bates` keys they search.
Every stamp is invented; the keys are checked against the index side in test_bates_stamp."""

from __future__ import annotations

import pytest

from indexer.search.equivalence import EMPTY_VOCABULARY, Keyed, Segment, segments
from indexer.search.equivalence.bates import MAX_WORDS, segments as bates_segments


def found(query: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, keys) of each stamp the recogniser sees in the typed words (the other
    classes' spans, such as a docket or a number, are theirs)."""
    spans = [span for span in segments(query.split()) if span.kind == "bates"]
    return [
        (span.start, span.end, tuple(form.value for form in span.forms if isinstance(form, Keyed)))
        for span in spans
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # one word: an agency joined to its number
        ("SSA-123", [(0, 1, ("ssa123", "ssa_123"))]),
        ("ssa-000123", [(0, 1, ("ssa000123", "ssa_123"))]),
        ("SSA_000123", [(0, 1, ("ssa000123", "ssa_123"))]),
        ("NARA2014FOIA0815-0101", [(0, 1, ("2014.815.nara_101", "nara2014foia08150101"))]),
        ("TREAS(22-cr-0457)-000310", [(0, 1, ("22.457.cr.treas_310", "treas22cr0457000310"))]),
        ("DOL-2O21-FOIA-OO315.0001BO", [(0, 1, ("2021.315.dol_180", "dol2021foia00315000180"))]),
        # several words: an upper-case agency, or FOIA among them
        ("SSA 2019 FOIA 77 123", [(0, 5, ("2019.77.ssa_123", "ssa2019foia77123"))]),
        ("ssa 2019 foia 77 123", [(0, 5, ("2019.77.ssa_123", "ssa2019foia77123"))]),
        ("DOE OHA 2017 00612 31", [(0, 5, ("2017.612.doe.oha_31", "doeoha20170061231"))]),
        ("SSA-2019-FOIA-0077 000123", [(0, 2, ("2019.77.ssa_123", "ssa2019foia0077000123"))]),
        ("SSA 000123", [(0, 2, ("ssa000123", "ssa_123"))]),  # an agency and a padded number
        ("FOIA SSA-123", [(1, 2, ("ssa123", "ssa_123"))]),
        ("FOIA 2019 0077 000123", []),  # FOIA is no agency
        # a stamp among other words, with the punctuation of a sentence
        ("memo SSA-123 referral", [(1, 2, ("ssa123", "ssa_123"))]),
        ('the "SSA-123", please', [(1, 2, ("ssa123", "ssa_123"))]),
        ("detainers SSA-123", [(1, 2, ("ssa123", "ssa_123"))]),
        ("SSA-123 HHS-456", [(0, 1, ("ssa123", "ssa_123")), (1, 2, ("hhs456", "hhs_456"))]),
        ("NARA: 000123", [(0, 2, ("nara000123", "nara_123"))]),
        ("NARA (22-cv-3) x", []),
        ("SSA 2019 FOIA-77 123", [(0, 4, ("2019.77.ssa_123", "ssa2019foia77123"))]),
        ("SSA 2019 FOIA 0077.000123", [(0, 4, ("2019.77.ssa_123", "ssa2019foia0077000123"))]),
        ("ssa foia 2019 77 123", [(0, 5, ("2019.77.ssa_123", "ssafoia201977123"))]),
        (
            "DOE ABCDEFGH 2017 00612 31",
            [(0, 5, ("2017.612.abcdefgh.doe_31", "doeabcdefgh20170061231"))],
        ),
        # nine letters are too many for a word inside a stamp: it starts one of its own
        (
            "DOE ABCDEFGHI 2017 00612 31",
            [(1, 5, ("2017.612.abcdefghi_31", "abcdefghi20170061231"))],
        ),
        ("SSA-1899", [(0, 1, ("ssa1899", "ssa_1899"))]),
        ("SSA-2100", [(0, 1, ("ssa2100", "ssa_2100"))]),
        ("SSA 0123", [(0, 2, ("ssa0123", "ssa_123"))]),
        ("SSA-123 form", [(0, 1, ("ssa123", "ssa_123"))]),
        ("FORMX SSA-123", [(1, 2, ("ssa123", "ssa_123"))]),
        ('SSA "" 000123 HHS-456', [(3, 4, ("hhs456", "hhs_456"))]),
    ],
)
def test_typed_stamps(query: str, expected: list[tuple[int, int, tuple[str, ...]]]) -> None:
    assert found(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        # ordinary numbers and what holds them
        "12000 apprehensions",
        "2019",
        "123",
        "000123",
        "287(g) agreements",
        "14-cv-6117",
        "1:14-cv-06117",
        "45% detainers",
        "8 U.S.C. 1357",
        "F. Supp. 2d 345",
        "I-213",  # one letter
        "H-1B visas",  # ends in a letter
        "FAA-2020-0686",  # an agency's rule-making docket
        "EPA-HQ-OAR-2019-0055",
        # an agency and a count, a year, or lower-case words before a number
        "ICE 12000 apprehensions",
        "ICE 2019",
        "ICE-2019",
        "SSA 1900",
        "SSA 2099",
        "SSA-1900",
        "SSA-2099",
        "SSA 1023",
        "OMB-000123",
        '"Form" SSA-123',
        "DOE oha 2017 00612 31",
        "NARA 2100",
        "records from 2018 12000",
        "detainers 2018 123",
        "ice 12 345",
        # a label's number
        "Form SSA-123",
        "form SSA-123",
        "No. SSA-123",
        "Case SSA-123",
        "Phase 2",
        "Title 8",
        "Level 000003",
        "PAGE 000123",
        "FY2019",
        "USC 1357",
        # no number, a zero, signs no stamp has, an empty word
        "SSA",
        "SSA-000",
        "SSA<123>",
        "SSA 12 OIG",
    ],
)
def test_not_typed_stamps(query: str) -> None:
    assert found(query) == []


def test_longer_spans_and_their_limit() -> None:
    # the longest span is the stamp: its sub-spans are candidates that lose
    spans = list(bates_segments(["DOE", "OHA", "2017", "00612", "000031"], EMPTY_VOCABULARY))
    assert [(span.start, span.end) for span in spans] == [(0, 4), (0, 5), (1, 4), (1, 5)]
    words = ["NARA", *["A"] * (MAX_WORDS - 2), "000123"]
    assert found(" ".join(words)) == [(0, MAX_WORDS, found(" ".join(words))[0][2])]
    too_long = ["NARA", *["A"] * (MAX_WORDS - 1), "000123"]
    assert found(" ".join(too_long)) == []


def test_a_word_typed_with_a_space_inside() -> None:
    # the parser keeps "FBI (21-cv-1143)-000088" as one word
    assert segments(["TREAS (22-cr-0457)-000310"]) == [
        Segment(
            0,
            1,
            "bates",
            (Keyed("bates", "22.457.cr.treas_310"), Keyed("bates", "treas22cr0457000310")),
        )
    ]


def test_empty_words_break_a_span() -> None:
    assert found('SSA "" 000123') == []
    assert bates_segments([], EMPTY_VOCABULARY) is not None
    assert list(bates_segments([], EMPTY_VOCABULARY)) == []
    assert list(bates_segments(["", "SSA-1"], EMPTY_VOCABULARY)) == [
        Segment(1, 2, "bates", (Keyed("bates", "ssa1"), Keyed("bates", "ssa_1")))
    ]
