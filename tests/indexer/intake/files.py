"""Real files for the intake tests, made here: PDFs (reportlab), ZIP archives (zipfile) and
e-mails (email), each with words of its own to search for."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

MSG_DIR = Path(__file__).resolve().parents[2] / "data" / "msg"


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with one page per text (each line of it drawn on its own)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, invariant=1)
    for text in pages:
        pdf.setFont("Helvetica", 11)
        y = 720
        for line in text.splitlines():
            pdf.drawString(72, y, line)
            y -= 15
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def zip_bytes(members: Mapping[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive of `members` (name -> bytes), written in the order given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def write_zip(path: Path, members: Mapping[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_bytes(members))
    return path


def eml_bytes(
    *,
    sender: str,
    to: str,
    subject: str,
    date: str,
    text: str | None = None,
    html: str | None = None,
    cc: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """An RFC 5322 message as a mail client writes it: plain and/or HTML body, attachments."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Date"] = sender, to, subject, date
    if cc:
        message["Cc"] = cc
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return bytes(message)
