"""Every citation format, read back by a real parser of that format (issue 14, defect 11).

RIS by `rispy`, BibTeX by `bibtexparser`, CSL-JSON by
`jsonschema` against the CSL input schema, CSV by the csv module, text as lines. Each genre
we type records with is cited, with awkward values in every free-text field, and what the
parser reads must be what was cited: the right type for the genre, the author as one name
(no trailing comma), the title, pages, date and link.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import bibtexparser
import jsonschema
import pytest
import rispy

from indexer.citations.citation import Citation
from indexer.citations.formats import (
    CSV_COLUMNS,
    FORMATS,
    GENRE_TYPES,
    to_bibtex,
    to_csl_json,
    to_csv,
    to_ris,
    to_text,
)
from tests.indexer.test_citations import CSL_SCHEMA_PATH, unescape_latex

# RIS types expected for the genres a release's manifest uses (RIS specification type list).
EXPECTED_RIS = {
    "press release": "PRESS",
    "agreement": "GOVDOC",
    "form": "GOVDOC",
    "regulation": "LEGAL",
    "court record": "CASE",
    "data table": "DATA",
    "report": "RPRT",
    "memo": "RPRT",
    "email": "ICOMM",
    "letter": "PCOMM",
}
# The RIS specification's reference types: rispy's table, which leaves out PRESS (press
# release) and UNBILL (unenacted bill), both in the RIS format's own list (RefMan, 2012).
RIS_TYPES = {*rispy.TYPE_OF_REFERENCE_MAPPING, "PRESS", "UNBILL"}
AWKWARD_TITLES = (
    'Q&A on "Opt-Out" {draft} 100% of $5,000 #SC_rollout ~v2^ C:\\share',
    "Statement of María Peña on “Secure Communities”",
    "=HYPERLINK(1) starts like a formula",
    "Title, with a comma; and a semicolon",
)
AWKWARD_SOURCES = (
    "ICE",
    "U.S. Immigration and Customs Enforcement",
    "Smith, Jones & Partners",  # a comma inside an institution's name
    "Büro für Migration",
)


def _citation(number: int, genre: str | None, fmt: str = "pdf") -> Citation:
    title = AWKWARD_TITLES[number % len(AWKWARD_TITLES)]
    source = AWKWARD_SOURCES[number % len(AWKWARD_SOURCES)]
    doc_id = f"{number:016x}"
    return Citation(
        doc_id=doc_id,
        title=title,
        source=source,
        date=("2025-05-07", "2019-11", "2003", None)[number % 4],
        page=(None, 2, 3)[number % 3],
        page_end=4 if number % 3 == 2 else None,
        pages_total=9,
        bates="DHS-FOIA 000120" if number % 2 else None,
        release="Release {7} & co" if number % 2 else None,
        url=f"https://foia.example.org/doc/{doc_id}",
        sha256=f"{number:064x}",
        file_name=f"record-{number}.{fmt}",
        format=fmt,
        type=genre,
        tag="@jail" if number % 2 else None,
        note="line one\nline two {x}" if number % 3 else None,
        accessed="2026-01-02",
    )


GENRES = [*GENRE_TYPES, "Press Release", None, "something new"]
CITATIONS = [_citation(n, genre) for n, genre in enumerate(GENRES)] + [
    _citation(len(GENRES), None, fmt="html")
]


def test_ris_is_read_back_by_rispy() -> None:
    records = rispy.loads(to_ris(CITATIONS))
    assert len(records) == len(CITATIONS)
    for record, citation in zip(records, CITATIONS, strict=True):
        assert record["type_of_reference"] in RIS_TYPES
        genre = (citation.type or "").lower()
        if genre in EXPECTED_RIS:
            assert record["type_of_reference"] == EXPECTED_RIS[genre], genre
        assert record["authors"] == [citation.source]  # one name, no trailing comma
        assert record["title"] == citation.title
        assert record["urls"] == [citation.url]
        assert record.get("start_page") == (str(citation.page) if citation.page else None)
        if citation.date:
            assert record["year"] == citation.date[:4]
    assert records[-1]["type_of_reference"] == "ELEC"  # a web page of unknown genre


def test_bibtex_is_read_back_by_bibtexparser() -> None:
    # Parsed as BibTeX (entries, keys, balanced braces); LaTeX escapes undone by their table:
    # pylatexenc, bibtexparser's decoder, does not know \textbraceleft.
    library = bibtexparser.parse_string(to_bibtex(CITATIONS))
    assert library.failed_blocks == []
    assert len(library.entries) == len(CITATIONS)
    assert len({entry.key for entry in library.entries}) == len(CITATIONS)
    for entry, citation in zip(library.entries, CITATIONS, strict=True):
        fields = {field.key: field.value for field in entry.fields}
        assert (
            entry.entry_type == GENRE_TYPES.get((citation.type or "").lower(), ("", "", "misc"))[2]
        )
        assert unescape_latex(fields["title"][1:-1]) == citation.title
        assert unescape_latex(fields["author"][1:-1]) == citation.source
        assert fields["url"] == citation.url
        if citation.date:
            assert fields["year"] == citation.date[:4]
        if citation.pages:
            assert fields["pages"].replace("--", "-") == citation.pages


def test_csl_json_is_valid_against_the_csl_schema() -> None:
    if not CSL_SCHEMA_PATH.is_file():
        pytest.skip(f"shared CSL schema not found at {CSL_SCHEMA_PATH}")
    schema = json.loads(CSL_SCHEMA_PATH.read_text(encoding="utf-8"))
    items = json.loads(to_csl_json(CITATIONS))
    validator = jsonschema.Draft7Validator(schema)
    assert [error.message for error in validator.iter_errors(items)] == []
    csl_types = schema["items"]["properties"]["type"]["enum"]
    for item, citation in zip(items, CITATIONS, strict=True):
        assert item["type"] in csl_types
        assert item["author"] == [{"literal": citation.source}]
        assert item["title"] == citation.title


def test_csv_and_text_are_read_back() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(CITATIONS), newline="")))
    assert len(rows) == len(CITATIONS) and list(rows[0]) == list(CSV_COLUMNS)
    for row, citation in zip(rows, CITATIONS, strict=True):
        assert row["title"].removeprefix("'") == citation.title
        assert row["doc_id"] == citation.doc_id
    lines = to_text(CITATIONS).splitlines()
    assert len(lines) == len(CITATIONS)
    assert all(citation.url in line for line, citation in zip(lines, CITATIONS, strict=True))


def test_every_format_is_checked_here() -> None:
    """A format added to FORMATS needs a parser in this module."""
    assert set(FORMATS) == {"text", "csl-json", "ris", "bibtex", "csv"}


def test_an_institution_with_a_comma_stays_one_name_in_ris() -> None:
    citation = dataclasses.replace(CITATIONS[0], source="Smith, Jones & Partners")
    (record,) = rispy.loads(to_ris([citation]))
    assert record["authors"] == ["Smith, Jones & Partners"]
