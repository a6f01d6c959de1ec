"""Blueprint "stats": the corpus at a glance (documents and pages by type, source, year,
exemption; OCR share)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from indexer import (
    corpus_stats,
)
from webui.resources import get_engine, get_store

bp = Blueprint("stats", __name__)

# (key in corpus_stats, heading, the search filter a row links to, what is counted)
BREAKDOWNS = (
    ("by_type", "Type", "type", "documents"),
    ("by_source", "Source", "source", "documents"),
    ("by_year", "Year", "year", "documents"),
    ("by_exemption", "Exemption", "exemption", "pages citing it"),
    ("by_format", "Format", "format", "documents"),
)


@bp.get("/stats")
def stats() -> Any:
    data = corpus_stats(get_store(), get_engine())
    by_year = data.get("by_year", {})
    data["by_year"] = dict(
        sorted(
            by_year.items(),
            key=lambda item: (not item[0].isdigit(), -int(item[0]) if item[0].isdigit() else 0),
        )
    )
    return render_template("stats/stats.html", stats=data, breakdowns=BREAKDOWNS)
