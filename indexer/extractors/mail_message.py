"""An e-mail as read from a file (.eml through the stdlib's `email`, .msg through msg.py):
headers, bodies and attachments, and the text a reader is shown for it."""

from __future__ import annotations

import email
import email.policy
import email.utils
import mimetypes
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import PurePosixPath

from indexer.extractors.encoding import decode_bytes

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message: a safe file name (no folders) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Message:
    """What a reader sees of an e-mail; addresses as "Name <address>", several joined by "; "."""

    from_: str
    to: str
    cc: str
    subject: str
    sent: str  # the date as the message gives it
    date: str | None  # ISO YYYY-MM-DD
    text: str
    html: bytes | None
    attachments: tuple[Attachment, ...] = ()


def iso_date(value: str) -> str | None:
    """The ISO date of an RFC 5322 date header, or None when it is none."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed is not None else None


def safe_file_name(name: str | None, fallback: str) -> str:
    """An attachment's name as a plain file name: the last part of any path it gives,
    control characters and our member separator removed; `fallback` when nothing is left."""
    text = _UNSAFE_NAME.sub("", (name or "").replace("\\", "/")).replace("!", "_")
    base = PurePosixPath(text).name.strip()[:MAX_NAME_CHARS]
    return base if base not in ("", ".", "..") else fallback


def unique_names(attachments: tuple[Attachment, ...]) -> tuple[Attachment, ...]:
    """The attachments with names made unique ("report.pdf", "report~2.pdf"), in order."""
    seen: set[str] = set()
    unique = []
    for attachment in attachments:
        name, number = attachment.name, 1
        original = PurePosixPath(attachment.name)
        while name.lower() in seen:
            number += 1
            name = f"{original.stem}~{number}{original.suffix}"
        seen.add(name.lower())
        unique.append(Attachment(name, attachment.data))
    return tuple(unique)


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, ValueError):
        content = None
    if isinstance(content, str):
        return content
    payload = part.get_payload(decode=True)
    return decode_bytes(payload) if isinstance(payload, bytes) else ""


def _part_bytes(part: EmailMessage) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        message = inner[0] if isinstance(inner, list) and inner else inner
        return message.as_bytes() if isinstance(message, email.message.Message) else b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _attachment_name(part: EmailMessage, number: int) -> str:
    guessed = mimetypes.guess_extension(part.get_content_type()) or ".bin"
    if part.get_content_type() == "message/rfc822":
        guessed = ".eml"
    return safe_file_name(part.get_filename(), f"attachment-{number}{guessed}")


def _attachments(message: EmailMessage) -> tuple[Attachment, ...]:
    found = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        if part.get_content_disposition() == "inline" and part["Content-ID"]:
            continue  # a picture inside the HTML body (a logo), not a record of its own
        found.append(Attachment(_attachment_name(part, number), _part_bytes(part)))
    return unique_names(tuple(found))


def _addresses(message: EmailMessage, name: str) -> str:
    values = [str(value) for value in message.get_all(name, [])]
    pairs = email.utils.getaddresses(values)
    shown = [email.utils.formataddr(pair) if pair[1] else pair[0] for pair in pairs]
    return "; ".join(value for value in shown if value)


def read_eml(data: bytes) -> Message:
    """An RFC 5322 message (an .eml file); never raises for what the bytes hold."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    html_part = html if isinstance(html, EmailMessage) else None
    sent = str(message.get("Date", "") or "")
    return Message(
        from_=_addresses(message, "From"),
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        subject=str(message.get("Subject", "") or "").strip(),
        sent=sent,
        date=iso_date(sent),
        text=_part_text(plain) if isinstance(plain, EmailMessage) else "",
        html=_part_text(html_part).encode("utf-8") if html_part is not None else None,
        attachments=_attachments(message),
    )


def header_block(message: Message, attachment_names: list[str]) -> str:
    """The message's headers printed as an e-mail printout prints them (the lines the
    header enrichment reads into from:, to:, cc: and subject:)."""
    lines = [
        ("From", message.from_),
        ("Sent", message.sent),
        ("To", message.to),
        ("Cc", message.cc),
        ("Subject", message.subject),
        ("Attachments", "; ".join(attachment_names)),
    ]
    return "\n".join(f"{name}: {' '.join(value.split())}" for name, value in lines if value)
