"""TextExtractor (header lines as metadata), and sniffing a file's type by its content."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indexer.extractors import ExtractionError, extractor_for, sniff_format
from indexer.extractors.html import HtmlExtractor
from indexer.extractors.pdf import PdfExtractor
from indexer.extractors.text import TextExtractor, split_header

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
DATA = Path(__file__).resolve().parents[1] / "data"


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_seed_press_release() -> None:
    seeds = sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []
    if not seeds:
        pytest.skip("../shared/seed is absent")
    doc = extractor_for(seeds[0]).extract(seeds[0])
    text = doc.pages[0].text
    assert doc.format == "text" and len(doc.pages) == 1 and doc.pages[0].page == 1
    assert doc.metadata["tags"] == ["Press Releases"]
    assert doc.title == (
        'Despite Recent Tweaks, "Secure Communities" Deportation Program Still Fundamentally Flawed'
    )
    assert not text.startswith("tags:") and "tags: ," not in text
    assert text.startswith("Despite Recent Tweaks")
    assert "Rhetoric Versus Reality" in text
    assert "DHS’ Secure Communities program" in text  # UTF-8 punctuation intact


def test_header_lines_become_metadata(tmp_path: Path) -> None:
    body = (
        "Title: County Votes to Leave Secure Communities\n"
        "date: May 10, 2011\n"
        "source: Example Advocates\n"
        "url: https://advocates.example.org/press/1\n"
        "tags: opt-out, , Secure Communities,\n"
        "\n"
        "WASHINGTON - The county voted.\n"
        "From: the coalition\n"
    )
    doc = TextExtractor().extract(_write(tmp_path / "statement.txt", body))
    assert doc.title == "County Votes to Leave Secure Communities"
    assert dict(doc.metadata) == {
        "title": "County Votes to Leave Secure Communities",  # given: enrichment keeps it
        "date": "2011-05-10",
        "source": "Example Advocates",
        "url": "https://advocates.example.org/press/1",
        "tags": ["opt-out", "Secure Communities"],
    }
    assert doc.pages[0].text == "WASHINGTON - The county voted.\nFrom: the coalition\n"


def test_memo_headers_are_body_not_metadata() -> None:
    text = "From: ICE Director\nTo: Field Offices\nSubject: Secure Communities\n\nBody."
    assert split_header(text) == ({}, text)


def test_unreadable_header_date_is_kept_as_text_not_guessed() -> None:
    metadata, body = split_header("date: 10/05/11\n\nBody")
    assert metadata == {"date_text": "10/05/11"} and body == "Body"


def test_title_is_first_non_empty_line_and_falls_back_to_stem(tmp_path: Path) -> None:
    doc = TextExtractor().extract(_write(tmp_path / "memo.txt", "\n\n   First   line  \nmore"))
    assert doc.title == "First line"
    blank = TextExtractor().extract(_write(tmp_path / "blank-note.txt", "tags: a\n\n  \n"))
    assert blank.title == "blank-note"


def test_bom_crlf_and_cp1252(tmp_path: Path) -> None:
    bom = TextExtractor().extract(
        _write(tmp_path / "bom.txt", codecs.BOM_UTF8 + b"tags: x\r\n\r\nA\r\nB")
    )
    assert bom.metadata["tags"] == ["x"] and bom.pages[0].text == "A\nB"
    legacy = "\u201cOpt-out\u201d was refused \u2013 caf\u00e9".encode("cp1252")
    doc = TextExtractor().extract(_write(tmp_path / "legacy.txt", legacy))
    assert doc.pages[0].text == "\u201cOpt-out\u201d was refused \u2013 caf\u00e9"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"\x00" * 300 + b"%PDF-1.4 junk before the header", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (codecs.BOM_UTF8 + b"\n  <!-- saved by a browser -->\n<HTML lang=en>", "html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        ("<body>caf\u00e9</body>".encode("utf-16"), "html"),
        (b"tags: , Press Releases\n\nA statement.", "text"),
        ("Caf\u00e9 \u2013 d\u00e9j\u00e0 vu".encode("cp1252"), "text"),
        (b"Plain text that mentions <html> later on.", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", None),
        (bytes(range(256)) * 4, None),
    ],
)
def test_sniff_format(tmp_path: Path, data: bytes, expected: str | None) -> None:
    assert sniff_format(_write(tmp_path / "file.bin", data)) == expected


def test_extension_is_only_a_hint(tmp_path: Path) -> None:
    html_named_pdf = _write(tmp_path / "statement.pdf", "<!doctype html><p>Hello</p>")
    assert isinstance(extractor_for(html_named_pdf).inner, HtmlExtractor)
    pdf_named_txt = _write(tmp_path / "scan.txt", b"%PDF-1.4\n")
    assert isinstance(extractor_for(pdf_named_txt).inner, PdfExtractor)
    fragment = _write(tmp_path / "fragment.htm", "<p>A statement fragment</p>")
    assert isinstance(extractor_for(fragment).inner, HtmlExtractor)
    assert isinstance(extractor_for(DATA / "press-release.html").inner, HtmlExtractor)


def test_unsupported_empty_and_missing_files(tmp_path: Path) -> None:
    image = _write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(ExtractionError, match="unsupported file type") as raised:
        extractor_for(image)
    assert raised.value.path == str(image) and str(image) in str(raised.value)
    with pytest.raises(ExtractionError, match="empty file"):
        extractor_for(_write(tmp_path / "empty.html", b""))
    with pytest.raises(ExtractionError, match="cannot read file"):
        extractor_for(tmp_path / "missing.pdf")
