"""Citations of stored documents, pages, tags and search results (formats: citations.formats).

Every citation names the SHA-256 of the file as ingested, its pinpoint page and the page's
Bates number when known, so that it can be checked against the release later. A tag whose
page is gone is never cited: it is reported for review instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from indexer.citations.citation import FORMULA_PREFIXES, Citation
from indexer.errors import NotFoundError
from indexer.model.paths import shown_file_name
from indexer.model.refs import PageRef
from indexer.model.results import SearchResult
from indexer.store.annotations import Tag, list_tags
from indexer.store.database import Store
from indexer.store.rows import DocumentRow, PageDetails

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class CitingError(NotFoundError):
    """No such document or page to cite."""


@dataclass
class CitationList:
    """Citations in order, plus what was left out or needs a look, one line each."""

    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def today() -> str:
    """Today's UTC date, the `accessed` date of a citation."""
    return datetime.now(UTC).date().isoformat()


def _identifier(value: object) -> str | None:
    """A Bates number or similar as a citation may hold it: None when blank or when it would
    read as a spreadsheet formula."""
    text = str(value).strip() if value is not None else ""
    return text if text and not text.startswith(FORMULA_PREFIXES) else None


def _date(value: object) -> str | None:
    text = str(value or "")
    return text if _ISO_DATE.fullmatch(text) else None


def _url(base_url: str, doc_id: str, page: int | None) -> str:
    path = PageRef(doc_id, page).url if page is not None else f"/doc/{doc_id}"
    return base_url.rstrip("/") + path


class _Source:
    """The stored document rows a batch of citations draws on, read once per document."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._documents: dict[str, DocumentRow | None] = {}
        self._pages: dict[str, dict[int, PageDetails]] = {}

    def document(self, doc_id: str) -> DocumentRow | None:
        if doc_id not in self._documents:
            self._documents[doc_id] = self.store.document_row(doc_id)
        return self._documents[doc_id]

    def bates(self, doc_id: str, page: int) -> str | None:
        if doc_id not in self._pages:
            self._pages[doc_id] = self.store.page_details(doc_id)
        details = self._pages[doc_id].get(page)
        return _identifier(details.bates) if details is not None else None


def _citation(
    source: _Source,
    doc_id: str,
    page: int | None,
    base_url: str,
    accessed: str,
    tag: str | None = None,
    note: str | None = None,
) -> Citation:
    row = source.document(doc_id)
    if row is None:
        raise CitingError(f"no document {doc_id!r}")
    total = row.page_count
    if page is not None and not 1 <= page <= total:
        raise CitingError(f"document {doc_id} has no page {page} (it has {total})")
    bates = source.bates(doc_id, page) if page is not None else None
    return citation_for(row, page, bates, base_url, accessed, tag=tag, note=note)


def citation_for(
    row: DocumentRow,
    page: int | None,
    bates: str | None,
    base_url: str,
    accessed: str,
    tag: str | None = None,
    note: str | None = None,
) -> Citation:
    """The citation of a stored document (`page` None) or of its page `page` stamped
    `bates`, from rows already read (the reports cite thousands of rows at once)."""
    doc_id, total, meta = row.doc_id, row.page_count, row.metadata
    bates, bates_end = _identifier(bates) if page is not None else None, None
    if page is None and isinstance(meta.get("bates_range"), list) and len(meta["bates_range"]) == 2:
        bates, bates_end = (_identifier(value) for value in meta["bates_range"])
        bates_end = bates_end if bates else None
    original = str(meta.get("url") or "")
    file_name = shown_file_name(row.path)  # a member: "release.zip!/inner/memo.pdf"
    return Citation(
        doc_id=doc_id,
        title=row.title.strip() or file_name,
        source=row.source or None,
        date=_date(row.date),
        page=page,
        pages_total=total,
        bates=bates,
        bates_end=bates_end,
        release=str(meta["release"]) if meta.get("release") else None,
        url=_url(base_url, doc_id, page),
        original_url=original if original.startswith(("http://", "https://")) else None,
        sha256=row.sha256,
        file_name=file_name,
        format=row.format,
        type=row.type or None,
        tag=tag,
        note=note,
        accessed=accessed,
    )


def cite_document(
    store: Store,
    doc_id: str,
    page: int | None = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    accessed: str | None = None,
) -> Citation:
    """The citation of a whole document, or of one page. CitingError when there is no such
    document or page."""
    return _citation(_Source(store), doc_id, page, base_url, accessed or today())


def _tag_order(tag: Tag, source: _Source) -> tuple[str, str, int]:
    row = source.document(tag.doc_id)
    title = row.title.casefold() if row is not None else ""
    return (title, tag.doc_id, tag.page or 0)


def cite_tag(
    store: Store,
    label: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    include_notes: bool = True,
    accessed: str | None = None,
) -> CitationList:
    """A citation for each document or page tagged `label` (any case), by title then page,
    with the tag's note when `include_notes`. Tags whose document or page is gone are left
    out with a warning; tags flagged for review are cited with a warning."""
    source = _Source(store)
    cited = CitationList()
    for tag in sorted(list_tags(store, label=label), key=lambda t: _tag_order(t, source)):
        where = f"{tag.doc_id}" + (f" page {tag.page}" if tag.page else "")
        try:
            citation = _citation(
                source,
                tag.doc_id,
                tag.page,
                base_url,
                accessed or today(),
                tag=tag.label,
                note=tag.note if include_notes else None,
            )
        except CitingError as error:
            cited.warnings.append(f"not cited: tag {tag.label!r} on {where}: {error}")
            continue
        cited.citations.append(citation)
        if tag.review:
            cited.warnings.append(f"check: tag {tag.label!r} on {where}: {tag.review}")
    return cited


def cite_result(
    store: Store,
    result: SearchResult,
    *,
    base_url: str = DEFAULT_BASE_URL,
    accessed: str | None = None,
) -> CitationList:
    """A citation for each matching page a search result shows, in its order."""
    source = _Source(store)
    cited = CitationList()
    for doc in result.documents:
        for hit in doc.pages:
            try:
                cited.citations.append(
                    _citation(source, doc.doc_id, hit.page, base_url, accessed or today())
                )
            except CitingError as error:
                cited.warnings.append(f"not cited: {error}")
    return cited
