"""Blueprint "documents": a whole document, page permalinks, page images, the original file."""

from __future__ import annotations

import io
import mimetypes
import os
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from markupsafe import Markup

from indexer import (
    PAGE_DPI,
    PAGE_DPIS,
    THUMBNAIL_DPI,
    DocumentInfo,
    ExtractionError,
    HighlightTerms,
    PageInfo,
    compare_window as compare,
    document_info,
    highlight_boxes,
    hit_page,
    hit_spans,
    mark_hits as mark,
    open_original,
    page_image,
    page_infos,
    page_layout,
    thumbnail_strip,
)
from webui import page_viewer
from webui.page_marks import marked_page_text, quote_stretch
from webui.resources import get_store, highlight_terms, image_cache_dir

bp = Blueprint("documents", __name__)

MAX_QUERY_CHARS = 1000
PDF_TYPE = "application/pdf"
IMAGE_MAX_AGE_SECONDS = 24 * 3600


def _document_or_404(doc_id: str) -> DocumentInfo:
    doc = document_info(get_store(), doc_id)
    if doc is None:
        abort(404, description=f"There is no document {doc_id}.")
    return doc


def _page_or_404(doc: DocumentInfo, page: int) -> PageInfo:
    found = page_infos(get_store(), doc.doc_id, [page]) if 1 <= page <= doc.page_count else []
    if not found:
        abort(404, description=f"Document {doc.doc_id} has no page {page}.")
    return found[0]


def _query_text() -> str:
    return request.args.get("q", "")[:MAX_QUERY_CHARS].strip()


def marked_text(page: PageInfo, terms: HighlightTerms) -> tuple[Markup, int]:
    """The page text HTML-escaped by the library with the query's words in <mark>, and how
    many hits it holds."""
    spans = hit_spans(page.text, terms)
    return Markup(mark(page.text, spans)), len(spans)  # escaped by indexer.text.highlight.mark


@bp.get("/doc/<doc_id:doc_id>")
def document(doc_id: str) -> Any:
    doc = _document_or_404(doc_id)
    q = _query_text()
    terms = highlight_terms(q)
    chunk = int(current_app.config["DOCUMENT_PAGES_SHOWN"])
    start = min(max(request.args.get("start", 1, type=int) or 1, 1), max(doc.page_count, 1))
    start = start - (start - 1) % chunk  # chunks begin at 1, 21, 41, ...
    shown = page_infos(
        get_store(), doc_id, list(range(start, min(start + chunk, doc.page_count + 1)))
    )
    view = page_viewer.document_view(doc)
    page = render_template(
        "documents/document.html",
        doc=doc,
        q=q,
        start=start,
        chunk=chunk,
        view=view,
        pages={page.page: (page, *marked_text(page, terms)) for page in shown},
    )
    return page_viewer.remember_view(make_response(page))


@bp.get("/doc/<doc_id:doc_id>/p/<int64:page>")
def page_view(doc_id: str, page: int) -> Any:
    doc = _document_or_404(doc_id)
    info = _page_or_404(doc, page)
    q = _query_text()
    terms = highlight_terms(q)
    stretch = quote_stretch(info)
    text, hits = marked_page_text(info, terms, stretch)
    if request.args.get("fragment"):
        return render_template(
            "documents/_page_text.html",
            doc=doc,
            page=info,
            text=text,
            q=q,
            hits=hits,
            view=page_viewer.document_view(doc),
        )
    has_image = doc.has_page_images and doc.original_exists()
    layout, boxes = None, []
    if has_image and (terms or stretch) and hits:
        passage = info.text[stretch[0] : stretch[1]] if stretch else None
        try:
            layout = page_layout(get_store(), image_cache_dir(), doc, page, info.ocr)
            boxes = highlight_boxes(layout, terms, passage)
        except (ExtractionError, FileNotFoundError):
            layout = None
    permalink = url_for("documents.page_view", doc_id=doc_id, page=page, _external=True)
    citations = page_viewer.page_citations(doc, info, permalink)
    return render_template(
        "documents/page.html",
        doc=doc,
        page=info,
        text=text,
        q=q,
        hits=hits,
        has_image=has_image,
        image=page_viewer.image_settings(doc, page) if has_image else None,
        layout=layout,
        boxes=boxes,
        strip=thumbnail_strip(get_store(), doc, page, terms),
        thumbnail_dpi=THUMBNAIL_DPI,
        no_hit=request.args.get("nohit"),
        permalink=permalink,
        citations=citations,
        citation_shown=page_viewer.chosen_citation(citations),
    )


