"""The thumbnail strip's window: a bounded run of pages around the page shown."""

from __future__ import annotations

import pytest

from indexer.reading.viewer import STRIP_PAGES_AROUND, strip_window

WIDTH = 2 * STRIP_PAGES_AROUND + 1


@pytest.mark.parametrize(
    ("page_count", "page", "expected"),
    [
        (1, 1, range(1, 2)),
        (12, 7, range(1, 13)),
        (WIDTH, WIDTH, range(1, WIDTH + 1)),
        (5000, 1, range(1, WIDTH + 1)),
        (5000, 2500, range(2500 - STRIP_PAGES_AROUND, 2500 + STRIP_PAGES_AROUND + 1)),
        (5000, 5000, range(5000 - WIDTH + 1, 5001)),
        (5000, 4990, range(5000 - WIDTH + 1, 5001)),
        (5000, 99999, range(5000 - WIDTH + 1, 5001)),  # clamped to the document
        (0, 1, range(1, 1)),
    ],
)
def test_the_strip_shows_a_bounded_window_around_the_page(
    page_count: int, page: int, expected: range
) -> None:
    window = strip_window(page_count, page)
    assert window == expected
    assert len(window) <= WIDTH
    if page_count:
        assert min(page, page_count) in window
