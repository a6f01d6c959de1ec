"""What the web views read about one document: its fields, some pages, hit pages, the original.

Built on `Store` methods only (no SQL of its own), so that views stay free of storage details.
Pages are read a few at a time: a page view of a 500-page document never loads all of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from indexer.errors import ConflictError
from indexer.extractors import ExtractionError
from indexer.extractors.members import unpack_member
from indexer.model.paths import base_name, is_member_path, shown_file_name, split_member_path
from indexer.store.attachments import Linked, attached_to, attachments_of
from indexer.store.database import Store
from indexer.store.duplicates import duplicates_of
from indexer.text.highlight import HighlightTerms, hit_spans

DOC_ID_PATTERN = r"[0-9a-f]{16}"
_DOC_ID_RE = re.compile(DOC_ID_PATTERN)
# Pages read per SQLite round trip while looking for the next or previous hit.
HIT_SCAN_CHUNK = 40
# Fields shown on their own in the web views; the rest of the metadata is listed as is.
_SHOWN = frozenset(
    {"type", "date", "source", "url", "release", "bates_range", "tags", "title", "corrected"}
)
# SHA-256s of original files kept by (path, device, inode, size, mtime, ctime): a big PDF
# is hashed once, not on every download, and any change to the file changes the key.
MAX_CACHED_HASHES = 4096
HASH_CHUNK = 1024 * 1024
_hashes: OrderedDict[tuple[str, int, int, int, int, int], str] = OrderedDict()
_hashes_lock = threading.Lock()
# Characters a file name may hold on disk but not in a header: control characters.
_UNSAFE_IN_HEADER = re.compile(r"[\x00-\x1f\x7f]")


class OriginalChangedError(ConflictError):
    """The original file no longer holds the bytes that were ingested (its SHA-256 differs)."""


@dataclass(frozen=True)
class DocumentInfo:
    """A document's fields as the web views show them (no page text)."""

    doc_id: str
    title: str
    path: str
    sha256: str
    format: str
    type: str
    date: str | None
    source: str | None
    url: str | None
    release: str | None
    bates_range: str | None
    page_count: int
    size: int
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    duplicates: tuple[str, ...] = ()  # other releases of the same record
    attachments: tuple[Linked, ...] = ()  # an e-mail's attachments, each a document
    attached_to: Linked | None = None  # the e-mail an attachment came with
    # Fields staff corrected -> {"original", "by", "at"} (store/corrections.py).
    corrected: dict[str, Any] = field(default_factory=dict)

    @property
    def has_page_images(self) -> bool:
        """Whether pages can be shown as images (PDFs only)."""
        return self.format == "pdf"

    @property
    def file_name(self) -> str:
        """The original's file name, control characters (a newline) replaced by "_", so
        that it can be shown and sent as a download name; a member of an archive or e-mail
        is named with its container ("release.zip!/inner/memo.pdf")."""
        return _UNSAFE_IN_HEADER.sub("_", shown_file_name(self.path))

    @property
    def download_name(self) -> str:
        """The name the original is downloaded as: its own file name, without containers."""
        return _UNSAFE_IN_HEADER.sub("_", base_name(self.path)) or "document"

    def original_exists(self) -> bool:
        """Whether the original file (for a member: its archive or e-mail) is still where it
        was ingested."""
        return Path(split_member_path(self.path)[0]).is_file()


@dataclass(frozen=True)
class PageInfo:
    """One stored page: its text and enrichment."""

    page: int
    text: str
    bates: str | None
    exemptions: tuple[str, ...]
    ocr: bool
    ocr_confidence: float | None
    needs_ocr: bool
    is_withheld: bool


