"""One citation, many formats: text, CSL-JSON, RIS, BibTeX, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from indexer.citations.citation import (
    FORMULA_PREFIXES,
    Citation,
    InvalidCitation,
    date_parts,
)

FORMATS = ("text", "csl-json", "ris", "bibtex", "csv")
MEDIA_TYPES = {
    "text": "text/plain",
    "csl-json": "application/vnd.citationstyles.csl+json",
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "csv": "text/csv",
}
FILE_EXTENSIONS = {
    "text": ".txt",
    "csl-json": ".json",
    "ris": ".ris",
    "bibtex": ".bib",
    "csv": ".csv",
}
CSV_COLUMNS = (
    "doc_id", "title", "source", "date", "page", "page_end", "bates", "bates_end",
    "release", "url", "sha256", "tag", "note",
)  # fmt: skip
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP).
# Genre (Citation.type, lower case) -> (CSL type, RIS type, BibTeX entry type). RIS types are
# those of the RIS specification (Research Information Systems, 2012 type list): PRESS is a
# press release, GOVDOC a government document (an agreement, a form), LEGAL a rule or
# regulation, CASE a court case, DATA a dataset.
GENRE_TYPES = {
    "memo": ("report", "RPRT", "misc"),
    "report": ("report", "RPRT", "techreport"),
    "press release": ("report", "PRESS", "misc"),
    "email": ("personal_communication", "ICOMM", "misc"),
    "letter": ("personal_communication", "PCOMM", "misc"),
    "agreement": ("document", "GOVDOC", "misc"),
    "form": ("document", "GOVDOC", "misc"),
    "regulation": ("regulation", "LEGAL", "misc"),
    "court record": ("legal_case", "CASE", "misc"),
    "data table": ("dataset", "DATA", "misc"),
    "testimony": ("hearing", "HEAR", "misc"),
    "news": ("article-newspaper", "NEWS", "misc"),
    "web page": ("webpage", "ELEC", "misc"),
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# BibTeX counts every brace, escaped or not, so `\{` would unbalance a field: braces become
# the brace-balanced \textbraceleft{} and \textbraceright{}.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip
# Typed copies in CSL-JSON `custom`, for tools that read the export back.
CSL_CUSTOM_FIELDS = (
    "doc_id", "sha256", "file_name", "format", "page", "page_end", "pages_total",
    "bates", "bates_end", "original_url",
)  # fmt: skip


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _genre_types(citation: Citation) -> tuple[str, str, str]:
    default = (
        ("webpage", "ELEC", "misc") if citation.format == "html" else ("document", "GEN", "misc")
    )
    return GENRE_TYPES.get((citation.type or "").strip().lower(), default)


def _unique(keys: Iterable[str]) -> list[str]:
    """The keys, a repeat getting "_2", "_3", ... (not "-2": "p3-2" would read as pages)."""
    used: set[str] = set()
    unique = []
    for key in keys:
        candidate, number = key, 1
        while candidate in used:
            number += 1
            candidate = f"{key}_{number}"
        used.add(candidate)
        unique.append(candidate)
    return unique


def _item_id(citation: Citation) -> str:
    pages = citation.pages
    return f"{citation.doc_id}-p{pages}" if pages else citation.doc_id


def _spoken_date(value: str | None) -> str:
    if value is None:
        return "n.d."
    parts = date_parts(value)
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {parts[2]}, {parts[0]}"


def to_text(citations: Sequence[Citation]) -> str:
    """One line a citation, e.g.
    `Source, "Title" (Date), at 3-5 (Bates X to Y), in Release, <url> (SHA-256 H)`.

    Missing parts drop out with their punctuation (no source: the line opens with the title;
    whole document: no "at"; no date: "(n.d.)"). Double quotes inside a title become single.
    """
    lines = []
    for citation in citations:
        line = f'"{_one_line(citation.title).replace(chr(34), chr(39))}"'
        if citation.source:
            line = f"{_one_line(citation.source)}, {line}"
        line += f" ({_spoken_date(citation.date)})"
        if citation.pages:
            line += f", at {citation.pages}"
        if citation.bates_range:
            line += f" (Bates {_one_line(citation.bates_range)})"
        if citation.release:
            line += f", in {_one_line(citation.release)}"
        lines.append(f"{line}, <{citation.url}> (SHA-256 {citation.sha256})\n")
    return "".join(lines)


def _csl_item(citation: Citation, item_id: str) -> dict[str, Any]:
    custom = {name: getattr(citation, name) for name in CSL_CUSTOM_FIELDS}
    item = {
        "id": item_id,
        "type": _genre_types(citation)[0],
        "title": citation.title,
        "author": [{"literal": citation.source}] if citation.source else None,
        "issued": {"date-parts": [date_parts(citation.date)]} if citation.date else None,
        "page": citation.pages,
        "number-of-pages": citation.pages_total,
        "genre": citation.type,
        "collection-title": citation.release,
        "archive_location": citation.bates_range,
        "URL": citation.url,
        "accessed": {"date-parts": [date_parts(citation.accessed)]},
        "note": citation.provenance,
        "annote": citation.note,
        "keyword": citation.tag,
        "custom": {key: value for key, value in custom.items() if value is not None},
    }
    return {key: value for key, value in item.items() if value is not None}


def to_csl_json(citations: Sequence[Citation]) -> str:
    """A CSL-JSON array; ids are doc_id plus "-p3" or "-p3-5", made unique with "_2", "_3".

    The user's note goes in `annote`; `note` holds the machine part ("Bates: ...; SHA-256:
    ..."), and `custom` the same as typed values.
    """
    ids = _unique(_item_id(citation) for citation in citations)
    items = [_csl_item(citation, item_id) for citation, item_id in zip(citations, ids, strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _ris_date(value: str) -> str:
    parts = [f"{part:02d}" for part in date_parts(value)] + ["", ""]
    return f"{parts[0]}/{parts[1]}/{parts[2]}/"


def _ris_record(citation: Citation, record_id: str) -> str:
    is_range = citation.page_end is not None and citation.page_end != citation.page
    fields = [
        ("TY", _genre_types(citation)[1]),
        ("ID", record_id),
        ("TI", citation.title),
        # An institution as written: RIS readers take a name without a comma as one name
        # (a trailing comma read as an empty first name, "ICE,").
        ("AU", citation.source),
        ("PY", citation.date[:4] if citation.date else None),
        ("DA", _ris_date(citation.date) if citation.date else None),
        ("SP", str(citation.page) if citation.page is not None else None),
        ("EP", str(citation.page_end) if is_range else None),
        ("M3", citation.type),
        ("DB", citation.release),
        ("AN", citation.bates_range),
        ("UR", citation.url),
        ("Y2", _ris_date(citation.accessed)),
        ("N1", citation.provenance),
        ("N1", citation.note),
        ("KW", citation.tag),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in fields if value is not None)


def to_ris(citations: Sequence[Citation]) -> str:
    """RIS records, LF line ends, a blank line between them; each opens with TY, ends with ER."""
    ids = _unique(_item_id(citation) for citation in citations)
    return "\n".join(_ris_record(c, record_id) for c, record_id in zip(citations, ids, strict=True))


def _bibtex_escape(text: str | None) -> str | None:
    if text is None:
        return None
    return "".join(BIBTEX_ESCAPES.get(character, character) for character in _one_line(text))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _bibtex_key(citation: Citation) -> str:
    words = _ascii(citation.source or "").replace(".", "").split()
    initials = "".join(word[0] for word in words if word[0].isupper() or word[0].isdigit())
    source = re.sub(r"[^a-z0-9]", "", (words[0] if len(words) == 1 else initials).lower())
    doc_id = re.sub(r"[^a-z0-9]", "", _ascii(citation.doc_id).lower())[:12] or "doc"
    pages = f"-p{citation.pages}" if citation.pages else ""
    return f"{source[:12] or 'anon'}{citation.date[:4] if citation.date else 'nd'}-{doc_id}{pages}"


def _bibtex_entry(citation: Citation, key: str) -> str:
    kind = _genre_types(citation)[2]
    is_report = kind == "techreport"
    escape = _bibtex_escape
    parts = date_parts(citation.date) if citation.date else []
    # A URL cannot hold a raw brace, backslash or space (RFC 3986): percent-encode those only.
    url = citation.url.translate({ord("{"): "%7B", ord("}"): "%7D", ord("\\"): "%5C", 32: "%20"})
    fields = {
        # Inner braces: the institution is one name, the title keeps its capitals.
        "author": f"{{{escape(citation.source)}}}" if citation.source else None,
        "title": f"{{{escape(citation.title)}}}",
        "institution": escape(citation.source or "Unknown") if is_report else None,
        "type": "Report" if is_report else None,
        "howpublished": escape(citation.release),
        "year": str(parts[0]) if parts else None,
        "month": MONTHS[parts[1] - 1][:3].lower() if len(parts) > 1 else None,
        "date": citation.date,
        "pages": citation.pages.replace("-", "--") if citation.pages else None,
        "url": url,
        "urldate": citation.accessed,
        "note": escape(citation.provenance),
        "annote": escape(citation.note),
        "keywords": escape(citation.tag),
    }
    body = "".join(
        f"  {name} = {value if name == 'month' else '{' + value + '}'},\n"
        for name, value in fields.items()
        if value is not None
    )
    return f"@{kind}{{{key},\n{body}}}\n"


def to_bibtex(citations: Sequence[Citation]) -> str:
    """@misc (@techreport for reports) entries; keys like `uice2011-3f2a9c01e7b4-p3`, unique.

    Titles are double-braced to keep their capitals; the month is a bare macro (`may`);
    non-ASCII text stays UTF-8 (biber and bibtex8 read it).
    """
    keys = _unique(_bibtex_key(citation) for citation in citations)
    return "\n".join(_bibtex_entry(c, key) for c, key in zip(citations, keys, strict=True))


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def to_csv(citations: Sequence[Citation]) -> str:
    """CSV with a header row (CSV_COLUMNS), CRLF line ends (RFC 4180).

    A cell starting with = + - @ tab or CR gets a leading apostrophe so a spreadsheet shows it
    as text. doc_id, url, bates, date, page and sha256 can never start so (Citation refuses
    it), so only free text (title, source, release, tag, note) is ever altered.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for citation in citations:
        writer.writerow([_csv_cell(getattr(citation, column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[Sequence[Citation]], str]] = dict(
    zip(FORMATS, (to_text, to_csl_json, to_ris, to_bibtex, to_csv), strict=True)
)


def render(citations: Sequence[Citation], fmt: str) -> str:
    """The citations in format `fmt`; InvalidCitation naming the formats for an unknown one."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise InvalidCitation(
            f"unknown citation format {fmt!r}; expected one of {', '.join(FORMATS)}"
        )
    return renderer(citations)
