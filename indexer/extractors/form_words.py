"""The words of a page's filled-in form fields, placed in their fields, for hit boxes.

A field's value is not in the page's text layer (pdfplumber does not see it) but the page text
holds it (`pdf._form_values`), so a hit in it needs a box too. pdfium gives each field's
rectangle; the value's words are laid along it in proportion to their length (a field prints
its value on one line, left to right, in one font).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexer.extractors.pdf import open_pdf
from indexer.model.document import Word

_VALUE_FIELDS = (pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX)


def _field_value(formenv: pdfium.PdfFormEnv, annotation: pdfium_c.FPDF_ANNOTATION) -> str:
    if pdfium_c.FPDFAnnot_GetFormFieldType(formenv.raw, annotation) not in _VALUE_FIELDS:
        return ""
    size = pdfium_c.FPDFAnnot_GetFormFieldValue(formenv.raw, annotation, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pointer = ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
    pdfium_c.FPDFAnnot_GetFormFieldValue(formenv.raw, annotation, pointer, size)
    return " ".join(buffer.raw[: max(size - 2, 0)].decode("utf-16-le", "replace").split())


def _laid_out(value: str, rect: pdfium_c.FS_RECTF, page_height: float) -> list[Word]:
    """The words of `value` spread over the field (origin top-left, as pdfplumber's)."""
    top, bottom = page_height - rect.top, page_height - rect.bottom
    width = rect.right - rect.left
    words = value.split()
    per_char = width / max(len(value), 1)
    found, cursor = [], 0
    for word in words:
        start = value.index(word, cursor)
        cursor = start + len(word)
        x0 = rect.left + start * per_char
        found.append(
            Word(
                word,
                round(x0, 2),
                round(top, 2),
                round(x0 + len(word) * per_char, 2),
                round(bottom, 2),
            )
        )
    return found


def form_field_words(path: Path, page: int) -> list[Word]:
    """The words of the filled-in text and choice fields of page `page` (from 1).

    Raises ExtractionError when the file cannot be opened."""
    with open_pdf(path) as pdf:
        if pdf.formenv is None or not 1 <= page <= len(pdf):
            return []
        pdf_page = pdf[page - 1]
        try:
            height = float(pdf_page.get_height())
            words: list[Word] = []
            for index in range(pdfium_c.FPDFPage_GetAnnotCount(pdf_page.raw)):
                annotation = pdfium_c.FPDFPage_GetAnnot(pdf_page.raw, index)
                try:
                    value = _field_value(pdf.formenv, annotation)
                    rect = pdfium_c.FS_RECTF()
                    if value and pdfium_c.FPDFAnnot_GetRect(annotation, ctypes.byref(rect)):
                        words.extend(_laid_out(value, rect, height))
                finally:
                    pdfium_c.FPDFPage_CloseAnnot(annotation)
            return words
        finally:
            pdf_page.close()
