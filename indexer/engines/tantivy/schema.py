"""The tantivy schema of the fields that indexer.search.fields gives each page, their
analysis (in an ingest worker when there is one), and the tantivy document of one page.

The field kinds come from the search rules (which fields are exact, stemmed, labels), so a
field added there and in `page_to_fields` lands in the right kind here. Besides the searched
fields each page carries, for counting:
- `uid`, a number given in indexing order (the index order that ties and page lists follow),
  never reused;
- `docno`, the uid of its document's first page: the document's number, which aggregations
  count pages by;
- `varied_<facet>` for each page-level facet, the labels as written that this page has and
  some other page of its document has not (a fast field, counted by aggregation);
and the document's first page (uid == docno) stores `row`: doc_id, date, copy group and the
facet labels as written (for a page-level facet, those that every page of the document has).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from tantivy import Document, Schema, SchemaBuilder

from indexer.engines.tantivy.analysis import TERMS_TOKENIZER, laid_out, positioned, pretokenized
from indexer.model.document import Document as DocumentModel
from indexer.search.fields import DOCUMENT_LABELS, FACET_FIELDS, PAGE_FACETS, page_to_fields
from indexer.search.rules import EXACT_FIELDS, KEYWORD_FIELDS, STEMMED_FIELDS

ID_FIELDS = ("key", "doc_id", "dup")
NUMBER_FIELDS = ("page", "date")
# Text with positions (phrases): folded terms, or stemmed ones.
EXACT_TEXT = ("exact", *sorted(EXACT_FIELDS))
STEMMED_TEXT = tuple(sorted(STEMMED_FIELDS))
POSITIONED_TEXT = frozenset((*EXACT_TEXT, *STEMMED_TEXT))
# Text without positions: plain words only.
LAID_OUT_TEXT = ("body", "lead_title")
LABEL_FIELDS = (*FACET_FIELDS, "bates", *sorted(KEYWORD_FIELDS - {*FACET_FIELDS, "bates"}))
# The values of a document that searches count and show, in the order `row` stores them.
ROW_FIELDS = ("doc_id", "date", "dup", *FACET_FIELDS)
# The fast field of each page-level facet's labels that not every page of the document has.
VARIED_FIELDS = {name: f"varied_{name}" for name in PAGE_FACETS}
# A field whose page terms are searched but whose facet counts its document's labels (`case`):
# the labels ride in the row, under the field's name, and are not indexed themselves.
LABELS_OF = {labels: name for name, labels in DOCUMENT_LABELS.items()}
# A field value up to this long is analyzed once a document (a page's text is not kept).
KNOWN_TEXT_CHARS = 2_000
# Whoosh's field boost of `lead_title`: a title word points at page 1 first.
FIELD_BOOSTS = {"lead_title": 2.0}


def build_schema() -> Schema:
    """The index schema; page text is stored in SQLite, only the row is stored here."""
    builder = SchemaBuilder()
    for name in ID_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in NUMBER_FIELDS:
        builder.add_unsigned_field(name, indexed=True, fast=True)
    builder.add_unsigned_field("uid", indexed=True, fast=True)
    builder.add_unsigned_field("docno", indexed=True, fast=True)
    builder.add_bytes_field("row", stored=True)
    for name in VARIED_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in (*EXACT_TEXT, *STEMMED_TEXT):
        builder.add_text_field(name, tokenizer_name=TERMS_TOKENIZER, index_option="position")
    for name in LAID_OUT_TEXT:
        builder.add_text_field(name, tokenizer_name=TERMS_TOKENIZER, index_option="freq")
    for name in LABEL_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="freq")
    return builder.build()


def _labels(value: object) -> list[str]:
    """Whoosh's KEYWORD(commas=True, lowercase=True): comma-separated, stripped, lower-cased."""
    return [part.strip().lower() for part in str(value).split(",") if part.strip()]


def _split(value: object) -> list[str]:
    return [part for part in str(value or "").split(",") if part]


def common_labels(pages: Sequence[Mapping[str, Any]]) -> dict[str, set[str]]:
    """For each page-level facet, the labels that every page of a document has."""
    common: dict[str, set[str]] = {}
    for name in PAGE_FACETS:
        sets = [set(_split(fields.get(name))) for fields in pages]
        common[name] = set.intersection(*sets) if sets else set()
    return common


def _row(fields: Mapping[str, Any], common: Mapping[str, set[str]]) -> bytes:
    shown = {**fields, **{name: fields.get(labels, "") for labels, name in LABELS_OF.items()}}
    shown.update({name: ",".join(sorted(labels)) for name, labels in common.items()})
    row = [shown.get(name, 0 if name in NUMBER_FIELDS else "") for name in ROW_FIELDS]
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


def analyze_fields(
    fields: Mapping[str, Any], known: dict[tuple[str, str], Any] | None = None
) -> dict[str, Any]:
    """One page's `page_to_fields` with each text field replaced by its terms (positioned
    or laid out); the other values unchanged. `known` keeps the terms of a document's
    fields that every page repeats (path, title, headers), so they are analyzed once."""
    analyzed = dict(fields)
    known = {} if known is None else known
    for name, value in fields.items():
        if name not in POSITIONED_TEXT and name not in LAID_OUT_TEXT:
            continue
        text = str(value)
        short = len(text) <= KNOWN_TEXT_CHARS
        terms = known.get((name, text)) if short else None
        if terms is None:
            if name in POSITIONED_TEXT:
                terms = positioned(text, name in STEMMED_TEXT)
            else:
                terms = laid_out(text)
            if short:
                known[(name, text)] = terms
        analyzed[name] = terms
    return analyzed


def analyze_document(doc: DocumentModel) -> list[dict[str, Any]]:
    """The analyzed fields of each page of `doc` (`analyze_fields`): the engine's document
    analyzer, which ingest runs in its worker processes."""
    known: dict[tuple[str, str], Any] = {}
    return [analyze_fields(page_to_fields(doc, page), known) for page in doc.pages]


def page_document(
    analyzed: Mapping[str, Any], uid: int, docno: int, common: Mapping[str, set[str]]
) -> Document:
    """The tantivy document of one page's analyzed fields (`analyze_fields`): page `uid` of
    the document whose first page is `docno`, whose pages all have the `common` page-level
    labels. Raises ValueError for a field of no known kind (a field added to page_to_fields
    but not to the search rules' kinds)."""
    fields = analyzed
    document = Document()
    document.add_unsigned("uid", uid)
    document.add_unsigned("docno", docno)
    if uid == docno:
        document.add_bytes("row", _row(fields, common))
    for name, varied in VARIED_FIELDS.items():
        for label in _split(fields.get(name)):
            if label not in common[name]:
                document.add_text(varied, label)
    for name, value in fields.items():
        if name in LABELS_OF:
            continue
        if name in ID_FIELDS:
            document.add_text(name, str(value))
        elif name in NUMBER_FIELDS:
            document.add_unsigned(name, int(value))
        elif name in LAID_OUT_TEXT or (name in POSITIONED_TEXT and isinstance(value, str)):
            document.add_text(name, value)  # the tokenizer gives positions 0, 1, 2, ...
        elif name in POSITIONED_TEXT:
            document.add_pre_tokenized_text(name, pretokenized(value))
        elif name in LABEL_FIELDS:
            for label in _labels(value):
                document.add_text(name, label)
        else:
            raise ValueError(f"the tantivy schema has no kind for the field {name!r}")
    return document
