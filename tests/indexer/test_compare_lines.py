"""Issue 14, defect 5: two releases side by side, line beside line, with every word of each
kept in order, unchanged lines on one row, and each redaction's exemption named on both sides."""

from __future__ import annotations

import random

import pytest

from indexer.model.document import Page
from indexer.reading.compare_lines import LineRow, compare_pages, exemption_reason

WORDS = tuple(
    [
        "county",
        "sheriff",
        "detainer",
        "agreement",
        "fingerprints",
        "booking",
        "field",
        "office",
        "memorandum",
        "board",
        "deputy",
        "warrant",
        "custody",
        "release",
        "notice",
        "request",
        "policy",
        "program",
        "hearing",
        "transfer",
    ]
)
REDACTIONS = {"(b)(6)": "b6", "(b)(7)(C)": "b7c", "(b)(5)": "b5", "(b)(7)(E)": "b7e"}


def side_words(rows: tuple[LineRow, ...], side: str) -> list[str]:
    words: list[str] = []
    for row in rows:
        spans = row.a if side == "a" else row.b
        for span in spans or ():
            words.extend(span.text.split())
    return words


def release_pair(seed: int) -> tuple[list[str], list[str], dict[int, str]]:
    """Copy A's lines, copy B's lines (some words withheld under an exemption, a line of its
    own), and the lines of A that B prints unchanged, by index -> the line."""
    rng = random.Random(seed)
    lines_a = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))) + f" L{index}"
        for index in range(rng.randint(3, 14))
    ]
    lines_b: list[str] = []
    unchanged: dict[int, str] = {}
    for index, line in enumerate(lines_a):
        words = line.split()
        if rng.random() < 0.3 and len(words) > 3:
            at = rng.randrange(len(words) - 1)
            words[at : at + rng.randint(1, 2)] = [rng.choice(list(REDACTIONS))]
        else:
            unchanged[index] = line
        lines_b.append(" ".join(words))
        if rng.random() < 0.15:
            lines_b.append(f"slip sheet added by the second release {index}")
    return lines_a, lines_b, unchanged


@pytest.mark.parametrize("seed", range(40))
def test_side_by_side_keeps_every_word_and_aligns_unchanged_lines(seed: int) -> None:
    lines_a, lines_b, unchanged = release_pair(seed)
    page_a, page_b = Page(1, "\n".join(lines_a)), Page(1, "\n".join(lines_b))
    spans, rows = compare_pages(page_a, page_b)
    assert side_words(rows, "a") == page_a.text.split()
    assert side_words(rows, "b") == page_b.text.split()
    # each line of A that B prints unchanged sits on one row beside itself
    for line in unchanged.values():
        matching = [row for row in rows if row.a is not None and _text(row.a) == line]
        assert matching and _text(matching[0].b) == line and matching[0].is_same
    # every redaction: the words B withholds name its exemption, and so does B's label
    for row in rows:
        for span in row.a or ():
            if span.kind == "only_a" and span.redacted:
                assert span.labels and all(label in REDACTIONS.values() for label in span.labels)
        for span in row.b or ():
            if span.text.strip(",.") in REDACTIONS and span.kind == "only_b":
                assert span.withholds == (REDACTIONS[span.text.strip(",.")],)
    # the merged view is the same comparison
    merged_a = " ".join(s.text for s in spans if s.kind in ("same", "only_a")).split()
    assert merged_a == page_a.text.split()


def test_a_redacted_name_reads_its_exemption_beside_it_on_both_sides() -> None:
    printed = "To: Field Office\nThe deputy sheriff, Laura Mendez, will call.\nSigned"
    withheld = (
        "To: Field Office\nA line only this release has\n"
        "The deputy sheriff, (b)(6), will call.\nSigned"
    )
    _, rows = compare_pages(Page(1, printed), Page(1, withheld))
    assert [(_text(row.a), _text(row.b)) for row in rows] == [
        ("To: Field Office", "To: Field Office"),
        (None, "A line only this release has"),
        ("The deputy sheriff, Laura Mendez, will call.", "The deputy sheriff, (b)(6), will call."),
        ("Signed", "Signed"),
    ]
    assert rows[2].a is not None and rows[2].b is not None
    name = next(span for span in rows[2].a if span.kind == "only_a")
    label = next(span for span in rows[2].b if span.kind == "only_b")
    assert (name.text, name.redacted, name.reasons) == (
        "Laura Mendez,",
        True,
        ("(b)(6) personal privacy",),
    )
    assert (label.text, label.withholds, label.reasons) == (
        "(b)(6),",
        ("b6",),
        ("(b)(6) personal privacy",),
    )


def test_exemption_reasons_are_written_out() -> None:
    assert exemption_reason("b7c") == "(b)(7)(C) law enforcement: personal privacy"
    assert exemption_reason("b5").startswith("(b)(5) privileged")
    assert exemption_reason("redacted") == "redacted"


def _text(spans: tuple[object, ...] | None) -> str | None:
    return None if spans is None else " ".join(span.text for span in spans)  # type: ignore[attr-defined]
