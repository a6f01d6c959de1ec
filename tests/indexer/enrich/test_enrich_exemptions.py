"""FOIA exemption labels: printed forms, look-alikes, user queries, withheld slip sheets."""

from __future__ import annotations

import pytest

from indexer.enrich.exemptions import (
    EXEMPTION_NAMES,
    find_exemptions,
    is_withheld,
    normalize_label,
    strip_labels,
)
from tests.conftest import sample_pdf_texts

REDACTED_EMAIL = """\
From: (b)(6), (b)(7)(C)
Sent: Wednesday, February 17, 2010 9:12 AM
To: Smith, John (b)(6); (b) (6), (b) (7)(C)
Subject: RE: SC deployment schedule (b)(5)

The rollout for (b)(7)(E) counties moves to March. b7c
                                                  ICE 2010FOIA2674.0117629
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REDACTED_EMAIL, {"b6": 3, "b7c": 3, "b5": 1, "b7e": 1}),
        ("(b)(6), (b)(7)(C)", {"b6": 1, "b7c": 1}),
        ("(b) (6) (b) (7) (C)", {"b6": 1, "b7c": 1}),
        ("(b)(6)(b)(7)(C)", {"b6": 1, "b7c": 1}),  # OCR ran the boxes together
        ("(b)(7) (b)(6)", {"b7": 1, "b6": 1}),
        ("(b)(7)c", {"b7c": 1}),
        ("(b)(7)(c)", {"b7c": 1}),
        ("b(6); b(7)(C)", {"b6": 1, "b7c": 1}),
        ("b6 b7C -1", {"b6": 1, "b7c": 1}),  # FBI style
        ("B7C", {"b7c": 1}),
        ("(b)(2)High", {"b2": 1}),
        ("Exemption 6", {"b6": 1}),
        ("Exemption (b)(6)", {"b6": 1}),
        ("Exemptions 6, 7(C), and 7(E) apply", {"b6": 1, "b7c": 1, "b7e": 1}),
        ("withheld under Exemptions 7 and 5", {"b7": 1, "b5": 1}),
        ("5 U.S.C. § 552(b)(6)", {"b6": 1}),  # FOIA's own section is the exemption
        # Weak forms count only beside a clear label or the words withheld/redacted.
        ("(b)(6), 7(C)", {"b6": 1, "b7c": 1}),
        ("Redacted: B6", {"b6": 1}),
        ("withheld under Ex. 5", {"b5": 1}),
    ],
)
def test_find_exemptions(text: str, expected: dict[str, int]) -> None:
    assert find_exemptions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "8 U.S.C. 1357(b)(1)",
        "28 U.S.C. § 1346(b)(1), 2671-2680",
        "Section 5.05(b)(1) of the Compact",
        "as provided in subsection (b)(1) of this section",
        "a B1/B2 visitor visa",
        "vitamin B6 and B12",
        "See Ex. 5 at 3.",
        "Section 7(c) of the Act",
        "Hb6 and ab7c are not labels",
    ],
)
def test_find_exemptions_rejects_look_alikes(text: str) -> None:
    assert find_exemptions(text) == {}


def test_strip_labels_leaves_names() -> None:
    assert strip_labels("Smith, John (b)(6), (b)(7)(C)").strip(" ,") == "Smith, John"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7c", "b7c"),
        ("b7C", "b7c"),
        ("(b)(7)(C)", "b7c"),
        ("(b) (7) (C)", "b7c"),
        ("7(C)", "b7c"),
        ("Ex. 6", "b6"),
        ("Exemption 6", "b6"),
        ("exemption (b)(5)", "b5"),
        ("6", "b6"),
        ("B6", "b6"),
        ("b6c", None),
        ("b10", None),
        ("privacy", None),
        ("", None),
    ],
)
def test_normalize_label(typed: str, expected: str | None) -> None:
    assert normalize_label(typed) == expected


def test_every_label_has_a_name() -> None:
    labels = {f"b{n}" for n in range(1, 10)} | {f"b7{letter}" for letter in "abcdef"}
    assert set(EXEMPTION_NAMES) == labels
    assert EXEMPTION_NAMES["b6"] == "personal privacy"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Withheld in full\n(b)(5)\nICE FOIA 10-2674.0007290", True),
        ("Page withheld pursuant to exemption\n(b)(6), (b)(7)(C)", True),
        ("Withheld pursuant to exemption (b)(5) of the Freedom of Information Act", True),
        ("Page(s) withheld", True),
        ("2 Pages Withheld - (b)(7)(E)", True),
        (
            "FEDERAL BUREAU OF INVESTIGATION\nDeleted Page Information Sheet\nPage 12 ~ b6; b7C",
            True,
        ),
        ("DUPLICATE\nICE FOIA 10-2674.0007291", False),
        ("(b)(6)\nSmith, John\nThank you.", False),
        # Short released pages that mention a partial withholding are not slip sheets.
        ("Contact: (b) (6)\nTwo paragraphs withheld under Ex. 5 as deliberative.", False),
        ("The names of the two officers were withheld by the agency.", False),
        (
            "ICE processed 15,000 pages; of these, 1,200 pages were withheld in full under "
            "Exemption 5 because they reflect the agency's deliberations before the decision "
            "on whether counties could opt out of Secure Communities was made. "
            "The remaining pages were released with redactions under Exemptions 6 and 7(C) "
            "to protect the privacy of ICE employees and third parties named in them, as "
            "described in the Vaughn index attached to this declaration as Exhibit A.",
            False,
        ),
    ],
)
def test_is_withheld(text: str, expected: bool) -> None:
    assert is_withheld(text) is expected


@pytest.mark.parametrize(
    "name",
    ["vector-pdf.pdf", "ca9_19.pdf", "OwyheeCoID_TFM_MOA_03.07.25.pdf", "ddrAnthonyJones.pdf"],
)
def test_no_labels_in_statutes_and_court_papers(name: str) -> None:
    texts = sample_pdf_texts(name)
    assert [find_exemptions(text) for text in texts] == [{}] * len(texts)
    assert not any(is_withheld(text) for text in texts)


# -- context, citations and neighbours (issue 12: the mutants the tests above let through) ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weak form counts on a line with a clear label or a context word: that line only.
        ("Redacted: B6\nsecond line", {"b6": 1}),
        ("first line\nRedacted: B6", {"b6": 1}),
        ("B6 exempt", {"b6": 1}),
        ("Header\n(b)(6), 7(C)", {"b6": 1, "b7c": 1}),
        ("Redacted:\nB6", {}),  # the context word is on the line above
        ("Header\nRedacted:\nB6", {}),
        ("B6 vitamin\nwithheld below", {}),  # ... or on the line below
        ("B6 vitamin\nwithheld below\nthird", {}),
        ("(b)(6) names\n7(C) of the Act", {"b6": 1}),  # the clear label is on another line
        ("See Ex. 5 at 3.\nExemption 6 applies.", {"b6": 1}),
        ("See Ex 5 at 3.", {}),  # "Ex" without its dot is as ambiguous as "Ex."
        # A citation does not hide a real label after it.
        ("Section (b)(1) of the Act", {}),
        ("as provided in subsection (b)(1), the names were withheld under (b)(6)", {"b6": 1}),
        # the citation word must end within 12 characters of the label
        ("Section" + " " * 5 + "(b)(1)", {}),
        ("Section" + " " * 6 + "(b)(1)", {"b1": 1}),
        # labels printed with nothing between them each count
        ("(b)(7)(C)B6", {"b7c": 1, "b6": 1}),
        ("7(C)b6", {"b7c": 1, "b6": 1}),
        # ... but a letter read as part of one label does not start another
        ("(b)(6)B6", {"b6": 1}),
        ("(b)(5) (b)(6)B6", {"b5": 1, "b6": 1}),
        # a label broken across lines counts on the line where it starts
        ("(b)(6), 7\n(C)", {"b6": 1, "b7c": 1}),
    ],
)
def test_find_exemptions_context_citations_and_neighbours(
    text: str, expected: dict[str, int]
) -> None:
    assert find_exemptions(text) == expected


def test_strip_labels_removes_each_listed_label() -> None:
    assert strip_labels("withheld under Exemptions 6 and 7(C) here") == (
        "withheld under Exemptions  and  here"
    )
    assert strip_labels("(b)(7)(C)B6 names") == " names"


def test_a_slip_sheet_has_at_most_60_words() -> None:
    stub = "Withheld in full"
    at_limit = stub + " word" * 57  # 60 words
    assert len(at_limit.split()) == 60 and is_withheld(at_limit)
    assert not is_withheld(at_limit + " more")
    labels = " (b)(6)" * 10  # labels are not words of the page
    assert is_withheld(at_limit + labels)
