"""Main text of press and news pages: our HTML extractor against trafilatura.

    python bench/bench_html_main_text.py [--out FILE]

For each real page under ../shared/corpus-samples/html, ARTICLES below says where the article a
reader sees begins and ends in the page's visible text (the first line holding `first` to the
next line holding `last`; judged by hand, reading each page). Every word of the visible text
outside the article and its headline is chrome: navigation, cookie notices, related links,
comments, footers. For each extractor it counts the article's words that its text keeps
(recall) and the chrome words it leaks. Words are runs of letters and digits, case-folded; a
Chinese or Japanese character counts as a word. Skips (exit 0, a note) when the samples are
absent.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))

from indexer.extractors.html import HtmlExtractor  # noqa: E402

SAMPLES = REPO_DIR.parent / "shared" / "corpus-samples" / "html"
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_]+")


@dataclass(frozen=True)
class Article:
    """Where the article of one page lies: its headline, its first and last lines."""

    headline: str
    first: str
    last: str


ARTICLES = {
    "document_rc-10-2025-0249-en.html": Article(
        "JOINT MOTION FOR A RESOLUTION on the return of Ukrainian children",
        "European Parliament resolution on the return of Ukrainian children",
        "Instructs its President to forward this resolution",
    ),
    "press-release_20221014IPR43206.html": Article(
        "Car-recharging stations should be available every 60 km, say MEPs",
        "Faster roll-out of recharging stations needed on main EU roads",
        "The negotiating mandate on the deployment of alternative fuels",
    ),
    "press-release_20241212IPR25960.html": Article(
        "Parliament paves way for the use of EU funds to finance natural disaster recovery",
        "Regional development funds can be used more flexibly",
        "The two proposals responded to floods and wildfires",
    ),
    "readability_aclu.html": Article(
        "Facebook Is Tracking Me Even Though I’m Not on Facebook",
        "I don't use Facebook. I'm not technophobic",
        "we can't afford to lose sight of these larger",
    ),
    "readability_bbc-1.html": Article(
        "Obama admits US gun laws are his 'biggest frustration'",
        "President Barack Obama has admitted that his failure",
        "Mr Obama will become the first US president to address the African Union",
    ),
    "readability_nytimes-1.html": Article(
        "United States to Lift Sudan Sanctions",
        "LONDON — After nearly 20 years of hostile relations",
        "Mr. Reeves said he thought that the American government was being manipulated",
    ),
    "readability_yahoo-4.html": Article(
        "トレンドマイクロ、公衆無線LANを安全に使う",
        "トレンドマイクロは3月9日",
        "また、フリーWi-Fiプロテクション",
    ),
    "trafilatura_aclu.org-grades.html": Article(
        "This County Criminalized Students for Bad Grades",
        "Since 2001, the Riverside County",
        "The lawsuit we filed a year ago aimed to end",
    ),
    "trafilatura_bundespolizei.de-Belarus.html": Article(
        "Illegale Migration aus Belarus über Polen nach Deutschland",
        "Bis einschließlich 9. November 2021 registrierte",
        "Zurückweisungen an Schengen-Binnengrenzen",
    ),
    "trafilatura_ticotimes.net-migration.html": Article(
        "United States seeks agreement on migration with Latin America",
        "The United States is seeking to reach a firm agreement",
        "All countries involved must work together",
    ),
}


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.replace("\u00ad", "").casefold()))


def visible_lines(html: bytes) -> list[str]:
    """The page's visible text, a line per text node (scripts, styles, templates dropped)."""
    soup = BeautifulSoup(html, "lxml")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    root = soup.body or soup
    lines = (re.sub(r"\s+", " ", line).strip() for line in root.get_text("\n").split("\n"))
    return [line for line in lines if line]


def article_words(lines: list[str], article: Article) -> Counter[str]:
    start = next(index for index, line in enumerate(lines) if article.first in line)
    end = next(index for index in range(start, len(lines)) if article.last in lines[index])
    return words("\n".join(lines[start : end + 1]))


def ours(path: Path) -> str:
    doc = HtmlExtractor().extract(path)
    return "\n".join(page.text for page in doc.pages)


def theirs(path: Path) -> str:
    """trafilatura's main text (a benchmark-only package: `pip install trafilatura`)."""
    import trafilatura  # noqa: PLC0415 - only this comparison needs it

    return trafilatura.extract(path.read_bytes(), include_comments=False) or ""


EXTRACTORS = {"ours (beautifulsoup4, text density)": ours, "trafilatura": theirs}


def measure(path: Path, article: Article) -> dict[str, tuple[int, int, int]]:
    """Per extractor: (article words kept, article words, chrome words leaked)."""
    lines = visible_lines(path.read_bytes())
    wanted = article_words(lines, article)
    chrome = words("\n".join(lines)) - wanted - words(article.headline)
    figures = {}
    for name, extract in EXTRACTORS.items():
        found = words(extract(path)) - words(article.headline)
        kept = sum((found & wanted).values())
        leaked = sum(((found - wanted) & chrome).values())
        figures[name] = (kept, sum(wanted.values()), leaked)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if not SAMPLES.is_dir():
        print(f"skipped: {SAMPLES} is absent")
        return 0
    names = list(EXTRACTORS)
    rows = [
        "| page | article words | " + " | ".join(f"{n}: kept / leaked" for n in names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]
    totals = {name: [0, 0, 0] for name in names}
    for file_name, article in ARTICLES.items():
        figures = measure(SAMPLES / file_name, article)
        cells = []
        for name in names:
            kept, total, leaked = figures[name]
            totals[name] = [a + b for a, b in zip(totals[name], figures[name], strict=True)]
            cells.append(f"{kept / total:.3f} / {leaked}")
        rows.append(f"| {file_name} | {figures[names[0]][1]} | " + " | ".join(cells) + " |")
    cells = [f"{kept / total:.3f} / {leaked}" for kept, total, leaked in totals.values()]
    rows.append(
        f"| **all {len(ARTICLES)} pages** | {totals[names[0]][1]} | " + " | ".join(cells) + " |"
    )
    text = "\n".join(rows) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
