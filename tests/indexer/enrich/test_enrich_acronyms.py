"""Acronyms a record defines: the initials must fit, and a parenthesis is not a definition."""

from __future__ import annotations

import time

import pytest

from indexer.enrich import enrich_document
from indexer.enrich.acronyms import document_acronyms, find_definitions
from indexer.model.document import Document, Page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Small words skipped ("of the") or spelled ("of" in DOJ), across a line break.
        (
            "notify the local Office of the\nPrincipal Legal Advisor (OPLA) field location",
            [("OPLA", "Office of the Principal Legal Advisor")],
        ),
        ("the U.S. Department of Justice (DOJ) reviewed", [("DOJ", "Department of Justice")]),
        (
            "referred to the Office of Detention Oversight (\u201cODO\u201d) for review",
            [("ODO", "Office of Detention Oversight")],
        ),
        ('the Bureau of Land Records ("BLR") holds', [("BLR", "Bureau of Land Records")]),
        (
            "the Regional Processing Hub (hereinafter, \u201cRPH\u201d) opened",
            [("RPH", "Regional Processing Hub")],
        ),
        ("the Tribal Water Council (the TWC) met", [("TWC", "Tribal Water Council")]),
        # The shortest run that fits: "U.S." and "Federal" are not part of it.
        (
            "U.S. Immigration and Customs Enforcement (ICE) and Federal Bureau of Prisons (BOP)",
            [("ICE", "Immigration and Customs Enforcement"), ("BOP", "Bureau of Prisons")],
        ),
        # A dotted word gives all its letters; "&" is skipped.
        (
            "the U.S. Marshals Service (USMS) and Records & Data Services (R&DS)",
            [("USMS", "U.S. Marshals Service"), ("R&DS", "Records & Data Services")],
        ),
        (
            "the Death in Custody Reporting Act (DICRA)",
            [("DICRA", "Death in Custody Reporting Act")],
        ),
        # Mixed case: all its letters ("DoD"), or its capitals alone ("GeoStat").
        ("the Department of Defense (DoD) said", [("DoD", "Department of Defense")]),
        ("the Geographic Statistics Tool (GeoST) maps", [("GeoST", "Geographic Statistics Tool")]),
        # All capitals, as a heading prints it.
        (
            "STANDARD OPERATING PROCEDURES (SOP)",
            [("SOP", "STANDARD OPERATING PROCEDURES")],
        ),
        # The other order: the acronym, then its long form in parentheses.
        (
            "EOIR (Executive Office for Immigration Review) scheduled it",
            [("EOIR", "Executive Office for Immigration Review")],
        ),
        (
            "filed with NARA (National Archives and Records Administration).",
            [("NARA", "National Archives and Records Administration")],
        ),
        # A closing dot is the sentence's, not the long form's; a closing letter is kept.
        (
            "EOIR (Executive Office for Immigration Review.) scheduled it",
            [("EOIR", "Executive Office for Immigration Review")],
        ),
        ("the Wexford Trading Co. (WTC) shipped", [("WTC", "Wexford Trading Co")]),
        ("the Joint Task Force X (JTFX) deployed", [("JTFX", "Joint Task Force X")]),
        # Ten letters is the longest acronym read.
        (
            "the Southwest Border Unaccompanied Alien Children Medical Screening Review Team"
            " Program (SBUACMSRTP)",
            [
                (
                    "SBUACMSRTP",
                    "Southwest Border Unaccompanied Alien Children Medical Screening Review"
                    " Team Program",
                )
            ],
        ),
        # Each pair once, in order.
        (
            "Joint Intake Center (JIC) ... the Joint Intake Center (JIC) again; Field Office"
            " Director (FOD)",
            [("JIC", "Joint Intake Center"), ("FOD", "Field Office Director")],
        ),
    ],
)
def test_definitions(text: str, expected: list[tuple[str, str]]) -> None:
    assert find_definitions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "officers of the agency (ICE) arrived",  # initials do not fit
        "the report covers inspection, compliance and enforcement (ICE)",  # lower case words
        "an inspection of County Equipment (ICE)",  # "inspection" is not capitalised
        "they met in Central Europe (ICE)",  # a long form never starts with a small word
        "see the Annual Report (2019) and Exhibit (A)",  # not acronyms
        "under Section 552(b)(6) and (b)(7)(C)",  # exemptions
        "the Information Technology (IT) office",  # two letters: too short
        "Petitioner Tarrant Regional Water District (Tarrant)",  # one capital
        "Medical Records (Ref. MR)",  # not an acronym alone in the parentheses
        "the Office (of the Director) decided",  # not an acronym
        "Custody Reporting, Program (CRP)",  # a comma stops the long form
        "Custody Reporting; Program (CRP)",  # so does a semicolon
        "Custody\n\nReporting Program (CRP)",  # and a blank line
        "ICE (see the attached list)",  # the parentheses do not spell it
        "ICE (Immigration Customs)",  # only part of it
        "ICE ()",
        "A Very Long Name Of Some Eleven Words Here Again Too (AVLNOSEWHAT)",  # too long
        "the Department of Justice (DOJX)",  # one letter too many
        "the Department of Justice (DO)",  # too few letters
    ],
)
def test_not_definitions(text: str) -> None:
    assert find_definitions(text) == []