def content_sha256(handle: BinaryIO, path: str, info: os.stat_result) -> str:
    """The SHA-256 of the open file `handle` (at `path`, with `info` from fstat), computed
    once for as long as the file's size, times and inode stay the same."""
    key = (path, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    with _hashes_lock:
        known = _hashes.get(key)
        if known is not None:
            _hashes.move_to_end(key)
            return known
    digest = hashlib.sha256()
    handle.seek(0)
    while chunk := handle.read(HASH_CHUNK):
        digest.update(chunk)
    with _hashes_lock:
        _hashes[key] = digest.hexdigest()
        while len(_hashes) > MAX_CACHED_HASHES:
            _hashes.popitem(last=False)
    return digest.hexdigest()


def is_doc_id(value: str) -> bool:
    """Whether `value` has the shape of a doc_id (16 lower-case hex digits)."""
    return _DOC_ID_RE.fullmatch(value) is not None


def _text_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def document_info(store: Store, doc_id: str) -> DocumentInfo | None:
    """The fields of one document, or None when there is no such document."""
    if not is_doc_id(doc_id):
        return None
    row = store.document_row(doc_id)
    if row is None:
        return None
    meta = row.metadata
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [part.strip() for part in tags.split(",")]
    return DocumentInfo(
        doc_id=doc_id,
        title=row.title,
        path=row.path,
        sha256=row.sha256,
        format=row.format,
        type=str(row.shown_type),
        date=_text_or_none(row.date),
        source=_text_or_none(row.source),
        url=_text_or_none(meta.get("url")),
        release=_text_or_none(meta.get("release")),
        bates_range=_text_or_none(meta.get("bates_range")),
        page_count=row.page_count,
        size=row.size,
        tags=tuple(str(tag) for tag in tags if str(tag).strip()),
        duplicates=tuple(duplicates_of(store, doc_id)),
        attachments=tuple(attachments_of(store, doc_id)),
        attached_to=attached_to(store, doc_id),
        extra={key: value for key, value in meta.items() if key not in _SHOWN},
        corrected=meta["corrected"] if isinstance(meta.get("corrected"), dict) else {},
    )


def page_infos(store: Store, doc_id: str, pages: Sequence[int]) -> list[PageInfo]:
    """The stored pages among `pages`, in the order given (missing pages are left out)."""
    texts = store.page_texts(doc_id, pages)
    details = store.page_details(doc_id, pages)
    found = []
    for number in pages:
        page = details.get(number)
        if page is None:
            continue
        found.append(
            PageInfo(
                page=number,
                text=texts.get(number, ""),
                bates=_text_or_none(page.bates),
                exemptions=tuple(sorted(page.exemptions)),
                ocr=page.ocr,
                ocr_confidence=page.ocr_confidence,
                needs_ocr=page.needs_ocr,
                is_withheld=page.is_withheld,
            )
        )
    return found


def hit_page(
    store: Store,
    doc: DocumentInfo,
    terms: HighlightTerms,
    page: int,
    step: int,
) -> int | None:
    """The nearest page after (`step` 1) or before (`step` -1) `page` whose text holds one of
    `terms`, or None. Reads pages in small chunks and stops at the first hit."""
    if not terms or step not in (1, -1):
        return None
    current = page + step
    while 1 <= current <= doc.page_count:
        if step > 0:
            chunk = list(range(current, min(doc.page_count, current + HIT_SCAN_CHUNK - 1) + 1))
        else:
            chunk = list(range(current, max(1, current - HIT_SCAN_CHUNK + 1) - 1, -1))
        texts = store.page_texts(doc.doc_id, chunk)
        for number in chunk:
            if hit_spans(texts.get(number, ""), terms):
                return number
        current = chunk[-1] + step
    return None


def open_original(store: Store, doc_id: str) -> BinaryIO | None:
    """The original file of `doc_id` opened for reading (at its start), or None when there
    is no such document or its file is gone or no regular file.

    Only the path the store holds for this doc_id is ever opened, so no request can name
    another file; and the file is only handed out while it holds the very bytes that were
    ingested (checked on the open file, so it cannot be swapped in between). Raises
    OriginalChangedError otherwise.
    """
    doc = document_info(store, doc_id)
    if doc is None:
        return None
    if is_member_path(doc.path):
        return _open_member(doc)
    try:
        # Non-blocking: opening a pipe put in the file's place must not hang the request.
        handle = os.fdopen(os.open(doc.path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except OSError:
        return None
    try:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            handle.close()
            return None
        if content_sha256(handle, doc.path, info) != doc.sha256:
            raise OriginalChangedError(
                f"The original file of document {doc_id} has changed since ingest:"
                " run `foia ingest` again to index the new version."
            )
        handle.seek(0)
        return handle
    except BaseException:
        handle.close()
        raise


def _changed(doc: DocumentInfo) -> OriginalChangedError:
    return OriginalChangedError(
        f"The original file of document {doc.doc_id} has changed since ingest:"
        " run `foia ingest` again to index the new version."
    )


@contextlib.contextmanager
def original_path(doc: DocumentInfo) -> Iterator[Path]:
    """A path holding the document's original bytes: its file, or for a member of an
    archive or e-mail a copy unpacked from it (checked against the SHA-256 ingested, removed
    afterwards). Raises FileNotFoundError when it is gone or unreadable, and
    OriginalChangedError when a member no longer holds the bytes ingested."""
    if not is_member_path(doc.path):
        yield Path(doc.path)
        return
    with tempfile.TemporaryDirectory(prefix="foia-member-") as work_dir:
        try:
            path, sha256 = unpack_member(doc.path, Path(work_dir))
        except ExtractionError as error:
            raise FileNotFoundError(str(error)) from None
        if sha256 != doc.sha256:
            raise _changed(doc)
        yield path


def _open_member(doc: DocumentInfo) -> BinaryIO | None:
    """A member's bytes as an open file (its unpacked copy, already unlinked), or None."""
    try:
        with original_path(doc) as path:
            return path.open("rb")
    except FileNotFoundError:
        return None
