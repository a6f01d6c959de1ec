"""Text files in any common encoding are read as written, a few damaged bytes do not reject a
file, binary files still are rejected, and no NUL is ever indexed (issue 12, defect 7)."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from indexer.extractors import ExtractionError, extractor_for, sniff_format
from indexer.extractors.encoding import detect_encoding
from indexer.search.service import SearchRequest, search
from tests.conftest import Home

MEMO = (
    "title: “Opt-out” of Secure Communities\n\n"
    "The county’s naïve request — déjà vu — was refused by the préfecture in Besançon.\n"
)

FRENCH = "Déclaration de la préfecture à Besançon : les élèves étrangers reçus à l'école.\n"

ENCODED = {
    "utf-8": MEMO.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + MEMO.encode("utf-8"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + MEMO.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + MEMO.encode("utf-16-be"),
    "utf-32 LE with BOM": codecs.BOM_UTF32_LE + MEMO.encode("utf-32-le"),
    "cp1252": MEMO.encode("cp1252"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def extract_text(path: Path) -> str:
    return extractor_for(path).extract(path).text


@pytest.mark.parametrize("name", ENCODED)
def test_each_encoding_is_read_as_written(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / "memo.txt", ENCODED[name])
    assert sniff_format(path) == "text"
    doc = extractor_for(path).extract(path)
    assert doc.title == "“Opt-out” of Secure Communities"
    assert doc.pages[0].text == MEMO.split("\n\n", 1)[1]
    assert "\x00" not in doc.text and "\ufffd" not in doc.text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "latin-1"),
        ("He said “no”.", "cp1252"),  # short: charset-normalizer alone says cp1125
        ("Die Grenze zu Österreich: Männer festgenommen, Größe unbekannt.", "cp1252"),
        ("Пресс-релиз министерства внутренних дел о задержании мигрантов.", "cp1251"),
    ],
)
def test_legacy_single_byte_files(tmp_path: Path, text: str, encoding: str) -> None:
    path = _write(tmp_path / "legacy.txt", text.encode(encoding))
    assert extract_text(path) == text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Plain English with one byte Windows-1252 leaves undefined.
        (b"A memo about detention records\x81 and the field office.", "records\ufffd and"),
        # Windows-1252 quotes, and a stray byte.
        ("Memo “quoted” text".encode("cp1252") + b"\x8d and more", "“quoted” text\ufffd and"),
        # UTF-8 accents, and one byte that is no UTF-8.
        ("Déjà vu, the préfecture said ".encode() + b"\xff again", "préfecture said \ufffd again"),
    ],
)
def test_one_undefined_byte_does_not_reject_the_file(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = _write(tmp_path / "damaged.txt", data * 20)
    assert sniff_format(path) == "text"
    assert expected in extract_text(path)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(3000),
        b"\x7fELF\x02\x01\x01" + bytes(57) + random.Random(2).randbytes(3000),
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + random.Random(3).randbytes(3000),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + random.Random(4).randbytes(3000),
        random.Random(5).randbytes(70_000),
        bytes(range(256)) * 40,
    ],
    ids=["png", "elf", "zip", "gzip", "random", "all bytes"],
)
def test_binary_files_are_still_rejected(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path / "file.txt", data)
    assert sniff_format(path) is None
    with pytest.raises(ExtractionError, match="unsupported file type"):
        extractor_for(path)


def test_utf16_html_is_html(tmp_path: Path) -> None:
    page = "<html><body><main><p>La préfecture a publié les dossiers.</p></main></body></html>"
    path = _write(tmp_path / "page.txt", codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    assert sniff_format(path) == "html"
    assert "La préfecture a publié les dossiers." in extract_text(path)


def test_detect_encoding_reports_the_bom() -> None:
    assert detect_encoding(codecs.BOM_UTF32_LE + "x".encode("utf-32-le")) == ("utf-32-le", 4)
    assert detect_encoding(codecs.BOM_UTF16_BE + "x".encode("utf-16-be")) == ("utf-16-be", 2)
    assert detect_encoding(codecs.BOM_UTF8 + b"x") == ("utf-8", 3)
    # The head of a file may end inside a character: still UTF-8.
    assert detect_encoding("déjà".encode()[:-1], is_complete=False) == ("utf-8", 0)


def test_nul_characters_are_never_indexed(tmp_path: Path, home: Home) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    _write(folder / "memo-utf16.txt", codecs.BOM_UTF16_LE + MEMO.encode("utf-16-le"))
    # A log padded with NULs after a crash: a few NULs in much text.
    padded = b"title: Padded\x00 log\n\nThe marigold shipment was logged" + b"\x00" * 8
    _write(folder / "padded.txt", padded + b" twice.\n" * 200)
    _write(folder / "page.html", b"<html><body><p>Hidden\x00 tamarind statement</p></body></html>")
    pdf = canvas.Canvas(str(folder / "titled.pdf"))
    pdf.setTitle("Null\x00 title of the saffron report")
    pdf.drawString(72, 720, "The saffron report, page one.")
    pdf.save()
    report = home.ingest(folder)
    assert report.added == 4 and not report.failed
    for doc in home.store.list_documents():
        row = home.store.document_row(doc["doc_id"])
        assert row is not None and "\x00" not in row.title and "\x00" not in str(row.metadata)
        texts = home.store.page_texts(doc["doc_id"], range(1, row.page_count + 1))
        assert texts and all("\x00" not in text for text in texts.values())
    for word in ("préfecture", "naïve", "marigold", "tamarind", "saffron"):
        found = search(home.engine, home.store, SearchRequest(word))
        assert found.total_documents >= 1, word
    titles = {row["title"] for row in home.store.list_documents()}
    assert "Padded log" in titles
