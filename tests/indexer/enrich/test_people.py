"""People in header values: lists cut one entry a person, names read in any order, the
normal forms the index holds and the forms a typed name looks for (enrich/people.py)."""

from __future__ import annotations

import pytest

from indexer.enrich.people import (
    SEPARATOR,
    Person,
    parse_person,
    people_text,
    person_forms,
    query_forms,
    split_people,
)
from indexer.text.terms import iter_terms


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # ';' separates "Last, First" entries
        (
            "Oyelaran-Whitfield, Temitope K.; van der Berg, Anneke; Nguyen, Thi Lan",
            ["Oyelaran-Whitfield, Temitope K.", "van der Berg, Anneke", "Nguyen, Thi Lan"],
        ),
        # ',' between full names separates people
        ("Ingrid Solberg, Tomasz Wierzbicki", ["Ingrid Solberg", "Tomasz Wierzbicki"]),
        ("Ingrid Solberg,Tomasz Wierzbicki", ["Ingrid Solberg", "Tomasz Wierzbicki"]),
        # ',' after a surname joins it to the given names that follow
        ("Solberg, Ingrid", ["Solberg, Ingrid"]),
        ("Solberg, Ingrid M.", ["Solberg, Ingrid M."]),
        ("Solberg, Ingrid M", ["Solberg, Ingrid M"]),
        ("Solberg Haugen, Ingrid", ["Solberg Haugen, Ingrid"]),
        ("de la Fuente, Ana Sofia", ["de la Fuente, Ana Sofia"]),
        # "Last, First" pairs in a list without ';'
        ("Solberg, Ingrid, Wierzbicki, Tomasz", ["Solberg, Ingrid", "Wierzbicki, Tomasz"]),
        (
            "Solberg, Ingrid M., Wierzbicki, Tomasz J.",
            ["Solberg, Ingrid M.", "Wierzbicki, Tomasz J."],
        ),
        # commas inside quotes and brackets do not cut
        (
            '"Solberg, Ingrid" <i.solberg@fws.gov>, "Wierzbicki, Tomasz" <tw@fws.gov>',
            ['"Solberg, Ingrid" <i.solberg@fws.gov>', '"Wierzbicki, Tomasz" <tw@fws.gov>'],
        ),
        (
            "Solberg, Ingrid [mailto:Ingrid.Solberg@fws.gov]; Tomasz (Tom, FWS) Wierzbicki",
            ["Solberg, Ingrid [mailto:Ingrid.Solberg@fws.gov]", "Tomasz (Tom, FWS) Wierzbicki"],
        ),
        ("Solberg, Ingrid <i.s@fws.gov>", ["Solberg, Ingrid <i.s@fws.gov>"]),
        # addresses alone, and names with addresses, are one entry each
        ("i.s@fws.gov, tw@fws.gov", ["i.s@fws.gov", "tw@fws.gov"]),
        (
            "Ingrid Solberg <i.s@fws.gov>, tw@fws.gov",
            ["Ingrid Solberg <i.s@fws.gov>", "tw@fws.gov"],
        ),
        # a lone piece, an empty piece, a piece without letters
        ("Solberg", ["Solberg"]),
        ("Solberg, , Haugen", ["Solberg, Haugen"]),
        ("Solberg; ; 12", ["Solberg"]),
        ("", []),
        # two given names without an initial after a plain surname: two people
        ("Ingrid Solberg, Ana Sofia", ["Ingrid Solberg", "Ana Sofia"]),
        # four words are no given names
        ("Solberg, Ingrid Marie Anne Louise", ["Solberg", "Ingrid Marie Anne Louise"]),
        ("Ingrid Solberg Haugen Lund, Ana", ["Ingrid Solberg Haugen Lund", "Ana"]),
        ("Solberg, <x@y.org>", ["Solberg", "<x@y.org>"]),
        # quotes and brackets, nested, curly, with ';' inside
        ('"Berg; Ana" <a@x.org>; Tomas Lund', ['"Berg; Ana" <a@x.org>', "Tomas Lund"]),
        (
            "\u201cBerg; Ana\u201d <a@x.org>; Tomas Lund",
            ["\u201cBerg; Ana\u201d <a@x.org>", "Tomas Lund"],
        ),
        ("Ana Berg (OPLA [HQ], DC), Tomas Lund", ["Ana Berg (OPLA [HQ], DC)", "Tomas Lund"]),
        ("Ana Berg (Xavier, OPLA), Tomas Lund", ["Ana Berg (Xavier, OPLA)", "Tomas Lund"]),
        ("Kwame Mensah (CTR), Ingrid Solberg", ["Kwame Mensah (CTR)", "Ingrid Solberg"]),
        ("Xavier Lund, Ana Berg", ["Xavier Lund", "Ana Berg"]),
        # given names: up to three words; with an initial after a surname of two words
        ("Solberg, Ingrid Marie Anne", ["Solberg, Ingrid Marie Anne"]),
        ("Solberg Haugen, Ingrid M.", ["Solberg Haugen, Ingrid M."]),
        ("Solberg Haugen, Ingrid M", ["Solberg Haugen, Ingrid M"]),
        ("Solberg Haugen, Ingrid Marie M.", ["Solberg Haugen, Ingrid Marie M."]),
        ("Haugen Lund, Ingrid M. ingrid@x.org", ["Haugen Lund, Ingrid M. ingrid@x.org"]),
        ("van Berg, Ana Sofia", ["van Berg, Ana Sofia"]),
        ("Berg <a@x.org>, Ana", ["Berg <a@x.org>", "Ana"]),
        # one comma a ';' part: one person, whatever the words
        (
            "Solberg Haugen, Ingrid Marie; Berg, Ana",
            ["Solberg Haugen, Ingrid Marie", "Berg, Ana"],
        ),
        ("Ingrid Solberg, Ana Berg; Tomas Lund", ["Ingrid Solberg, Ana Berg", "Tomas Lund"]),
        ("i@x.org, Ana Berg; Tomas Lund", ["i@x.org", "Ana Berg", "Tomas Lund"]),
        ("Solberg, Ingrid, Berg; Tomas Lund", ["Solberg, Ingrid", "Berg", "Tomas Lund"]),
        ("Solberg Haugen, Ingrid Marie", ["Solberg Haugen", "Ingrid Marie"]),
    ],
)
def test_split_people(value: str, expected: list[str]) -> None:
    assert split_people(value) == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Solberg, Ingrid", Person("Ingrid", (), "Solberg", "", "Solberg, Ingrid")),
        (
            "Oyelaran-Whitfield, Temitope K.",
            Person(
                "Temitope", ("K.",), "Oyelaran-Whitfield", "", "Oyelaran-Whitfield, Temitope K."
            ),
        ),
        ("Ingrid M. Solberg", Person("Ingrid", ("M.",), "Solberg", "", "Ingrid M. Solberg")),
        ("I. Solberg", Person("I.", (), "Solberg", "", "I. Solberg")),
        ("Anneke van der Berg", Person("Anneke", (), "van der Berg", "", "Anneke van der Berg")),
        ("Van Berg", Person("Van", (), "Berg", "", "Van Berg")),
        ("van der Berg, Anneke", Person("Anneke", (), "van der Berg", "", "van der Berg, Anneke")),
        ("Solberg", Person("", (), "Solberg", "", "Solberg")),
        ("Solberg,", Person("", (), "Solberg", "", "Solberg")),
        ("Solberg, Jr.", Person("", (), "Solberg", "", "Solberg, Jr.")),
        ("Mensah, Kwame, Jr.", Person("Kwame", (), "Mensah", "", "Mensah, Kwame, Jr.")),
        ("Mensah, 'Kwame'", Person("Kwame", (), "Mensah", "", "Mensah, 'Kwame")),
        ("Ana Sofia de Lund", Person("Ana", ("Sofia",), "de Lund", "", "Ana Sofia de Lund")),
        ("Xavier Lund", Person("Xavier", (), "Lund", "", "Xavier Lund")),
        # honorifics, suffixes, quotes, brackets and "via" lists go
        ("Dr. Kwame Mensah Jr.", Person("Kwame", (), "Mensah", "", "Dr. Kwame Mensah Jr.")),
        ("Mensah, Kwame III", Person("Kwame", (), "Mensah", "", "Mensah, Kwame III")),
        ("Dr.", Person("", (), "Dr.", "", "Dr.")),
        ("Ms. Mensah", Person("", (), "Mensah", "", "Ms. Mensah")),
        ("'Kwame Mensah'", Person("Kwame", (), "Mensah", "", "Kwame Mensah")),
        ("\u201cMensah, Kwame\u201d", Person("Kwame", (), "Mensah", "", "Mensah, Kwame")),
        ("Kwame Mensah (CTR)", Person("Kwame", (), "Mensah", "", "Kwame Mensah")),
        (
            "'Kwame Mensah' via Asylum-Policy <asylum-policy@lists.example.org>",
            Person("Kwame", (), "Mensah", "asylum-policy@lists.example.org", "Kwame Mensah"),
        ),
        (
            "Mensah, Kwame [mailto:Kwame.Mensah@uscis.dhs.gov]",
            Person("Kwame", (), "Mensah", "kwame.mensah@uscis.dhs.gov", "Mensah, Kwame"),
        ),
        # an address alone: "first.last" gives the name
        (
            "Kwame.Mensah@uscis.dhs.gov",
            Person("kwame", (), "mensah", "kwame.mensah@uscis.dhs.gov", ""),
        ),
        (
            "<kwame_mensah@uscis.dhs.gov>",
            Person("kwame", (), "mensah", "kwame_mensah@uscis.dhs.gov"),
        ),
        ("kmensah@uscis.dhs.gov", Person(address="kmensah@uscis.dhs.gov")),
        ("k.mensah@uscis.dhs.gov", Person(address="k.mensah@uscis.dhs.gov")),
        ("kwame.a.mensah@uscis.dhs.gov", Person(address="kwame.a.mensah@uscis.dhs.gov")),
        ("(b)(6)", None),
        ("", None),
        ("12 34", None),
    ],
)
def test_parse_person(entry: str, expected: Person | None) -> None:
    assert parse_person(entry) == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "Oyelaran-Whitfield, Temitope K.",
            [
                "temitope k. oyelaran-whitfield",
                "temitope oyelaran-whitfield",
                "t oyelaran-whitfield",
                "t k oyelaran-whitfield",
                "oyelaran-whitfield temitope k.",
            ],
        ),
        ("Ingrid Solberg", ["ingrid solberg", "i solberg"]),
        ("I. Solberg", ["i. solberg", "i solberg"]),
        (
            "Mensah, Kwame <KM@uscis.dhs.gov>",
            ["kwame mensah", "k mensah", "km@uscis.dhs.gov", "mensah kwame"],
        ),
        ("Solberg", ["solberg"]),
        ("km@uscis.dhs.gov", ["km@uscis.dhs.gov"]),
        ("Regional Directors", ["regional directors", "r directors"]),
    ],
)
def test_person_forms(entry: str, expected: list[str]) -> None:
    person = parse_person(entry)
    assert person is not None
    assert person_forms(person) == expected


