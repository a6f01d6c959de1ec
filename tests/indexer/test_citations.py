"""Citations of released records in every export format, each read back by its own parser."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from indexer.citations.citation import Citation
from indexer.citations.formats import (
    FILE_EXTENSIONS,
    FORMATS,
    MEDIA_TYPES,
    render,
    to_bibtex,
    to_csl_json,
    to_csv,
    to_ris,
    to_text,
)

SHARED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared"
CSL_SCHEMA_PATH = SHARED_DIR / "schemas" / "csl-data.json"
RELEASE = "NDLON v. ICE FOIA production"

PAGE_WITH_BATES = Citation(
    doc_id="ice-sc-2011-0042",
    title='Secure Communities: "Opt-Out" Q&A for {State} Identification Bureaus',
    source="U.S. Immigration and Customs Enforcement",
    date="2011-05-10",
    page=3,
    pages_total=12,
    bates="ICE FOIA 10-2674.0007281",
    release=RELEASE,
    url="https://foia.example.org/doc/ice-sc-2011-0042/p/3",
    original_url="https://www.ice.gov/doclib/foia/secure_communities/optout.pdf",
    sha256="8431a2a6c303259143830dad51bc2ff8f8c677f7bf307ec54edb96b895615ee1",
    file_name="ICE FOIA 10-2674.0007279-0007290.pdf",
    format="pdf",
    type="memo",
    tag="opt-out",
    note='=HYPERLINK("https://evil.example/x","Click here")',
    accessed="2024-03-01",
)
WHOLE_UNDATED = Citation(
    doc_id="ndlon-statement-17",
    title="Statement of Pablo Alvarado & María Peña on “Secure Communities”",
    source="National Day Laborer Organizing Network",
    url="https://foia.example.org/doc/ndlon-statement-17",
    sha256="ec60047e8b60b2cf955dca75f5c91032ef5587fec8cfd49ed5f6aeaa07cebde4",
    file_name="ndlon-statement-peña.html",
    format="html",
    type="press release",
    tag="press",
    note="Peña's quote is in paragraph 4",
    accessed="2024-03-02",
)
PAGE_RANGE = Citation(
    doc_id="ice-email-2010-0917",
    title="RE: 287(g) costs: 100% of $5,000 for #SC_rollout, see C:\\share\\sc {draft} ~v2^",
    source="ICE",
    date="2010-09",
    page=3,
    page_end=5,
    pages_total=9,
    bates="ICE FOIA 10-2674.0007290",
    bates_end="ICE FOIA 10-2674.0007292",
    release=RELEASE,
    url="https://foia.example.org/doc/ice-email-2010-0917/p/3",
    sha256="050185e210c6676b11bb4bf6b021cca64e6850f62e5a1a9081486776497dc71a",
    file_name="ICE FOIA 10-2674.0007288-0007296.pdf",
    format="pdf",
    type="email",
    tag="@jail",
    note="-- see also the attachment on p. 7",
    accessed="2024-03-01",
)
REPORT = Citation(
    doc_id="ddr-anthony-jones",
    title="Detainee Death Report: JONES, Anthony",
    source="ICE Enforcement and Removal Operations",
    date="2021",
    page=2,
    pages_total=5,
    url="https://foia.example.org/doc/ddr-anthony-jones/p/2",
    sha256="6ba2c62c49508d2a82c0da52a692ec21abb10b50d9d902e7bd878b5f2aa455cc",
    file_name="ddrAnthonyJones.pdf",
    format="pdf",
    type="Report",
    accessed="2024-03-01",
)
CITATIONS = (PAGE_WITH_BATES, WHOLE_UNDATED, PAGE_RANGE, REPORT)
# The first citation again: a tagged set may hold the same page twice.
WITH_REPEAT = (*CITATIONS, PAGE_WITH_BATES)

RIS_LINE = re.compile(r"([A-Z][A-Z0-9])  - (.*)")
LATEX_ESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\%": "%",
    r"\&": "&",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
LATEX_ESCAPE = re.compile("|".join(re.escape(sequence) for sequence in LATEX_ESCAPES))


# --- the model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"page_end": 2}, "page_end 2"),
        ({"page": None, "page_end": 4}, "page_end 4"),
        ({"page": 0}, "page 0"),
        ({"page": 13}, "beyond pages_total 12"),
        ({"bates": None, "bates_end": "ICE FOIA 10-2674.0007282"}, "bates_end without bates"),
        ({"date": "May 10, 2011"}, "date 'May 10, 2011'"),
        ({"date": "2011-02-30"}, "date '2011-02-30'"),
        ({"date": "2011-13"}, "date '2011-13'"),
        ({"accessed": "2024-03"}, "accessed '2024-03'"),
        ({"sha256": PAGE_WITH_BATES.sha256.upper()}, "sha256"),
        ({"sha256": "8431a2a6"}, "sha256"),
        ({"doc_id": "=cmd|' /C calc'!A0"}, "doc_id"),
        ({"bates": "-0007281"}, "bates '-0007281'"),
        ({"url": " "}, "url"),
        ({"title": "  "}, "title is blank"),
        ({"format": "docx"}, "format 'docx'"),
    ],
)
def test_citation_refuses_what_would_mis_cite(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        dataclasses.replace(PAGE_WITH_BATES, **changes)
    assert "ice-sc-2011-0042" in str(caught.value) or "doc_id" in str(caught.value)


@pytest.mark.parametrize("date", ["2011", "2011-05", "2011-05-31", "2012-02-29"])
def test_citation_accepts_iso_dates_and_their_prefixes(date: str) -> None:
    assert dataclasses.replace(PAGE_WITH_BATES, date=date).date == date


def test_pages_and_bates_ranges() -> None:
    assert PAGE_WITH_BATES.pages == "3"
    assert PAGE_RANGE.pages == "3-5"
    assert WHOLE_UNDATED.pages is None
    assert dataclasses.replace(PAGE_RANGE, page_end=3).pages == "3"
    assert PAGE_RANGE.bates_range == "ICE FOIA 10-2674.0007290 to ICE FOIA 10-2674.0007292"
    assert PAGE_WITH_BATES.bates_range == "ICE FOIA 10-2674.0007281"


# --- dispatch ----------------------------------------------------------------------------


def test_render_dispatches_to_each_format() -> None:
    renderers = {
        "text": to_text,
        "csl-json": to_csl_json,
        "ris": to_ris,
        "bibtex": to_bibtex,
        "csv": to_csv,
    }
    assert set(renderers) == set(FORMATS) == set(MEDIA_TYPES) == set(FILE_EXTENSIONS)
    for fmt, renderer in renderers.items():
        assert render(CITATIONS, fmt) == renderer(CITATIONS)
    assert MEDIA_TYPES["csl-json"] == "application/vnd.citationstyles.csl+json"
    assert FILE_EXTENSIONS["bibtex"] == ".bib"


def test_render_names_the_formats_for_an_unknown_one() -> None:
    with pytest.raises(ValueError, match="unknown citation format 'endnote'") as caught:
        render(CITATIONS, "endnote")
    for fmt in FORMATS:
        assert fmt in str(caught.value)


def test_no_citations_render_empty() -> None:
    assert to_text([]) == ""
    assert json.loads(to_csl_json([])) == []
    assert to_ris([]) == ""
    assert to_bibtex([]) == ""
    assert to_csv([]).splitlines() == [
        "doc_id,title,source,date,page,page_end,bates,bates_end,release,url,sha256,tag,note"
    ]


# --- text --------------------------------------------------------------------------------


def test_text_page_with_bates() -> None:
    assert to_text([PAGE_WITH_BATES]) == (
        "U.S. Immigration and Customs Enforcement, \"Secure Communities: 'Opt-Out' Q&A for"
        ' {State} Identification Bureaus" (May 10, 2011), at 3 (Bates ICE FOIA 10-2674.0007281),'
        " in NDLON v. ICE FOIA production, <https://foia.example.org/doc/ice-sc-2011-0042/p/3>"
        " (SHA-256 8431a2a6c303259143830dad51bc2ff8f8c677f7bf307ec54edb96b895615ee1)\n"
    )


def test_text_whole_document_without_date() -> None:
    assert to_text([WHOLE_UNDATED]) == (
        "National Day Laborer Organizing Network, "
        '"Statement of Pablo Alvarado & María Peña on “Secure Communities”" (n.d.), '
        "<https://foia.example.org/doc/ndlon-statement-17> "
        "(SHA-256 ec60047e8b60b2cf955dca75f5c91032ef5587fec8cfd49ed5f6aeaa07cebde4)\n"
    )


def test_text_page_range_with_bates_range() -> None:
    line = to_text([PAGE_RANGE])
    assert line.startswith('ICE, "RE: 287(g) costs: 100% of $5,000 for #SC_rollout')
    assert (
        "(September 2010), at 3-5 (Bates ICE FOIA 10-2674.0007290 to ICE FOIA 10-2674.0007292),"
        " in NDLON v. ICE FOIA production, <https://foia.example.org/doc/ice-email-2010-0917/p/3>"
    ) in line


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "2011"}, 'Bureaus" (2011), at 3 '),
        ({"date": "2011-05"}, 'Bureaus" (May 2011), at 3 '),
        ({"date": None}, 'Bureaus" (n.d.), at 3 '),
        ({"release": None}, "0007281), <https://"),
        ({"bates": None}, "(May 10, 2011), at 3, in NDLON"),
        ({"page": None}, "(May 10, 2011) (Bates ICE FOIA 10-2674.0007281), in NDLON"),
    ],
)
def test_text_drops_missing_parts_with_their_punctuation(
    changes: dict[str, Any], expected: str
) -> None:
    line = to_text([dataclasses.replace(PAGE_WITH_BATES, **changes)])
    assert expected in line
    assert line.count(", ,") == 0 and line.count("  ") == 0


def test_text_without_source_opens_with_the_title() -> None:
    line = to_text([dataclasses.replace(PAGE_RANGE, source=None)])
    assert line.startswith('"RE: 287(g) costs: 100% of $5,000 for #SC_rollout')
    assert "(September 2010), at 3-5 (Bates" in line


def test_text_is_one_line_per_citation_even_for_multi_line_fields() -> None:
    folded = dataclasses.replace(PAGE_WITH_BATES, title="Secure Communities\n  Opt-Out\tQ&A")
    text = to_text([folded, WHOLE_UNDATED, PAGE_RANGE])
    assert text.count("\n") == 3
    assert text.startswith(
        'U.S. Immigration and Customs Enforcement, "Secure Communities Opt-Out Q&A"'
    )


# --- CSL-JSON ----------------------------------------------------------------------------


def test_csl_json_validates_against_the_csl_schema() -> None:
    if not CSL_SCHEMA_PATH.is_file():
        pytest.skip(f"shared CSL schema not found at {CSL_SCHEMA_PATH}")
    schema = json.loads(CSL_SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    items = json.loads(to_csl_json(WITH_REPEAT))
    assert [error.message for error in validator.iter_errors(items)] == []
    # The schema is strict: a SHA-256 outside note/custom would be refused.
    unknown_key = [{**items[0], "sha256": PAGE_WITH_BATES.sha256}]
    assert not validator.is_valid(unknown_key)


def test_csl_json_fields() -> None:
    page, whole, page_range, report, repeat = json.loads(to_csl_json(WITH_REPEAT))
    assert [item["id"] for item in (page, whole, page_range, report, repeat)] == [
        "ice-sc-2011-0042-p3",
        "ndlon-statement-17",
        "ice-email-2010-0917-p3-5",
        "ddr-anthony-jones-p2",
        "ice-sc-2011-0042-p3_2",
    ]
    assert page["type"] == "report" and page["genre"] == "memo"
    assert whole["type"] == "report" and whole["genre"] == "press release"
    assert page_range["type"] == "personal_communication"
    assert page["author"] == [{"literal": "U.S. Immigration and Customs Enforcement"}]
    assert page["title"] == PAGE_WITH_BATES.title
    assert whole["title"] == "Statement of Pablo Alvarado & María Peña on “Secure Communities”"
    assert page["issued"] == {"date-parts": [[2011, 5, 10]]}
    assert page_range["issued"] == {"date-parts": [[2010, 9]]}
    assert report["issued"] == {"date-parts": [[2021]]}
    assert "issued" not in whole and "page" not in whole
    assert (page["page"], page_range["page"]) == ("3", "3-5")
    assert page["collection-title"] == RELEASE
    assert page["URL"] == PAGE_WITH_BATES.url
    assert whole["accessed"] == {"date-parts": [[2024, 3, 2]]}
    assert page["annote"] == PAGE_WITH_BATES.note
    assert page["keyword"] == "opt-out"
    assert page_range["custom"]["page_end"] == 5
    assert page_range["custom"]["sha256"] == PAGE_RANGE.sha256


def test_csl_json_note_is_parseable_provenance() -> None:
    page, whole, page_range, _, _ = json.loads(to_csl_json(WITH_REPEAT))
    notes = [
        dict(part.split(": ", 1) for part in item["note"].split("; "))
        for item in (page, whole, page_range)
    ]
    assert notes[0] == {
        "Bates": "ICE FOIA 10-2674.0007281",
        "SHA-256": PAGE_WITH_BATES.sha256,
        "File": "ICE FOIA 10-2674.0007279-0007290.pdf",
        "Original URL": "https://www.ice.gov/doclib/foia/secure_communities/optout.pdf",
    }
    assert notes[1] == {"SHA-256": WHOLE_UNDATED.sha256, "File": "ndlon-statement-peña.html"}
    assert notes[2]["Bates"] == "ICE FOIA 10-2674.0007290 to ICE FOIA 10-2674.0007292"


# --- RIS ---------------------------------------------------------------------------------


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    """Records as (tag, value) lists; every line must be `XX  - value`, records blank-separated."""
    assert "\r" not in text
    assert text.endswith("ER  - \n")
    records = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        matches = [RIS_LINE.fullmatch(line) for line in lines]
        assert all(matches), lines
        records.append([(match[1], match[2]) for match in matches if match])
    return records


def ris_values(record: list[tuple[str, str]], tag: str) -> list[str]:
    return [value for each_tag, value in record if each_tag == tag]


def test_ris_records_open_with_ty_and_close_with_er() -> None:
    records = parse_ris(to_ris(WITH_REPEAT))
    assert len(records) == 5
    for record in records:
        assert record[0][0] == "TY"
        assert record[-1] == ("ER", "")
        assert [tag for tag, _ in record].count("ER") == 1
    assert [record[0][1] for record in records] == ["RPRT", "PRESS", "ICOMM", "RPRT", "RPRT"]
    ids = [ris_values(record, "ID")[0] for record in records]
    assert len(set(ids)) == 5


def test_ris_fields() -> None:
    page, whole, page_range, _, _ = parse_ris(to_ris(WITH_REPEAT))
    assert ris_values(page, "SP") == ["3"] and ris_values(page, "EP") == []
    assert ris_values(page_range, "SP") == ["3"] and ris_values(page_range, "EP") == ["5"]
    assert ris_values(whole, "SP") == [] and ris_values(whole, "EP") == []
    assert ris_values(page, "TI") == [PAGE_WITH_BATES.title]
    assert ris_values(whole, "TI") == [WHOLE_UNDATED.title]
    assert ris_values(page, "AU") == ["U.S. Immigration and Customs Enforcement"]
    assert ris_values(page, "PY") == ["2011"] and ris_values(page, "DA") == ["2011/05/10/"]
    assert ris_values(page_range, "DA") == ["2010/09//"]
    assert ris_values(whole, "PY") == [] and ris_values(whole, "DA") == []
    assert ris_values(page, "UR") == [PAGE_WITH_BATES.url]
    assert ris_values(page, "DB") == [RELEASE]
    assert ris_values(page_range, "AN") == ["ICE FOIA 10-2674.0007290 to ICE FOIA 10-2674.0007292"]
    assert ris_values(whole, "Y2") == ["2024/03/02/"]
    provenance, note = ris_values(page, "N1")
    assert f"SHA-256: {PAGE_WITH_BATES.sha256}" in provenance
    assert "Bates: ICE FOIA 10-2674.0007281" in provenance
    assert note == PAGE_WITH_BATES.note
    assert ris_values(page_range, "KW") == ["@jail"]


def test_ris_folds_multi_line_values() -> None:
    folded = dataclasses.replace(PAGE_WITH_BATES, note="first line\nER  - second line")
    (record,) = parse_ris(to_ris([folded]))
    assert ris_values(record, "N1")[1] == "first line ER - second line"
    assert [tag for tag, _ in record].count("ER") == 1


# --- BibTeX ------------------------------------------------------------------------------


def read_braced(text: str, start: int) -> tuple[str, int]:
    """The text inside the brace group opening at `start`, counting every brace as BibTeX does."""
    assert text[start] == "{"
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1 : index], index + 1
    raise AssertionError(f"unbalanced braces from {text[start : start + 60]!r}")


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(entry type, key, raw fields) per entry; braced values keep their inner braces."""
    entries = []
    position = 0
    head = re.compile(r"@(\w+)\{([^,\s{}]+),")
    while (at := text.find("@", position)) != -1:
        assert text[position:at].strip() == "", text[position:at]
        match = head.match(text, at)
        assert match, text[at : at + 60]
        body, position = read_braced(text, match.start(2) - 1)
        entries.append((match[1], match[2], parse_bibtex_fields(body[len(match[2]) + 1 :])))
    assert text[position:].strip() == ""
    return entries


