"""Agencies and programs (issue 11, class 7): the synonyms files and the recogniser, pure."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.search.equivalence import RECOGNISERS, Segment, Vocabulary, agencies, segments
from indexer.search.equivalence.agencies import MAX_SEGMENT_FORMS, is_acronym
from indexer.search.equivalence.vocabulary import (
    MAX_FILE_BYTES,
    MAX_FORM_WORDS,
    MAX_FORMS,
    MAX_LINE_CHARS,
    SHIPPED_SOURCE,
    SynonymClass,
    Synonyms,
    build_synonyms,
    closed_terms,
    home_classes,
    learned_classes,
    matching_classes,
    parse_synonyms,
    phrase_terms,
    shipped_classes,
)
from indexer.store.acronyms import LearnedAcronym

HOME_LINES = """\
# Wexford's own names
WXB = Wexford Exchange Bureau = Wexford Bureau   # the port's bureau

UTB = U.S. Tariff Board
CAP = Corrective Action Plan
Harbor Pilots Guild = HPG
"""


def vocabulary(text: str = HOME_LINES) -> Synonyms:
    classes, problems = parse_synonyms(text, "test.txt", "home")
    assert problems == []
    return Synonyms(entries=tuple(classes))


def spans(typed: str, known: Vocabulary | None = None) -> list[tuple[int, int, tuple]]:
    found = segments(typed.split(), known if known is not None else vocabulary())
    return [(s.start, s.end, s.forms) for s in found if s.kind == "agencies"]


# --- the recogniser ---------------------------------------------------------------------


def test_registered() -> None:
    assert ("agencies", agencies.segments) in RECOGNISERS


def test_an_acronym_typed_in_capitals_finds_its_long_forms() -> None:
    assert spans("WXB audit") == [
        (0, 1, (("wexford", "exchange", "bureau"), ("wexford", "bureau")))
    ]


@pytest.mark.parametrize("typed", ["wxb audit", "Wxb audit", "wXb audit"])
def test_an_acronym_not_typed_in_capitals_stays_a_word(typed: str) -> None:
    assert spans(typed) == []


def test_two_capitals_are_enough() -> None:
    assert spans("WxB")[0][:2] == (0, 1)


def test_a_long_form_in_any_case_finds_the_acronym_and_the_other_forms() -> None:
    assert spans("audit by the wexford EXCHANGE bureau") == [
        (3, 6, (("wxb",), ("wexford", "bureau")))
    ]


def test_the_longest_form_wins_over_the_form_inside_it() -> None:
    # "Wexford Bureau" (3-4 words) lies inside nothing here: it is its own span
    assert spans("Wexford Bureau fees") == [(0, 2, (("wxb",), ("wexford", "exchange", "bureau")))]


def test_dots_and_spacing_are_closed_up() -> None:
    # "US" = "U.S.": the record may print either, so both spellings are searched
    assert spans("US Tariff Board") == [(0, 3, (("utb",), ("u", "s", "tariff", "board")))]
    assert spans("U.S. Tariff Board") == [(0, 3, (("utb",), ("us", "tariff", "board")))]
    assert spans("UTB") == [(0, 1, (("u", "s", "tariff", "board"), ("us", "tariff", "board")))]


def test_a_form_written_first_or_last_in_its_line_alike() -> None:
    assert spans("HPG") == [(0, 1, (("harbor", "pilots", "guild"),))]
    assert spans("harbor pilots guild") == [(0, 3, (("hpg",),))]


def test_several_classes_of_one_form_are_not_chained() -> None:
    both = Synonyms(
        entries=(
            SynonymClass(("CAP", "Criminal Alien Program"), "a:1", "shipped"),
            SynonymClass(("CAP", "Corrective Action Plan"), "b:1", "learned"),
        )
    )
    assert spans("CAP", both) == [
        (0, 1, (("criminal", "alien", "program"), ("corrective", "action", "plan")))
    ]
    assert spans("Criminal Alien Program", both) == [(0, 3, (("cap",),))]


def test_a_lower_case_word_skips_the_acronym_but_keeps_a_word_spelled_alike() -> None:
    # the shipped CAP and a home's own "cap" (a ceiling) share a spelling
    both = vocabulary("CAP = Criminal Alien Program\ncap = ceiling\n")
    assert spans("cap", both) == [(0, 1, (("ceiling",),))]
    assert spans("CAP", both) == [(0, 1, (("criminal", "alien", "program"), ("ceiling",)))]


def test_punctuation_of_a_typed_word_is_ignored() -> None:
    assert spans("(WXB's) audit") == [
        (0, 1, (("wexford", "exchange", "bureau"), ("wexford", "bureau")))
    ]


def test_a_span_does_not_end_on_a_word_without_terms() -> None:
    shipped = build_synonyms(None)
    found = [(s.start, s.end) for s in agencies.segments(["ICE", "&", "FBI"], shipped)]
    assert found == [(0, 1), (2, 3)]
    # inside a span such a word is kept: "Immigration & Customs Enforcement"
    inside = [
        (s.start, s.end)
        for s in agencies.segments(["Immigration", "&", "Customs", "Enforcement"], shipped)
    ]
    assert (0, 4) in inside


def test_a_span_starting_on_a_word_without_terms_is_skipped() -> None:
    assert [(s.start, s.end) for s in agencies.segments(["-", "WXB"], vocabulary())] == [(1, 2)]


def test_spans_are_no_longer_than_the_longest_form() -> None:
    found = list(agencies.segments(["Wexford", "Exchange", "Bureau", "Wexford"], vocabulary()))
    assert [(s.start, s.end) for s in found] == [(0, 3)]


def test_every_span_is_offered_and_choose_keeps_the_longest() -> None:
    shipped = build_synonyms(None)
    raw = [(s.start, s.end) for s in agencies.segments(["US", "Coast", "Guard"], shipped)]
    assert raw == [(0, 3), (1, 3)]
    assert [(s.start, s.end) for s in segments(["US", "Coast", "Guard"], shipped)] == [(0, 3)]


def test_forms_per_span_are_capped() -> None:
    lines = "\n".join(
        " = ".join(["ZQX", *(f"Zeta Office {n}{k}" for k in range(5))]) for n in "abc"
    )
    found = spans("ZQX", vocabulary(lines))
    assert len(found[0][2]) == MAX_SEGMENT_FORMS
    assert found[0][2][0] == ("zeta", "office", "a0")
    assert found[0][2][-1] == ("zeta", "office", "c1")


def test_a_plain_vocabulary_of_term_runs_works_without_case_rules() -> None:
    plain = Vocabulary(classes=((("wxb",), ("wexford", "bureau")),))
    assert spans("wxb", plain) == [(0, 1, (("wexford", "bureau"),))]


def test_nothing_known_nothing_found() -> None:
    assert spans("ICE WXB", Vocabulary()) == []
    assert spans("nothing here at all", vocabulary()) == []


def test_a_vocabulary_table_is_built_once_and_kept_for_few_vocabularies() -> None:
    known = vocabulary()
    assert agencies._table(known) is agencies._table(known)
    for _ in range(agencies.MAX_TABLES + 2):
        agencies._table(vocabulary())
    assert len(agencies._tables) <= agencies.MAX_TABLES
    assert spans("WXB", known)[0][:2] == (0, 1)


def test_at_most_max_tables_vocabularies_are_kept() -> None:
    agencies._tables.clear()
    known = [vocabulary() for _ in range(agencies.MAX_TABLES + 1)]
    sizes = []
    for each in known:
        agencies._table(each)
        sizes.append(len(agencies._tables))
    assert sizes == [*range(1, agencies.MAX_TABLES + 1), 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. S-Comm 287(g)", ("us", "scomm", "287g")),
        ("Immigration & Customs", ("immigration", "customs")),
        ("IDENT/IAFIS ICE's", ("identiafis", "ice")),
        ("§8 vouchers, 45%", ("section", "8", "vouchers", "45", "percent")),  # a sign, glued
        ("", ()),
    ],
)
def test_closed_terms(text: str, expected: tuple[str, ...]) -> None:
    assert closed_terms(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ICE", True),
        ("DoD", True),
        ("S-Comm", True),
        ("ICE's", True),
        ("Ice", False),
        ("ice", False),
        ("Secure Communities", False),
        ("US ICE", False),
    ],
)
def test_is_acronym(text: str, expected: bool) -> None:
    assert is_acronym(text) is expected


# --- the synonyms files --------------------------------------------------------------------


def test_a_file_parses_into_classes_with_their_lines() -> None:
    classes, problems = parse_synonyms(HOME_LINES, "/h/synonyms.txt", "home")
    assert problems == []
    assert classes[0] == SynonymClass(
        ("WXB", "Wexford Exchange Bureau", "Wexford Bureau"), "/h/synonyms.txt:2", "home"
    )
    assert [c.source for c in classes] == [
        "/h/synonyms.txt:2",
        "/h/synonyms.txt:4",
        "/h/synonyms.txt:5",
        "/h/synonyms.txt:6",
    ]


def test_white_space_is_collapsed_and_repeated_forms_kept_once() -> None:
    classes, _ = parse_synonyms("  QRT  =  Quay   Repair Team = QRT\t", "f", "home")
    assert classes[0].forms == ("QRT", "Quay Repair Team")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("QRT = = Quay Repair Team", "an empty form (nothing between two '=' or at an end)"),
        ("QRT =", "an empty form (nothing between two '=' or at an end)"),
        ("= QRT", "an empty form (nothing between two '=' or at an end)"),
        ("Quay Repair Team", "a class needs two different forms separated by '='"),
        ("QRT = qrt", "a class needs two different forms separated by '='"),
        ("U.S. = US", "a class needs two different forms separated by '='"),
        ("QRT = --", "'--' has no letters or digits"),
        (
            "QRT = " + " ".join(["word"] * (MAX_FORM_WORDS + 1)),
            f"{' '.join(['word'] * (MAX_FORM_WORDS + 1))!r} has more than {MAX_FORM_WORDS} words",
        ),
        (
            " = ".join(f"Form {n}" for n in range(MAX_FORMS + 1)),
            f"{MAX_FORMS + 1} forms, at most {MAX_FORMS}",
        ),
        ("QRT = " + "x" * MAX_LINE_CHARS, f"longer than {MAX_LINE_CHARS} characters"),
    ],
)
def test_a_bad_line_is_named_and_left_out(line: str, problem: str) -> None:
    text = f"# mine\nGOOD = Good Office\n{line}\nFINE = Fine Office\n"
    classes, problems = parse_synonyms(text, "/h/synonyms.txt", "home")
    assert [c.forms[0] for c in classes] == ["GOOD", "FINE"]
    assert problems == [f"/h/synonyms.txt line 3: {problem}; the line is left out"]


def test_the_limits_themselves_are_allowed() -> None:
    most_words = "QRT = " + " ".join(["word"] * MAX_FORM_WORDS)
    most_forms = " = ".join(f"Form {n}" for n in range(MAX_FORMS))
    longest = "QRT = " + "x" * (MAX_LINE_CHARS - 6)
    classes, problems = parse_synonyms(f"{most_words}\n{most_forms}\n{longest}", "f", "home")
    assert problems == [] and len(classes) == 3


def test_the_shipped_list_is_clean_and_knows_the_agencies() -> None:
    classes, problems = shipped_classes()
    assert problems == []
    by_first = {c.forms[0]: c for c in classes}
    assert "Immigration and Customs Enforcement" in by_first["ICE"].forms
    assert by_first["ICE"].source.startswith(f"{SHIPPED_SOURCE}:")
    assert {"OPLA", "EOIR", "USCIS", "CBP", "FBI", "DOJ", "DHS", "Secure Communities"} <= set(
        by_first
    )
    assert all(c.origin == "shipped" for c in classes)


def test_a_home_file(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    assert home_classes(path) == ([], [])
    path.write_bytes(b"\xef\xbb\xbfWXB = Wexford Exchange Bureau\n")  # a BOM is fine
    classes, problems = home_classes(path)
    assert classes == [SynonymClass(("WXB", "Wexford Exchange Bureau"), f"{path}:1", "home")]
    assert problems == []


def test_a_home_file_that_cannot_be_used_is_left_out_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    path.write_bytes(b"WXB = Wexford \xff Bureau\n")
    assert home_classes(path) == ([], [f"{path}: not UTF-8 text (byte 14); it is left out"])
    path.write_bytes(b"# x\n" * (MAX_FILE_BYTES // 4 + 1))
    assert home_classes(path) == (
        [],
        [f"{path}: larger than {MAX_FILE_BYTES:,} bytes; it is left out"],
    )
    path.unlink()
    path.mkdir()
    classes, problems = home_classes(path)
    assert classes == [] and problems == [
        f"{path}: cannot be read (Is a directory); it is left out"
    ]


def test_a_home_file_of_the_largest_size_is_read(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    line = b"WXB = Wexford Exchange Bureau\n"
    path.write_bytes(line + b"#" * (MAX_FILE_BYTES - len(line)))
    assert path.stat().st_size == MAX_FILE_BYTES
    classes, problems = home_classes(path)
    assert [c.forms for c in classes] == [("WXB", "Wexford Exchange Bureau")]
    assert problems == []


def test_home_classes_come_first_then_shipped_then_learned(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    path.write_text("WXB = Wexford Exchange Bureau\nbad line\n", encoding="utf-8")
    learned = [LearnedAcronym("HLD", "Harbor Licensing Directorate", ("d1", "d2"), ("a", "b"))]
    built = build_synonyms(path, learned)
    origins = [entry.origin for entry in built.entries]
    assert origins[0] == "home" and origins[-1] == "learned"
    assert set(origins[1:-1]) == {"shipped"}
    assert built.entries[-1].source == "learned from a and 1 more"
    assert built.classes[0] == (("wxb",), ("wexford", "exchange", "bureau"))
    assert built.sources[0] == f"{path}:1"
    assert len(built.classes) == len(built.sources) == len(built.entries)
    assert built.problems == (
        f"{path} line 2: a class needs two different forms separated by '='; the line is left out",
    )
    assert build_synonyms(None).entries == built.entries[1:-1]


def test_learned_sources() -> None:
    one = LearnedAcronym("HLD", "Harbor Licensing Directorate", ("d1",), ("x/a.txt",))
    assert learned_classes([one]) == [
        SynonymClass(("HLD", "Harbor Licensing Directorate"), "learned from x/a.txt", "learned")
    ]


def test_matching_classes() -> None:
    known = vocabulary()
    assert [c.forms[0] for c in matching_classes(known, "wexford")] == ["WXB"]
    assert [c.forms[0] for c in matching_classes(known, "wxb")] == ["WXB"]
    assert [c.forms[0] for c in matching_classes(known, "US tariff")] == ["UTB"]
    assert matching_classes(known, "wexford tariff") == []


def test_phrase_terms() -> None:
    assert phrase_terms("U.S. Coast Guard") == ("u", "s", "coast", "guard")
    assert phrase_terms("S-Comm") == ("s", "comm")


def test_segment_kind() -> None:
    (found,) = segments(["WXB"], vocabulary())
    assert isinstance(found, Segment) and found.kind == "agencies"
