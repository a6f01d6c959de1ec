"""What the page and document views show besides the text: the page image's size and
resolutions, the thumbnail strip, the citation in each format, the remembered view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response, request

from indexer import (
    CITATION_FORMATS,
    PAGE_DPIS,
    THUMBNAIL_DPI,
    CitingError,
    DocumentInfo,
    ExtractionError,
    PageInfo,
    cite_document,
    page_size,
    render_citations,
)
from webui.resources import get_store, image_cache_dir

# The document view shows page images or text; the choice is kept in this cookie a year.
VIEW_COOKIE = "doc_view"
VIEWS = ("text", "images")
VIEW_COOKIE_SECONDS = 365 * 24 * 3600
# The names the citation switcher shows, in its order ("short" is the one line of the page).
CITATION_NAMES = {
    "short": "Short",
    "text": "Full",
    "ris": "RIS",
    "bibtex": "BibTeX",
    "csl-json": "CSL-JSON",
    "csv": "CSV",
}
DEFAULT_CITATION = "text"


@dataclass(frozen=True)
class PageCitation:
    """The citation of a page in one format."""

    format: str
    name: str
    text: str


def image_settings(doc: DocumentInfo, page: int) -> dict[str, Any] | None:
    """The page's size in points and the resolutions its image comes in, for the zoom
    controls; None when the page cannot be measured (its original is gone or unreadable)."""
    try:
        rotation = get_store().page_rotation(doc.sha256, page)
        width, height = page_size(image_cache_dir(), doc, page, rotation)
    except (ExtractionError, FileNotFoundError):
        return None
    viewer_dpis = [dpi for dpi in PAGE_DPIS if dpi != THUMBNAIL_DPI]
    return {"width": width, "height": height, "dpis": ",".join(map(str, viewer_dpis))}


def page_citations(doc: DocumentInfo, page: PageInfo, permalink: str) -> list[PageCitation]:
    """The page's citation in the short form (title, date, page, Bates number, permalink)
    and in every export format."""
    short = f"{doc.title}{f' ({doc.date})' if doc.date else ''}, p. {page.page}"
    short += f"{f', {page.bates}' if page.bates else ''}. {permalink}"
    found = [PageCitation("short", CITATION_NAMES["short"], short)]
    try:
        citation = cite_document(get_store(), doc.doc_id, page.page, base_url=request.host_url)
    except (CitingError, ValueError):
        return found
    for fmt in CITATION_FORMATS:
        text = render_citations([citation], fmt).strip()
        found.append(PageCitation(fmt, CITATION_NAMES.get(fmt, fmt), text))
    order = list(CITATION_NAMES)
    return sorted(found, key=lambda c: order.index(c.format) if c.format in order else 99)


def chosen_citation(citations: list[PageCitation]) -> str:
    """The format the switcher shows first: `?cite=` (without JavaScript), else the full
    citation."""
    wanted = request.args.get("cite", DEFAULT_CITATION)
    formats = [citation.format for citation in citations]
    if wanted in formats:
        return wanted
    return DEFAULT_CITATION if DEFAULT_CITATION in formats else formats[0]


def document_view(doc: DocumentInfo) -> str:
    """Page images or text: `?view=` when given, else the remembered choice, else text; text
    for a document that has no page images."""
    if not doc.has_page_images:
        return "text"
    wanted = request.args.get("view") or request.cookies.get(VIEW_COOKIE, "text")
    return wanted if wanted in VIEWS else "text"


def remember_view(response: Response) -> Response:
    """Keep a `?view=` choice for the next documents."""
    wanted = request.args.get("view")
    if wanted in VIEWS:
        response.set_cookie(
            VIEW_COOKIE,
            wanted,
            max_age=VIEW_COOKIE_SECONDS,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response