def parse_bibtex_fields(body: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    index = 0
    name_pattern, bare_pattern = re.compile(r"\s*(\w+)\s*=\s*"), re.compile(r"\w+")
    while match := name_pattern.match(body, index):
        name, index = match[1], match.end()
        if body[index] == "{":
            value, index = read_braced(body, index)
        else:
            bare = bare_pattern.match(body, index)
            assert bare, body[index : index + 40]
            value, index = bare[0], bare.end()
        assert name not in fields, name
        fields[name] = value
        index = re.compile(r"\s*,?").match(body, index).end()  # type: ignore[union-attr]
    assert body[index:].strip() == "", body[index:]
    return fields


def unescape_latex(value: str) -> str:
    left = LATEX_ESCAPE.sub("", value)
    assert not set(left) & set("\\{}%&$#_~^"), f"unescaped special character in {value!r}"
    return LATEX_ESCAPE.sub(lambda match: LATEX_ESCAPES[match[0]], value)


def test_bibtex_entries_are_balanced_with_unique_keys() -> None:
    entries = parse_bibtex(to_bibtex(WITH_REPEAT))
    kinds = [kind for kind, _, _ in entries]
    keys = [key for _, key, _ in entries]
    assert kinds == ["misc", "misc", "misc", "techreport", "misc"]
    assert keys == [
        "uice2011-icesc2011004-p3",
        "ndlonnd-ndlonstateme",
        "ice2010-iceemail2010-p3-5",
        "iero2021-ddranthonyjo-p2",
        "uice2011-icesc2011004-p3_2",
    ]
    assert all(re.fullmatch(r"[a-z0-9_-]+", key) for key in keys)


def test_bibtex_fields() -> None:
    page, whole, page_range, report, _ = (
        fields for _, _, fields in parse_bibtex(to_bibtex(WITH_REPEAT))
    )
    for fields, citation in zip((page, whole, page_range, report), CITATIONS, strict=True):
        title = fields["title"]
        assert title.startswith("{") and title.endswith("}")
        assert unescape_latex(title[1:-1]) == citation.title
        assert fields["url"] == citation.url
        assert f"SHA-256: {citation.sha256}" in fields["note"]
    assert page["author"] == "{U.S. Immigration and Customs Enforcement}"
    assert (page["year"], page["month"], page["date"]) == ("2011", "may", "2011-05-10")
    assert (page_range["year"], page_range["month"]) == ("2010", "sep")
    assert "year" not in whole and "month" not in whole and "pages" not in whole
    assert "month" not in report
    assert (page["pages"], page_range["pages"]) == ("3", "3--5")
    assert page["howpublished"] == RELEASE
    assert unescape_latex(page["annote"]) == PAGE_WITH_BATES.note
    assert unescape_latex(page_range["note"]).startswith(
        "Bates: ICE FOIA 10-2674.0007290 to ICE FOIA 10-2674.0007292; SHA-256: "
    )
    assert unescape_latex(whole["annote"]) == "Peña's quote is in paragraph 4"
    assert report["institution"] == "ICE Enforcement and Removal Operations"
    assert page["urldate"] == "2024-03-01"


def test_bibtex_escapes_every_special_character() -> None:
    text = to_bibtex([PAGE_RANGE])
    for escaped in (r"100\%", r"\$5,000", r"\#SC\_rollout", r"C:\textbackslash{}share"):
        assert escaped in text
    assert r"\textbraceleft{}draft\textbraceright{}" in text
    assert r"\textasciitilde{}v2\textasciicircum{}" in text


def test_bibtex_url_cannot_break_out_of_its_braces() -> None:
    odd = dataclasses.replace(PAGE_WITH_BATES, url="https://foia.example.org/doc/a}b{c\\d e/p/3")
    ((_, _, fields),) = parse_bibtex(to_bibtex([odd]))
    assert fields["url"] == "https://foia.example.org/doc/a%7Db%7Bc%5Cd%20e/p/3"


# --- CSV ---------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trips_every_column() -> None:
    text = to_csv(WITH_REPEAT)
    assert text.startswith(
        "doc_id,title,source,date,page,page_end,bates,bates_end,release,url,sha256,tag,note\r\n"
    )
    rows = read_csv(text)
    assert len(rows) == 5
    page, whole, page_range, report, repeat = rows
    assert page == repeat
    assert page["title"] == PAGE_WITH_BATES.title
    assert whole["title"] == WHOLE_UNDATED.title
    assert page_range["title"] == PAGE_RANGE.title
    assert (page["date"], page["page"], page["page_end"]) == ("2011-05-10", "3", "")
    assert (whole["date"], whole["page"], whole["bates"]) == ("", "", "")
    assert (page_range["page"], page_range["page_end"]) == ("3", "5")
    assert page_range["bates"] == "ICE FOIA 10-2674.0007290"
    assert page_range["bates_end"] == "ICE FOIA 10-2674.0007292"
    assert page["sha256"] == PAGE_WITH_BATES.sha256
    assert page["url"] == PAGE_WITH_BATES.url
    assert report["release"] == ""


def test_csv_guards_formula_cells_but_never_identifiers() -> None:
    page, whole, page_range, _, _ = read_csv(to_csv(WITH_REPEAT))
    assert page["note"] == f"'{PAGE_WITH_BATES.note}"
    assert page_range["note"] == "'-- see also the attachment on p. 7"
    assert page_range["tag"] == "'@jail"
    assert page["tag"] == "opt-out"
    assert whole["note"] == "Peña's quote is in paragraph 4"
    formula_title = dataclasses.replace(PAGE_RANGE, title="+cmd|' /C calc'!A0", source="@SUM(1)")
    (row,) = read_csv(to_csv([formula_title]))
    assert (row["title"], row["source"]) == ("'+cmd|' /C calc'!A0", "'@SUM(1)")
    for row in (page, page_range):
        for column in ("doc_id", "date", "page", "bates", "bates_end", "url", "sha256"):
            assert not row[column].startswith("'"), column
