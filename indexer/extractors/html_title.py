"""The title of a press page: og:title, its headline or <title>, without the site's name."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4.element import Tag

MAX_TITLE_CHARS = 200
_TITLE_SEPARATORS = re.compile(r"\s+[-–—:]\s+")


def host_of(url: str | None) -> str | None:
    """The host of `url` without its "www."."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def site_names(meta: dict[str, str], url: str | None) -> set[str]:
    """The names a page's site goes by (og:site_name, application-name, its host), folded."""
    names = {meta.get("og:site_name", ""), meta.get("application-name", "")}
    host = host_of(url)
    if host:
        names.add(host.split(".")[-2] if host.count(".") >= 1 else host)
    return {re.sub(r"\W", "", name).lower() for name in names if name}


def clean_title(title: str, site_names: set[str]) -> str:
    """A page title without its site suffix: "Statement | ACLU" -> "Statement"."""
    title = " ".join(title.split())

    def is_site(part: str) -> bool:  # "BBC News" for bbc, not "ACLU Sues ICE" for aclu
        key = re.sub(r"\W", "", part).lower()
        names = [name for name in site_names if len(name) >= 3]
        return len(part.split()) <= 3 and any(key.startswith(name) for name in names)

    parts = [part for part in re.split(r"\s+\|\s+", title) if not is_site(part)]
    title = parts[0] if parts else title
    pieces = _TITLE_SEPARATORS.split(title)
    if len(pieces) > 1 and is_site(pieces[-1]):
        title = title[: title.rfind(pieces[-1])]
    return title.strip(" |:-–—")[:MAX_TITLE_CHARS].rstrip()


def find_title(main: Tag, meta: dict[str, str], site_names: set[str]) -> str | None:
    """og:title, the main text's <h1>, <title>, the page's first <h1>: the first there is."""
    headline = main.find("h1")
    candidates = [
        meta.get("og:title"),
        headline.get_text(" ") if isinstance(headline, Tag) else None,
        meta.get("_title"),
        meta.get("_h1"),
    ]
    for candidate in candidates:
        title = clean_title(candidate, site_names) if candidate else ""
        if title:
            return title
    return None
