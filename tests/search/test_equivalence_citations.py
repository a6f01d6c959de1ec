"""The citations recogniser: codes, reporters and sections in every printed spelling."""

from __future__ import annotations

import pytest

from indexer.search.equivalence import EMPTY_VOCABULARY, citations as recogniser
from indexer.search.equivalence.core import choose


def spans(text: str) -> list[tuple[int, int, tuple[object, ...]]]:
    found = list(recogniser.segments(text.split(), EMPTY_VOCABULARY))
    assert all(segment.kind == "citations" for segment in found)
    return [(segment.start, segment.end, segment.forms) for segment in found]


def longest(text: str) -> tuple[int, int, tuple[object, ...]]:
    return max(spans(text), key=lambda span: span[1] - span[0])


USC_1357G = (
    ("8", "u", "s", "c", "1357g"),
    ("8", "u", "s", "c", "section", "1357g"),
    ("8", "u", "s", "c", "sec", "1357g"),
    ("8", "usc", "1357g"),
    ("8", "usc", "section", "1357g"),
    ("8", "usc", "sec", "1357g"),
    ("title", "8", "section", "1357g"),
)


@pytest.mark.parametrize(
    "typed",
    [
        "8 U.S.C. § 1357(g)",
        "8 USC 1357(g)",
        "8 U.S.C. 1357(g)",
        "8 U. S. C. sec. 1357(g)",
        "8 usc section 1357(g)",
        "8 USC §1357(g)",
        "8 U.S.C. §§ 1357(g)",
        "title 8 section 1357(g)",
        "Title 8 § 1357(g)",
        "title 8 1357(g)",
    ],
)
def test_a_full_citation_gets_every_other_spelling(typed: str) -> None:
    start, end, forms = longest(typed)
    assert (start, end) == (0, len(typed.split()))
    assert set(forms) | {recogniser.Typed.of(typed.split()).terms} >= set(USC_1357G)
    assert len(forms) <= 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "42 USC 1983",
            (
                ("42", "u", "s", "c", "1983"),
                ("42", "u", "s", "c", "section", "1983"),
                ("42", "u", "s", "c", "sec", "1983"),
                ("42", "usc", "section", "1983"),
                ("42", "usc", "sec", "1983"),
                ("title", "42", "section", "1983"),
            ),
        ),
        (
            "14 C.F.R. § 39.13",
            (
                ("14", "c", "f", "r", "39.13"),
                ("14", "c", "f", "r", "sec", "39.13"),
                ("14", "cfr", "39.13"),
                ("14", "cfr", "section", "39.13"),
                ("14", "cfr", "sec", "39.13"),
            ),
        ),
        (
            "8 CFR 236.1(d)",
            (
                ("8", "c", "f", "r", "236.1", "d"),
                ("8", "c", "f", "r", "section", "236.1", "d"),
                ("8", "c", "f", "r", "sec", "236.1", "d"),
                ("8", "cfr", "section", "236.1", "d"),
                ("8", "cfr", "sec", "236.1", "d"),
            ),
        ),
        ("6 U.S.C.", (("6", "usc"),)),
        ("6 USC", (("6", "u", "s", "c"),)),
        (
            "USC § 1983",
            (
                ("u", "s", "c", "1983"),
                ("u", "s", "c", "section", "1983"),
                ("u", "s", "c", "sec", "1983"),
                ("usc", "1983"),
                ("usc", "sec", "1983"),
            ),
        ),
        # reporters: every spelling of the reporter between volume and page
        ("402 F.Supp.2d 118", (("402", "fsupp2d", "118"),)),
        ("402 FSupp2d 118", (("402", "f", "supp", "2d", "118"),)),
        ("656 F.3d 1222", (("656", "f3d", "1222"),)),
        ("12 F. 4th 88", (("12", "f4th", "88"),)),
        ("5 U.S. 137", (("5", "us", "137"),)),
        ("140 S.Ct. 1891", (("140", "sct", "1891"),)),
        ("140 SCt 1891", (("140", "s", "ct", "1891"),)),
        ("175 L. Ed. 2d 868", (("175", "led2d", "868"),)),
        (
            "812 Fed. Appx 44",
            (
                ("812", "f", "app", "x", "44"),
                ("812", "f", "appx", "44"),
                ("812", "fed", "app", "x", "44"),
                ("812", "fappx", "44"),
                ("812", "fedappx", "44"),
            ),
        ),
        ("599 B.R. 12", (("599", "br", "12"),)),
        ("85 FR 55345", (("85", "fed", "reg", "55345"), ("85", "fedreg", "55345"))),
        # sections without a code: "section" and "sec"
        ("§ 1357(g)", (("sec", "1357g"),)),
        ("sec. 1357(g)", (("section", "1357g"),)),
        ("Sec 552(b)(7)(C)", (("section", "552b7c"),)),
        ("SEC. 101", (("section", "101"),)),
        ("s. 1357(g)", (("section", "1357g"), ("sec", "1357g"))),
        ("S. 1357(g)", (("section", "1357g"), ("sec", "1357g"))),
        ("sections 5.20", (("section", "5.20"), ("sec", "5.20"))),
        ("§§ 1331", (("sec", "1331"),)),
        ("§1357(g)", (("sec", "1357g"),)),
    ],
)
def test_the_forms_of_a_citation(text: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert longest(text) == (0, len(text.split()), expected)


@pytest.mark.parametrize(
    "text",
    [
        # no number beside it: a word (precision)
        "us",
        "US",
        "U.S.",
        "USC",
        "C.F.R.",
        "F. Supp. 2d",
        "sec",
        "section",
        "sections of the report",
        "§",
        "SEC",
        "SEC filing 10",
        "SEC 10",
        "S 10",
        "s 10",
        "section five",
        "section VI",
        "8 U.S.",
        "us 12",
        "12 us",
        "title 8",
        "402 F.Supp.2d",
        "8 U.S.",
        "the 5 F.3d",
        "F 12",
        "12 F",
        "8 Foo 1357",
        "42 USCA 1983",
        "1983",
    ],
)
def test_what_stays_as_typed(text: str) -> None:
    assert spans(text) == []


def test_a_citation_in_a_longer_query_and_two_of_them() -> None:
    words = ["bond", "hearing", "8", "CFR", "236.1(d)", "and", "28", "USC", "1331"]
    found = choose(recogniser.segments(words, EMPTY_VOCABULARY))
    assert [(segment.start, segment.end) for segment in found] == [(2, 5), (6, 9)]


def test_only_the_word_title_names_a_title() -> None:
    words = ["phase", "8", "section", "1357(g)"]
    found = list(recogniser.segments(words, EMPTY_VOCABULARY))
    assert [(segment.start, segment.end) for segment in found] == [(2, 4)]


def test_shorter_spans_inside_a_citation_are_offered_too() -> None:
    assert [(start, end) for start, end, _ in spans("8 USC § 1357(g)")] == [(0, 4), (1, 4), (2, 4)]


def test_the_table_is_data() -> None:
    assert recogniser.KIND == "citations"
    assert recogniser.SOURCES["usc"].is_code and recogniser.SOURCES["cfr"].is_code
    assert recogniser.SOURCES["fsupp2d"].name == "F. Supp. 2d"
    assert not recogniser.SOURCES["fsupp2d"].is_code
    assert recogniser.SOURCES["fedappx"] is recogniser.SOURCES["fappx"]
    assert recogniser.SOURCES["fsupp2d"].spellings == (("f", "supp", "2d"), ("fsupp2d",))
    for name in ("us", "sct", "led2d", "f2d", "f3d", "f4th", "br", "fsupp3d", "fedreg"):
        assert name in recogniser.SOURCES
