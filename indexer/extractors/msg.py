"""Outlook .msg files ([MS-OXMSG]: MAPI properties in an OLE compound file, read with
olefile) as a `Message`: headers, bodies, recipients and attachments."""

from __future__ import annotations

import datetime as dt
import email.message
import email.utils
import struct
from pathlib import Path

import olefile

from indexer.extractors import ExtractionError
from indexer.extractors.mail_message import Attachment, Message, iso_date, safe_file_name

# MAPI property ids ([MS-OXPROPS]) read here.
SUBJECT, TRANSPORT_HEADERS, BODY, HTML_BODY = 0x0037, 0x007D, 0x1000, 0x1013
SENDER_NAME, SENDER_ADDRESS, SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
DISPLAY_TO, DISPLAY_CC = 0x0E04, 0x0E03
CLIENT_SUBMIT_TIME, DELIVERY_TIME = 0x0039, 0x0E06
RECIPIENT_TYPE, DISPLAY_NAME, EMAIL_ADDRESS, SMTP_ADDRESS = 0x0C15, 0x3001, 0x3003, 0x39FE
ATTACH_DATA, ATTACH_FILENAME, ATTACH_LONG_FILENAME = 0x3701, 0x3704, 0x3707
INTERNET_CODEPAGE = 0x3FDE
UNICODE, STRING8, BINARY, OBJECT, LONG, SYSTIME = 0x001F, 0x001E, 0x0102, 0x000D, 0x0003, 0x0040
# Header of the property stream before its 16-byte entries: top-level message, embedded
# message, attachment or recipient ([MS-OXMSG] 2.4).
TOP_HEADER, EMBEDDED_HEADER, CHILD_HEADER = 32, 24, 8
FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
# Embedded messages inside embedded messages, at most (each becomes an .eml attachment).
MAX_EMBEDDED_DEPTH = 3


class _Storage:
    """One storage of the compound file (the message, an attachment, a recipient)."""

    def __init__(self, ole: olefile.OleFileIO, prefix: list[str], header: int) -> None:
        self.ole, self.prefix = ole, prefix
        self.properties = self._fixed_properties(header)

    def _stream(self, name: str) -> bytes | None:
        path = [*self.prefix, name]
        if not self.ole.exists("/".join(path)) or self.ole.get_type(path) != olefile.STGTY_STREAM:
            return None
        data: bytes = self.ole.openstream(path).read()
        return data

    def _fixed_properties(self, header: int) -> dict[int, tuple[int, bytes]]:
        data = self._stream("__properties_version1.0") or b""
        found = {}
        for offset in range(header, len(data) - 15, 16):
            tag, _flags = struct.unpack_from("<II", data, offset)
            found[tag >> 16] = (tag & 0xFFFF, data[offset + 8 : offset + 16])
        return found

    def text(self, prop: int, codepage: str = "cp1252") -> str:
        """A string property, Unicode or 8-bit; "" when absent."""
        unicode = self._stream(f"__substg1.0_{prop:04X}{UNICODE:04X}")
        if unicode is not None:
            return unicode.decode("utf-16-le", errors="replace").rstrip("\x00")
        narrow = self._stream(f"__substg1.0_{prop:04X}{STRING8:04X}")
        if narrow is not None:
            return narrow.decode(codepage, errors="replace").rstrip("\x00")
        return ""

    def binary(self, prop: int) -> bytes | None:
        return self._stream(f"__substg1.0_{prop:04X}{BINARY:04X}")

    def long(self, prop: int) -> int | None:
        found = self.properties.get(prop)
        if found is None or found[0] != LONG:
            return None
        value: int = struct.unpack_from("<i", found[1])[0]
        return value

    def time(self, prop: int) -> dt.datetime | None:
        found = self.properties.get(prop)
        if found is None or found[0] != SYSTIME:
            return None
        ticks = struct.unpack_from("<Q", found[1])[0]
        try:
            return FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None

    def children(self, kind: str) -> list[list[str]]:
        """The paths of the attachment or recipient storages directly under this one."""
        names = {
            entry[len(self.prefix)]
            for entry in self.ole.listdir(streams=False, storages=True)
            if len(entry) > len(self.prefix)
            and entry[: len(self.prefix)] == self.prefix
            and entry[len(self.prefix)].startswith(kind)
        }
        return [[*self.prefix, name] for name in sorted(names)]

    def child(self, path: list[str], header: int) -> _Storage:
        return _Storage(self.ole, path, header)


def _codepage(storage: _Storage) -> str:
    number = storage.long(INTERNET_CODEPAGE)
    name = f"cp{number}" if number else "cp1252"
    try:
        "".encode(name)
    except LookupError:
        return "cp1252"
    return name


