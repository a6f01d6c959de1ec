"""E-mail files (.eml, .msg) as documents of type `email`: the header block, then the body
(an HTML body through the HTML extractor's text rendering); attachments are listed here and
ingested as documents of their own (`ingest/sources.py`)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from indexer.extractors import EMAIL_SUFFIXES, ExtractionError
from indexer.extractors.html import DROP_TAGS, parse_html, render_text
from indexer.extractors.html_nesting import limit_nesting
from indexer.extractors.mail_message import Message, header_block, read_eml
from indexer.model.document import Document, Page

# An e-mail file larger than this is not read (a message with a huge attachment is split
# by the ingest into the message and its attachments, each with its own limits).
MAX_EMAIL_BYTES = 256 * 1024 * 1024


def is_email(name: str) -> bool:
    """Whether a file of this name is read as an e-mail (by its extension)."""
    return PurePosixPath(name).suffix.lower() in EMAIL_SUFFIXES


def read_message(path: Path) -> Message:
    """The message in an .eml or .msg file; raises ExtractionError when it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None
    if size > MAX_EMAIL_BYTES:
        raise ExtractionError(f"e-mail file larger than {MAX_EMAIL_BYTES // 2**20} MiB", path)
    if path.suffix.lower() == ".msg":
        from indexer.extractors.msg import read_msg

        return read_msg(path)
    try:
        return read_eml(path.read_bytes())
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None


def html_body_text(html: bytes) -> str:
    """The text of an HTML body: all of it (an e-mail has no navigation to leave out),
    scripts and styles dropped, rendered as the HTML extractor renders a page."""
    data, _depth = limit_nesting(html)
    soup = parse_html(data)
    for element in soup.find_all(DROP_TAGS):
        element.decompose()
    return render_text(soup.body or soup)


def message_text(message: Message) -> str:
    """The page a reader is shown: the header block, a blank line, the body."""
    body = message.text.replace("\r\n", "\n").strip()
    if not body and message.html:
        body = html_body_text(message.html)
    names = [attachment.name for attachment in message.attachments]
    return f"{header_block(message, names)}\n\n{body.strip()}\n"


class EmailExtractor:
    """One page: the message's headers and body; type `email`, title its subject, date from
    its Date header, its attachments' names in `attachments`."""

    def extract(self, path: Path) -> Document:
        """The message as a Document; raises ExtractionError when the file is no e-mail."""
        message = read_message(path)
        metadata: dict[str, object] = {"type": "email"}
        if message.date:
            metadata["date"] = message.date
        return Document(
            doc_id="",
            sha256="",
            path=str(path),
            format="email",
            title=message.subject.strip() or path.stem,
            pages=(Page(page=1, text=message_text(message)),),
            metadata=metadata,
        )
