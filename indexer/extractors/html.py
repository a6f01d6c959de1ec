"""beautifulsoup4: main content, title, date; drops script, nav, footer."""

from __future__ import annotations

import json
import re
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from indexer.extractors import ExtractionError
from indexer.extractors.html_nesting import MAX_DEPTH, limit_nesting
from indexer.extractors.html_title import find_title, host_of, site_names
from indexer.model.document import Document, Page
from indexer.text.values import normalize_date

# Bigger pages are cut here (and marked "truncated"): a press statement is never this big.
MAX_HTML_BYTES = 16 * 1024 * 1024
# Where a dated line may stand in the main text to count as the statement's date.
DATE_LINE_WINDOW = 1500
# A main-content candidate (<article>, <main>...) must hold this share of the page's text;
# smaller ones are teasers for other stories.
MIN_MAIN_SHARE = 0.25
MIN_PARAGRAPH_CHARS = 25
# A block inside the main text whose text is at least this share links is a link list.
MAX_LINK_SHARE = 0.6
LINK_LIST_TAGS = ("div", "section", "ul", "ol", "table", "article", "p")

DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "audio", "video", "button", "select", "input", "textarea", "link", "meta",
    "head",
)  # fmt: skip
BOILERPLATE_TAGS = ("nav", "footer", "aside", "form", "dialog")
BOILERPLATE_WORDS = (
    "cookie", "consent", "gdpr", "banner", "newsletter", "share", "social", "related",
    "breadcrumb", "menu", "sidebar", "comment",
)  # fmt: skip
BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
)
HIDDEN_CLASSES = frozenset(
    {"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text", "invisible"}
)
MAIN_SELECTORS = "article, main, [role=main], [itemprop=articleBody]"
# Elements that start and end a paragraph, and those that only end a line.
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "center", "dd", "details", "dl", "div",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "main", "ol", "p", "pre", "section", "summary", "table", "ul",
})  # fmt: skip
LINE_TAGS = frozenset({"li", "tr", "dt", "caption"})
CELL_TAGS = frozenset({"td", "th"})
# For the densest block: what holds text, and which of those are single paragraphs.
CONTAINER_TAGS = BLOCK_TAGS | CELL_TAGS | LINE_TAGS
PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd"}
)
DATE_META_KEYS = (
    "article:published_time", "og:published_time", "article:published", "datepublished",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date", "pubdate",
    "publishdate", "publish-date", "publication_date", "citation_publication_date",
    "parsely-pub-date", "sailthru.date", "pdate",
)  # fmt: skip

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_IN_TEXT = re.compile(
    rf"\b(?:{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH_NAME},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)


def parse_html(data: bytes) -> BeautifulSoup:
    """The page parsed with lxml; bs4 reads <meta charset> and detects the rest."""
    with warnings.catch_warnings():
        # bs4 warns about XML-looking or oddly encoded pages: not our business here.
        warnings.simplefilter("ignore")
        return BeautifulSoup(data, "lxml")


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """<meta> contents by lowercased property/name/itemprop; the first occurrence wins."""
    values: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            values.setdefault(key.strip().lower(), " ".join(content.split()))
    return values


def _json_ld_values(soup: BeautifulSoup, key: str) -> list[str]:
    """Every string value of `key` in the page's JSON-LD blocks, in document order."""
    found: list[str] = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            pending: list[Any] = [json.loads(script.get_text())]
        except (ValueError, RecursionError):
            continue  # hostile or broken JSON-LD is ignored, never fatal
        while pending:
            node = pending.pop(0)
            if isinstance(node, dict):
                if isinstance(node.get(key), str):
                    found.append(node[key])
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)
    return found


def _link(soup: BeautifulSoup, meta: dict[str, str]) -> str | None:
    """The canonical URL (else og:url); only http(s) URLs count."""
    canonical = soup.find("link", rel="canonical")
    candidates = [canonical.get("href") if isinstance(canonical, Tag) else None]
    candidates.append(meta.get("og:url"))
    for candidate in candidates:
        if isinstance(candidate, str) and urlsplit(candidate.strip()).scheme in ("http", "https"):
            return candidate.strip()
    return None


def _is_hidden(element: Tag) -> bool:
    if element.has_attr("hidden") or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    return not HIDDEN_CLASSES.isdisjoint(element.get("class") or ())