def test_people_text_separates_every_form_and_person() -> None:
    text = people_text(["Solberg, Ingrid", "(b)(6)", "tw@fws.gov"])
    assert (
        text
        == f"ingrid solberg {SEPARATOR} i solberg {SEPARATOR} solberg ingrid {SEPARATOR} tw@fws.gov"
    )
    assert people_text([]) == ""
    # the separator is a term of its own, so no phrase runs from one form into the next
    assert [term for term, *_ in iter_terms(text)][2] == SEPARATOR


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ingrid Solberg", ["ingrid solberg"]),
        ("Solberg, Ingrid", ["ingrid solberg"]),
        ("Solberg, Ingrid M.", ["ingrid m. solberg"]),
        ("I. Solberg", ["i. solberg"]),
        ("Solberg", ["solberg"]),
        ("solberg", ["solberg"]),
        ("Ingrid Solberg <Ingrid.Solberg@FWS.gov>", ["ingrid.solberg@fws.gov"]),
        ("ingrid.solberg@fws.gov", ["ingrid.solberg@fws.gov"]),
        ("(b)(6)", ["(b)(6)"]),
        ("(b)(6)  (b)(7)(C)", ["(b)(6) (b)(7)(C)"]),
        ("  ", []),
    ],
)
def test_query_forms(typed: str, expected: list[str]) -> None:
    assert query_forms(typed) == expected


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("Oyelaran-Whitfield, Temitope K.", "Temitope Oyelaran-Whitfield"),
        ("Oyelaran-Whitfield, Temitope K.", "Temitope K. Oyelaran-Whitfield"),
        ("Oyelaran-Whitfield, Temitope K.", "T. Oyelaran-Whitfield"),
        ("Oyelaran-Whitfield, Temitope K.", "T. K. Oyelaran-Whitfield"),
        ("Oyelaran-Whitfield, Temitope K.", "Oyelaran-Whitfield, Temitope"),
        ("Temitope K. Oyelaran-Whitfield", "Oyelaran-Whitfield, Temitope K."),
        ("T. Oyelaran-Whitfield", "T. Oyelaran-Whitfield"),
        ("Anneke van der Berg <avdb@state.gov>", "van der Berg, Anneke"),
        ("van der Berg, Anneke", "A. van der Berg"),
        ("Nguyễn, Thị Lan", "Thi Lan Nguyen"),
        ("Séamus Ó Briain", "Seamus O Briain"),
        ("Kwame.Mensah@uscis.dhs.gov", "Kwame Mensah"),
        ("Kwame.Mensah@uscis.dhs.gov", "K. Mensah"),
        ("Mensah, Kwame [mailto:Kwame.Mensah@uscis.dhs.gov]", "kwame.mensah@uscis.dhs.gov"),
        ("'Kwame Mensah' via Asylum-Policy <ap@lists.example.org>", "Mensah, Kwame"),
        ("Mensah, Kwame", "Mensah Kwame"),  # the printed order, typed without the comma
    ],
)
def test_a_typed_name_meets_the_printed_one(printed: str, typed: str) -> None:
    """The typed form, as terms, runs side by side inside one of the printed person's forms."""
    indexed = _terms_by_position(people_text([printed]))
    assert _phrase_in(indexed, _by_position(query_forms(typed)[0]))


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("Solberg, Ingrid; Haugen, Tomas", "Ingrid Haugen"),
        ("Ingrid Haugen Solberg", "Ingrid Haugen-Lund"),
        ("Solberg, Ingrid", "Ingrid K. Solberg"),  # a middle initial typed must be printed
        ("Solberg, Ingrid M.", "Ingrid K. Solberg"),
        ("Solberg, Ingrid; Tomas Haugen", "Solberg Tomas"),  # never across two people
    ],
)
def test_a_typed_name_does_not_meet_another(printed: str, typed: str) -> None:
    indexed = _terms_by_position(people_text(split_people(printed)))
    assert not _phrase_in(indexed, _by_position(query_forms(typed)[0]))


def _by_position(text: str) -> list[str]:
    found: dict[int, str] = {}
    for term, position, _, _ in iter_terms(text):
        found[position] = term
    return [found[p] for p in sorted(found)]


def _terms_by_position(text: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for term, position, _, _ in iter_terms(text):
        found.setdefault(position, set()).add(term)
    return found


def _phrase_in(indexed: dict[int, set[str]], words: list[str]) -> bool:
    """Whether `words` stand at successive positions of `indexed` (an exact phrase match)."""
    assert len(words) > 1  # a single word is a term query: not what these tests are about
    return any(
        all(word in indexed.get(start + offset, set()) for offset, word in enumerate(words))
        for start in indexed
    )
