"""`foia compare`: the text differences between two copies of a record, page by page."""

from __future__ import annotations

import click

from indexer import (
    PageComparison,
    Span,
    compare_documents as compare,
    page_words,
)
from indexer.cli.context import Context, emit, pass_context

# Words of unchanged text shown on each side of a difference.
CONTEXT_WORDS = 6


def _page_label(page: int | None, bates: str | None) -> str:
    if page is None:
        return "-"
    return f"p. {page}" + (f" ({bates})" if bates else "")


def _context(text: str) -> str:
    return " ".join(text.split()[-CONTEXT_WORDS:])


def _difference(span: Span) -> str:
    side, other = ("A", "B") if span.kind == "only_a" else ("B", "A")
    if span.redacted:
        labels = f" ({', '.join(span.labels)})" if span.labels else ""
        return f"  redacted in {other}{labels}: {span.text}"
    return f"  only in {side}: {span.text}"


def _is_mark(span: Span, spans: tuple[Span, ...], index: int) -> bool:
    """Whether `span` is only the label or box standing for text a neighbouring span shows."""
    neighbours = spans[max(index - 1, 0) : index + 2]
    shown = any(other.redacted and other.kind != span.kind for other in neighbours)
    return shown and not page_words(span.text)


def format_comparison(doc_a: str, doc_b: str, pages: list[PageComparison]) -> str:
    """The human-readable form of a comparison: differing pages with a little context."""
    lines = [f"A = {doc_a}, B = {doc_b}"]
    identical = 0
    for page in pages:
        if page.is_identical and page.page_a is not None and page.page_b is not None:
            identical += 1
            continue
        heading = (
            f"{_page_label(page.page_a, page.bates_a)} ~ {_page_label(page.page_b, page.bates_b)}"
        )
        lines.append(f"\n{heading}  (similarity {page.similarity:.2f})")
        for index, span in enumerate(page.spans):
            if span.kind != "same":
                if not _is_mark(span, page.spans, index):
                    lines.append(_difference(span))
            elif index < len(page.spans) - 1:  # the words leading into the next difference
                lines.append("  ... " + _context(span.text))
    lines.append(f"\n{identical} page pairs identical apart from Bates numbers")
    return "\n".join(lines)


@click.command(name="compare")
@click.argument("doc_a")
@click.argument("doc_b")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@pass_context
def compare_command(obj: Context, doc_a: str, doc_b: str, as_json: bool) -> None:
    """Text differences between two copies of a record, page by page: what one copy
    redacted and the other did not."""
    pages = compare(obj.store, doc_a, doc_b)
    data = {"doc_a": doc_a, "doc_b": doc_b, "pages": [page.to_json() for page in pages]}
    emit(data, as_json, format_comparison(doc_a, doc_b, pages))
