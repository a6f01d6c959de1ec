"""Template filters and names: sizes, facet labels, and links that are safe to follow."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from webui.display import register_display_filters
from webui.search_params import SORT_LABELS

FACET_TITLES = {
    "type": "Type",
    "year": "Year",
    "source": "Source",
    "release": "Release",
    "production": "Production",
    "exemption": "Exemption",
    "tag": "Tag",
    "entity": "Names",
    "format": "Format",
    "ocr": "Text from",
    "case": "Case",
}
# Facets shown beside the results, in this order (format is already told by type).
SHOWN_FACETS = (
    "type", "year", "source", "release", "case", "exemption", "tag", "entity", "ocr",
    "production",
)  # fmt: skip
FACET_VALUE_LABELS = {
    "ocr": {
        "none": "text layer",
        "ocr": "OCR",
        "low": "OCR, low confidence",
        "needed": "not read yet (needs OCR)",
    },
}
SAFE_URL_SCHEMES = frozenset({"http", "https"})


def file_size(size: int | None) -> str:
    """1234567 -> "1.2 MB"."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) link, else None: a `javascript:` or `data:` URL that
    came with a document is never made a link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_URL_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def facet_value_label(name: str, value: str) -> str:
    return FACET_VALUE_LABELS.get(name, {}).get(value, value)


def percent(part: int | float, whole: int | float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def register_filters(app: Flask) -> None:
    app.add_template_filter(file_size, "file_size")
    app.add_template_filter(safe_url, "safe_url")
    app.add_template_filter(lambda n: f"{int(n):,}", "thousands")
    globals_: dict[str, Any] = {
        "FACET_TITLES": FACET_TITLES,
        "SORT_LABELS": SORT_LABELS,
        "facet_value_label": facet_value_label,
        "percent": percent,
    }
    app.jinja_env.globals.update(globals_)
    register_display_filters(app)
