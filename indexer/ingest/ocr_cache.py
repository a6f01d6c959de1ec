"""Readings of scanned pages kept on disk by the hash of the page image, so that a page image
read once (in a re-release, or the same page in two files) is never read by OCR again."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from indexer.extractors.ocr import OcrResult
from indexer.model.document import Word
from indexer.store.files import write_atomically

OCR_CACHE_DIR = ("cache", "ocr")


def ocr_cache_dir(home: Path) -> Path:
    """Where a home keeps its OCR readings."""
    return home.joinpath(*OCR_CACHE_DIR)


class OcrFileCache:
    """One JSON file a reading, `folder/ab/abcdef….json`, written atomically, so that worker
    processes share it safely; a damaged file is read as missing (and written again)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> OcrResult | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return OcrResult(
                text=str(data["text"]),
                confidence=float(data["confidence"]),
                words=tuple(Word(*values) for values in data["words"]),
                seconds=0.0,
                rotation=int(data["rotation"]),
                dpi=float(data["dpi"]),
                skew=float(data["skew"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: OcrResult) -> None:
        encoded = {
            "text": result.text,
            "confidence": result.confidence,
            "words": [[w.text, w.x0, w.top, w.x1, w.bottom, w.confidence] for w in result.words],
            "rotation": result.rotation,
            "dpi": result.dpi,
            "skew": result.skew,
        }
        # A full or read-only disk costs a later re-read, never the reading.
        with contextlib.suppress(OSError):
            write_atomically(self._path(key), json.dumps(encoded).encode("utf-8"))
