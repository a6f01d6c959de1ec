"""Deeply nested HTML is flattened before it is parsed, so that extraction time stays
bounded (issue 12, defect 10f: 20,000 levels took 178 s); the text is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extractors import extractor_for
from indexer.extractors.html_nesting import MAX_DEPTH, limit_nesting
from tests.conftest import Home, write_docs


def nested_page(depth: int, tag: str = "div", attributes: str = "") -> str:
    return (
        "<html><body><main><h1>Nested statement</h1>"
        + f"<{tag}{attributes}>" * depth
        + "<p>The innermost paragraph of the marmoset statement.</p>"
        + f"</{tag}>" * depth
        + "<p>The closing paragraph after every nested element.</p></main></body></html>"
    )


@pytest.mark.timeout(30)
@pytest.mark.parametrize("depth", [20_000, 100_000])
@pytest.mark.parametrize(
    ("tag", "attributes"),
    [("div", ""), ("div", ' class="statement" lang="en"'), ("span", ""), ("b", "")],
)
def test_deep_pages_extract_in_bounded_time_and_keep_their_text(
    tmp_path: Path, depth: int, tag: str, attributes: str
) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested_page(depth, tag, attributes), encoding="utf-8")
    doc = extractor_for(path).extract(path)
    text = doc.pages[0].text
    assert "The innermost paragraph of the marmoset statement." in text
    assert "The closing paragraph after every nested element." in text
    warning = doc.metadata["extraction_warning"]
    # <main> and the nested elements; <html> and <body> may be left open, so they do not count.
    assert f"nested {depth + 1} deep" in warning and f"flattened to {MAX_DEPTH}" in warning


@pytest.mark.timeout(30)
def test_ingest_reports_the_flattened_page(tmp_path: Path, home: Home) -> None:
    folder = write_docs(tmp_path / "records", {"deep.html": nested_page(20_000)})
    report = home.ingest(folder)
    assert report.added == 1 and not report.failed
    assert report.warnings == [
        f"{folder.resolve() / 'deep.html'}: HTML nested 20001 deep, flattened to {MAX_DEPTH}"
    ]


def test_ordinary_pages_are_left_as_they_are() -> None:
    page = (
        b"<!doctype html><html><head><title>x</title><script>if (a<b && c<d) {}</script>"
        b"<style>p>a{}</style></head><body><!-- <div><div><div> --><ul><li>one<li>two</ul>"
        b"<p>para<p>para<br><img src=x><table><tr><td>cell</table></body></html>"
    )
    assert limit_nesting(page, max_depth=3) == (page, 1)


@pytest.mark.parametrize(
    ("page", "depth"),
    [
        # Unclosed paragraphs and list items close each other: they never deepen a page.
        (b"<body>" + b"<p>para" * 500 + b"<li>item" * 500, 0),
        # Whatever a comment or a script holds is no element.
        (b"<!--" + b"<div>" * 500 + b"-->" + b"<script>" + b"<div>" * 500 + b"</script>", 0),
        # An unclosed comment or script runs to the end of the page.
        (b"<div><!--" + b"<div>" * 500, 1),
        (b"<div><script>" + b"<div>" * 500, 1),
        # A "<" that opens no tag before the page ends is text.
        (b"<div>" * 3 + b"<a" * 5000, 3),
    ],
)
def test_what_counts_as_nesting(page: bytes, depth: int) -> None:
    assert limit_nesting(page, max_depth=1000) == (page, depth)


def test_flattening_keeps_the_text_and_the_shallow_tags() -> None:
    page = b"<div><section><b>bold</b> and <i>italic</i></section></div><p>after</p>"
    flat, depth = limit_nesting(page, max_depth=2)
    assert depth == 3
    assert flat == b"<div><section> bold  and  italic </section></div><p>after</p>"


@pytest.mark.timeout(30)
def test_hostile_scans_stay_linear() -> None:
    unclosed = b"<a" * 2_000_000 + b">"  # one tag: every "<a" inside it is attribute text
    assert limit_nesting(unclosed)[1] == 1
    comments = b"<!--" * 1_000_000
    assert limit_nesting(comments) == (comments, 0)
    scripts = b"<script>" * 500_000 + b">"
    assert limit_nesting(scripts) == (scripts, 0)
