"""Page images rendered by many server threads at once (a page view's thumbnails load
together): pdfium is not thread-safe, and concurrent renders crashed the server process
with a segmentation fault. Run in a child process, so that a crash fails this test only."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import CORPUS_DIR, ROOT

CHILD = textwrap.dedent(
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from indexer.reading.page_images import PAGE_DPIS, page_image, page_size
    from indexer.reading.webdata import DocumentInfo

    pdf, cache = Path(sys.argv[1]), Path(sys.argv[2])
    doc = DocumentInfo(
        doc_id="0123456789abcdef", title="t", path=str(pdf), sha256="f" * 64, format="pdf",
        type="agreement", date=None, source=None, url=None, release=None, bates_range=None,
        page_count=12, size=pdf.stat().st_size,
    )
    jobs = [(page, dpi) for page in range(1, 13) for dpi in PAGE_DPIS[:3]]

    def render(job):
        page, dpi = job
        width, height = page_size(cache, doc, page)
        return page_image(cache, doc, page, dpi).stat().st_size > 0 and width > 0

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert all(pool.map(render, jobs * 2))
    print("rendered", len(jobs))
    """
)


@pytest.mark.timeout(240)
def test_many_threads_render_pages_at_once_without_crashing(tmp_path: Path) -> None:
    pdf = CORPUS_DIR / "pdf" / "287gWSO_FinneyCoKs2020-03-17.pdf"
    if not pdf.is_file():
        pytest.skip("corpus/ is missing")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(pdf), str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=230,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "rendered 36"