@bp.get("/doc/<doc_id:doc_id>/p/<int64:page>/hit")
def next_hit(doc_id: str, page: int) -> Any:
    """Redirect to the next (`dir=next`) or previous (`dir=prev`) page that matches `q`."""
    doc = _document_or_404(doc_id)
    if not 1 <= page <= doc.page_count:
        abort(404, description=f"Document {doc_id} has no page {page}.")
    direction = request.args.get("dir", "next")
    if direction not in ("next", "prev"):
        abort(400, description="dir is next or prev.")
    q = _query_text()
    found = hit_page(get_store(), doc, highlight_terms(q), page, 1 if direction == "next" else -1)
    if found is None:
        target = url_for(
            "documents.page_view", doc_id=doc_id, page=page, q=q or None, nohit=direction
        )
    else:
        target = url_for(
            "documents.page_view", doc_id=doc_id, page=found, q=q or None, _anchor="page-text"
        )
    return redirect(target, code=303)


@bp.get("/doc/<doc_id:doc_id>/p/<int64:page>/image.png")
def page_image_file(doc_id: str, page: int) -> Any:
    doc = _document_or_404(doc_id)
    if not 1 <= page <= doc.page_count:
        abort(404, description=f"Document {doc_id} has no page {page}.")
    dpi_text = request.args.get("dpi", str(PAGE_DPI))
    if not dpi_text.isdecimal() or len(dpi_text) > 4:
        abort(400, description=f"dpi is a number, one of {', '.join(map(str, PAGE_DPIS))}.")
    dpi = int(dpi_text)  # one the viewer offers, else InvalidResolutionError: a 400
    try:
        rotation = get_store().page_rotation(doc.sha256, page)
        image_path = page_image(image_cache_dir(), doc, page, dpi, rotation)
    except (ExtractionError, FileNotFoundError):
        abort(404, description="This page has no image: the original PDF is missing or unreadable.")
    turned = f"-r{rotation}" if rotation else ""
    # Sent from memory: a page image is small, and a file left open by a request the browser
    # dropped (thumbnails scrolled past) would linger until collected.
    return send_file(
        io.BytesIO(image_path.read_bytes()),
        mimetype="image/png",
        max_age=IMAGE_MAX_AGE_SECONDS,
        conditional=True,
        etag=f"{doc.sha256[:32]}-{page}-{dpi}{turned}",
    )


@bp.get("/compare/<doc_id:doc_a>/<doc_id:doc_b>")
def compare_copies(doc_a: str, doc_b: str) -> Any:
    """Two releases of a record side by side, line beside line: what one prints and the
    other redacts, with the exemption written beside it; `?view=merged` shows one merged
    text instead. 50 page pairs at a time (`?start=51` shows pairs 51 to 100)."""
    first, second = _document_or_404(doc_a), _document_or_404(doc_b)
    start = request.args.get("start", 1, type=int) or 1
    view = "merged" if request.args.get("view") == "merged" else None
    window = compare(get_store(), doc_a, doc_b, start=min(max(start, 1), 10**9) - 1)

    def link(index: int | None, shown: str | None = view) -> str | None:
        if index is None:
            return None
        return url_for(
            "documents.compare_copies", doc_a=doc_a, doc_b=doc_b, start=index + 1, view=shown
        )

    return render_template(
        "documents/compare.html",
        first=first,
        second=second,
        window=window,
        pages=window.pages,
        view=view or "columns",
        columns_url=link(window.start, None),
        merged_url=link(window.start, "merged"),
        previous_url=link(window.previous_start),
        next_url=link(window.next_start),
    )


@bp.get("/doc/<doc_id:doc_id>/file")
def original_file(doc_id: str) -> Any:
    """The original file as ingested, as a download (never another path, never other bytes
    than those ingested: a changed file is a 409 from OriginalChangedError)."""
    return _send_original(_document_or_404(doc_id), inline=False)


@bp.get("/doc/<doc_id:doc_id>/original.pdf")
def original_pdf(doc_id: str) -> Any:
    """The original PDF shown in the browser (`#page=N` opens it at a page): a PDF only,
    never another type inline, with the same checks as the download."""
    doc = _document_or_404(doc_id)
    if not doc.has_page_images:
        abort(404, description="This document is not a PDF: download the original instead.")
    return _send_original(doc, inline=True)


def _send_original(doc: DocumentInfo, inline: bool) -> Any:
    handle = open_original(get_store(), doc.doc_id)
    if handle is None:
        abort(404, description="The original file is no longer where it was ingested.")
    info = os.fstat(handle.fileno())
    guessed = mimetypes.guess_type(doc.download_name)[0] or "application/octet-stream"
    response = send_file(
        handle,
        mimetype=PDF_TYPE if inline else guessed,
        as_attachment=not inline,
        download_name=doc.download_name,
        etag=doc.sha256[:32],
        last_modified=info.st_mtime,
    )
    # What send_file does for a path, done here for the open (checked) file: its length,
    # If-None-Match and ranges.
    response.content_length = info.st_size
    return response.make_conditional(request, accept_ranges=True, complete_length=info.st_size)