def _is_boilerplate(element: Tag) -> bool:
    if element.name in BOILERPLATE_TAGS or str(element.get("role")) in BOILERPLATE_ROLES:
        return True
    if element.name == "header":
        # A site header goes; an article's own header (headline, date) stays.
        return element.find_parent(["article", "main"]) is None
    names = [*(element.get("class") or ()), str(element.get("id") or "")]
    lowered = " ".join(names).lower()
    return any(word in lowered for word in BOILERPLATE_WORDS)


def _text_length(element: Tag) -> int:
    return sum(len(text.strip()) for text in element.find_all(string=True))


def _remove_junk(soup: BeautifulSoup) -> None:
    """Drop scripts and the like, hidden elements, and site chrome (not its content)."""
    for element in soup.find_all(DROP_TAGS):
        element.decompose()
    total = _text_length(soup)
    for element in soup.find_all(_is_hidden):
        # Pages that hide their body until a script runs still have it read.
        if not element.decomposed and not _is_content_wrapper(element, total):
            element.decompose()
    candidates = [tag for _, tag in _main_candidates(soup)]
    keep = {id(tag) for tag in candidates} | {id(up) for tag in candidates for up in tag.parents}
    total = _text_length(soup)
    for element in soup.find_all(_is_boilerplate):
        if element.decomposed or id(element) in keep:
            continue
        if element.name not in BOILERPLATE_TAGS and _is_content_wrapper(element, total):
            continue  # <div class="page-with-sidebar"> around the whole statement
        element.decompose()


def _is_content_wrapper(element: Tag, total: int) -> bool:
    """Whether an element holds most of the page's text, and few links (or is <body>)."""
    if element.name in ("html", "body"):
        return True
    size = _text_length(element)
    links = sum(_text_length(link) for link in element.find_all("a"))
    return size >= 0.5 * total and links < 0.3 * size


def _densest_block(root: Tag) -> Tag:
    """The element whose own paragraphs hold the most text (links do not count)."""
    scores: dict[int, float] = defaultdict(float)
    tags: dict[int, Tag] = {}
    for string in root.find_all(string=True):
        text = string.strip()
        parent = string.parent
        if len(text) < MIN_PARAGRAPH_CHARS or parent is None or string.find_parent("a"):
            continue
        block = parent if parent.name in CONTAINER_TAGS else parent.find_parent(CONTAINER_TAGS)
        if block is None:
            continue
        # A paragraph credits its container fully and the container's parent by half.
        if block.name in PARAGRAPH_TAGS:
            block = block.find_parent(CONTAINER_TAGS) or block
        for weight, tag in ((1.0, block), (0.5, block.find_parent(CONTAINER_TAGS))):
            if tag is not None:
                scores[id(tag)] += weight * len(text)
                tags[id(tag)] = tag
    if not scores:
        return root
    return tags[max(scores, key=scores.__getitem__)]


def _main_candidates(soup: BeautifulSoup) -> list[tuple[int, Tag]]:
    """<article>, <main>... holding a fair share of the page's text (not teasers), by size."""
    total = _text_length(soup.body or soup)
    sized = [(_text_length(tag), tag) for tag in soup.select(MAIN_SELECTORS)]
    return [(size, tag) for size, tag in sized if size > 0 and size >= MIN_MAIN_SHARE * total]


def _drop_link_lists(main: Tag) -> None:
    """Drop blocks inside the main text that are mostly links: related stories, tag clouds."""
    for element in main.find_all(LINK_LIST_TAGS):
        if element.decomposed:
            continue
        size = _text_length(element)
        links = sum(_text_length(link) for link in element.find_all("a"))
        if size >= MIN_PARAGRAPH_CHARS and links >= MAX_LINK_SHARE * size:
            element.decompose()


def main_content(soup: BeautifulSoup) -> Tag:
    """The statement's own text: <article>/<main>/role=main/articleBody, else the densest block.

    Call after the junk is removed; link lists inside it are dropped.
    """
    candidates = _main_candidates(soup)
    if candidates:
        main = max(candidates, key=lambda pair: pair[0])[1]
    else:
        main = _densest_block(soup.body or soup)
    _drop_link_lists(main)
    return main