def test_long_form_stops_at_a_parenthesis() -> None:
    text = "(Washington) Border Patrol Sector (BPS) and (Field Office) Director (FOD)"
    assert find_definitions(text) == [("BPS", "Border Patrol Sector")]


def test_look_back_is_bounded() -> None:
    text = "Some Long Agency " + "x" * 300 + " (SLA)"
    assert find_definitions(text) == []


@pytest.mark.parametrize(
    ("small_words", "expected"),
    [
        # three letters: at most 2 * 3 + 2 = 8 words back
        ("of the of the and", [("WPB", "Wexford of the of the and Port Board")]),
        ("of the of the and of", []),
    ],
)
def test_a_long_form_reaches_back_two_words_a_letter_and_two_more(
    small_words: str, expected: list[tuple[str, str]]
) -> None:
    assert find_definitions(f"the Wexford {small_words} Port Board (WPB) met") == expected


def test_a_document_keeps_the_first_long_form_of_each_acronym() -> None:
    doc = Document(
        doc_id="d",
        sha256="s",
        path="p.txt",
        format="text",
        title="t",
        pages=(
            Page(1, "the Rural Transit Office (RTO) and the Border Liaison Unit (BLU)"),
            Page(2, "the Regional Training Office (RTO) and the Rural Transit Office (RTO)"),
            Page(3, "nothing defined"),
        ),
    )
    assert document_acronyms(doc) == {
        "BLU": "Border Liaison Unit",
        "RTO": "Rural Transit Office",
    }
    assert list(document_acronyms(doc)) == ["BLU", "RTO"]


def test_enrichment_records_the_acronyms_in_the_metadata() -> None:
    defined = Document("d", "s", "p.txt", "text", "t", (Page(1, "the Port Safety Unit (PSU)"),))
    assert enrich_document(defined).metadata["acronyms"] == {"PSU": "Port Safety Unit"}
    plain = Document("d", "s", "p.txt", "text", "t", (Page(1, "no definitions here"),))
    assert "acronyms" not in enrich_document(plain).metadata


def test_a_hostile_run_of_small_words_costs_little() -> None:
    """Each small word may give its initial or not: tried naively, one such parenthesis took
    1.3 s (2^20 ways); each (letter, word) pair is now tried once."""
    started = time.perf_counter()
    text = ("Office " + " ".join(["of"] * 20) + " Y (OOOOOOOOOX) ") * 200
    assert find_definitions(text) == []
    assert time.perf_counter() - started < 5