def _recipients(storage: _Storage, codepage: str) -> dict[int, list[str]]:
    """Recipient type (1 to, 2 cc, 3 bcc) -> "Name <address>" of each recipient."""
    found: dict[int, list[str]] = {}
    for path in storage.children("__recip_version1.0_#"):
        recipient = storage.child(path, CHILD_HEADER)
        name = recipient.text(DISPLAY_NAME, codepage).strip("'\" ")
        address = recipient.text(SMTP_ADDRESS, codepage) or recipient.text(EMAIL_ADDRESS, codepage)
        if "@" not in address:
            address = ""  # an Exchange X.500 address names no mailbox a reader knows
        if name.lower() == address.lower():
            name = ""
        shown = email.utils.formataddr((name, address)) if address else name
        if shown:
            found.setdefault(recipient.long(RECIPIENT_TYPE) or 1, []).append(shown)
    return found


def _sender(storage: _Storage, codepage: str) -> str:
    name = storage.text(SENDER_NAME, codepage)
    address = storage.text(SENDER_SMTP, codepage) or storage.text(SENDER_ADDRESS, codepage)
    if "@" in address:
        return email.utils.formataddr((name, address))
    return name


def _header_value(headers: str, name: str) -> str:
    if not headers:
        return ""
    parsed = email.message_from_string(headers)
    return str(parsed.get(name, "") or "")


def _attachments(storage: _Storage, depth: int) -> tuple[Attachment, ...]:
    found = []
    for number, path in enumerate(storage.children("__attach_version1.0_#"), start=1):
        attachment = storage.child(path, CHILD_HEADER)
        name = attachment.text(ATTACH_LONG_FILENAME) or attachment.text(ATTACH_FILENAME)
        data = attachment.binary(ATTACH_DATA)
        embedded = [*path, f"__substg1.0_{ATTACH_DATA:04X}{OBJECT:04X}"]
        if data is None and depth < MAX_EMBEDDED_DEPTH and storage.ole.exists("/".join(embedded)):
            inner = _message(attachment.child(embedded, EMBEDDED_HEADER), depth + 1)
            stem = safe_file_name(inner.subject, f"message-{number}")
            found.append(Attachment(f"{stem}.eml", message_bytes(inner)))
        elif data is not None:
            found.append(Attachment(safe_file_name(name, f"attachment-{number}"), data))
    return tuple(found)


def _message(storage: _Storage, depth: int = 0) -> Message:
    codepage = _codepage(storage)
    headers = storage.text(TRANSPORT_HEADERS, codepage)
    recipients = _recipients(storage, codepage)
    sent = storage.time(CLIENT_SUBMIT_TIME) or storage.time(DELIVERY_TIME)
    date_text = _header_value(headers, "Date") or (
        email.utils.format_datetime(sent) if sent else ""
    )
    html = storage.binary(HTML_BODY)
    if html is None and (html_text := storage.text(HTML_BODY, codepage)):
        html = html_text.encode("utf-8")
    return Message(
        from_=_sender(storage, codepage) or _header_value(headers, "From"),
        to="; ".join(recipients.get(1, [])) or storage.text(DISPLAY_TO, codepage),
        cc="; ".join(recipients.get(2, [])) or storage.text(DISPLAY_CC, codepage),
        subject=storage.text(SUBJECT, codepage),
        sent=date_text,
        date=iso_date(date_text),
        text=storage.text(BODY, codepage),
        html=html,
        attachments=_attachments(storage, depth),
    )


def message_bytes(message: Message) -> bytes:
    """An embedded message written as an RFC 5322 (.eml) file, attachments included."""
    out = email.message.EmailMessage()
    for header, value in (
        ("From", message.from_),
        ("To", message.to.replace("; ", ", ")),
        ("Cc", message.cc.replace("; ", ", ")),
        ("Subject", message.subject),
        ("Date", message.sent),
    ):
        if value:
            out[header] = value.replace("\r", " ").replace("\n", " ")
    out.set_content(message.text or "")
    for attachment in message.attachments:
        out.add_attachment(
            attachment.data,
            maintype="application",
            subtype="octet-stream",
            filename=attachment.name,
        )
    return bytes(out)


def read_msg(path: Path) -> Message:
    """The message of an Outlook .msg file; raises ExtractionError when it is none."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return _message(_Storage(ole, [], TOP_HEADER))
    except (OSError, ValueError, struct.error, IndexError, TypeError) as error:
        raise ExtractionError(f"not a readable Outlook .msg file ({error})", path) from None