def render_text(root: Tag) -> str:
    """The element's visible text: paragraphs separated by blank lines, spaces collapsed."""
    paragraphs: list[str] = []
    lines: list[str] = []
    line: list[str] = []

    def end_line() -> None:
        text = " ".join("".join(line).split())
        if text:
            lines.append(text)
        line.clear()

    def end_paragraph() -> None:
        end_line()
        if lines:
            paragraphs.append("\n".join(lines))
        lines.clear()

    # An explicit stack, not recursion: hostile pages nest thousands of elements deep.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                line.append(str(node))
        elif leaving and node.name in BLOCK_TAGS:
            end_paragraph()
        elif leaving or node.name == "br":
            end_line()
        elif node.name == "pre":
            end_paragraph()
            paragraphs.append(node.get_text().strip("\n"))
        else:
            if node.name in BLOCK_TAGS:
                end_paragraph()
            elif node.name in CELL_TAGS:
                line.append(" ")
            if node.name in BLOCK_TAGS or node.name in LINE_TAGS:
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
    end_paragraph()
    return "\n\n".join(paragraphs)


def _find_date(soup: BeautifulSoup, main: Tag, meta: dict[str, str], text: str) -> str | None:
    """Meta tags, JSON-LD, <time> in the main text, a dated line near its top, any <time>."""
    candidates: list[Any] = [meta.get(key) for key in (*DATE_META_KEYS, "_ld_date")]
    candidates.extend(time.get("datetime") for time in main.find_all("time"))
    candidates.extend(match.group() for match in _DATE_IN_TEXT.finditer(text[:DATE_LINE_WINDOW]))
    candidates.extend(time.get("datetime") for time in soup.find_all("time"))
    for candidate in candidates:
        date = normalize_date(candidate) if isinstance(candidate, str) else None
        if date:
            return date
    return None


def _page_metadata(soup: BeautifulSoup) -> tuple[dict[str, str], dict[str, Any]]:
    """Read before the junk goes (JSON-LD lives in <script>): meta values, and metadata."""
    meta = _meta_values(soup)
    # Kept aside: <title> and a site-header <h1> are gone once the junk is removed; JSON-LD too.
    for key, element in (("_title", soup.title), ("_h1", soup.find("h1"))):
        if isinstance(element, Tag):
            meta[key] = element.get_text(" ")
    url = _link(soup, meta)
    metadata: dict[str, Any] = {}
    # "The Tico Times | Costa Rica News | Travel": the name is the first part.
    source = meta.get("og:site_name", "").split(" | ")[0].strip() or host_of(url)
    if source:
        metadata["source"] = source
    if url:
        metadata["url"] = url
    ld_dates = [
        date for date in map(normalize_date, _json_ld_values(soup, "datePublished")) if date
    ]
    if ld_dates:
        meta["_ld_date"] = ld_dates[0]
    if meta.get("author"):
        metadata["author"] = meta["author"]
    language = soup.html.get("lang") if soup.html else None
    if isinstance(language, str) and language.strip():
        metadata["language"] = language.strip()
    return meta, metadata


class HtmlExtractor:
    """One Page holding a web page's main text; title, date and source from its markup."""

    def extract(self, path: Path) -> Document:
        """The page's main content as page 1; raises ExtractionError if unreadable."""
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_HTML_BYTES + 1)
        except OSError as error:
            raise ExtractionError(f"cannot read file: {error.strerror or error}", path) from None
        is_truncated = len(data) > MAX_HTML_BYTES
        data, depth = limit_nesting(data[:MAX_HTML_BYTES])
        soup = parse_html(data)
        meta, metadata = _page_metadata(soup)
        _remove_junk(soup)
        main = main_content(soup)
        text = render_text(main)
        sites = site_names(meta, metadata.get("url"))
        title = find_title(main, meta, sites) or path.stem
        date = _find_date(soup, main, meta, text)
        if date:
            metadata["date"] = date
        if is_truncated:
            metadata["truncated"] = True
        if depth > MAX_DEPTH:
            metadata["extraction_warning"] = f"HTML nested {depth} deep, flattened to {MAX_DEPTH}"
        return Document(
            doc_id="",
            sha256="",
            path=str(path),
            format="html",
            title=title,
            pages=(Page(page=1, text=text),),
            metadata=metadata,
        )
