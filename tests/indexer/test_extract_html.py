"""HtmlExtractor: main content, title, date and source; hostile pages never leak or crash."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from indexer.extractors import extractor_for
from indexer.extractors.html import MAX_HTML_BYTES, HtmlExtractor
from indexer.extractors.html_title import clean_title
from tests.conftest import shared_sample

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
HTML_SAMPLES = SHARED / "corpus-samples" / "html"


def _write(path: Path, html: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(html.encode(encoding))
    return path


def test_press_release_keeps_the_statement_and_drops_the_chrome() -> None:
    doc = HtmlExtractor().extract(DATA / "press-release.html")
    text = doc.pages[0].text
    assert doc.format == "html"
    assert [page.page for page in doc.pages] == [1]
    assert doc.title == "Coalition Demands End to County 287(g) Agreement"
    assert "opt out of its 287(g) agreement with Immigration and Customs Enforcement." in text
    assert "made residents afraid to report crimes." in text
    assert re.findall(r"[A-Z_]+_LEAK\w*", text) == []
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Coalition Demands End to County 287(g) Agreement"
    assert paragraphs[-1].startswith("The coalition also released records")


def test_press_release_metadata() -> None:
    doc = HtmlExtractor().extract(DATA / "press-release.html")
    assert doc.metadata["date"] == "2011-05-10"
    assert doc.metadata["source"] == "Example Advocates"
    assert (
        doc.metadata["url"] == "https://advocates.example.org/press/2011/coalition-demands-end-287g"
    )
    assert doc.metadata["author"] == "Press Office"
    assert doc.doc_id == "" and doc.sha256 == ""


def test_hostile_page_leaks_no_script_and_keeps_its_text() -> None:
    doc = extractor_for(DATA / "hostile.html").extract(DATA / "hostile.html")
    text = doc.pages[0].text
    assert re.findall(r"[A-Z_]+_LEAK", text) == []
    assert "alert(" not in text and "javascript:" not in text
    assert "Second paragraph bold and italic text about the records release." in text
    assert "link text stays" in text
    assert "cell one cell two" in text
    assert "Third paragraph after broken markup." in text
    assert doc.title == "Hostile page"
    assert "date" not in doc.metadata  # the broken JSON-LD is ignored


def test_content_hidden_until_a_script_runs_is_still_read(tmp_path: Path) -> None:
    statement = "<p>The county voted to end its 287(g) agreement on Tuesday evening.</p>" * 3
    html = (
        '<html><body style="display:none"><div class="menu-hidden" hidden><a href="/">Home</a>'
        f'</div><div id="app" style="visibility: hidden">{statement}</div></body></html>'
    )
    text = HtmlExtractor().extract(_write(tmp_path / "spa.html", html)).pages[0].text
    assert text.count("The county voted to end its 287(g) agreement") == 3
    assert "Home" not in text


def test_deeply_nested_page_does_not_crash(tmp_path: Path) -> None:
    depth = 20000
    html = "<html><body>" + "<div>" * depth + "<p>Deep statement text here.</p>" + "</div>" * depth
    doc = HtmlExtractor().extract(_write(tmp_path / "deep.html", html + "</body></html>"))
    assert isinstance(doc.pages[0].text, str)


def test_huge_page_is_cut_and_marked(tmp_path: Path) -> None:
    paragraph = "<p>" + "Immigration detention records were released today. " * 20 + "</p>\n"
    html = "<html><body><article>" + paragraph * (MAX_HTML_BYTES // len(paragraph) + 500)
    path = _write(tmp_path / "huge.html", html + "</article></body></html>")
    started = time.monotonic()
    doc = HtmlExtractor().extract(path)
    assert doc.metadata["truncated"] is True
    assert doc.pages[0].text.startswith("Immigration detention records were released today.")
    assert time.monotonic() - started < 120


@pytest.mark.parametrize(
    ("charset", "word"),
    [("iso-8859-1", "Déclaration"), ("windows-1252", "“quoted” déjà"), ("shift_jis", "入国管理局")],
)
def test_declared_charset_is_respected(tmp_path: Path, charset: str, word: str) -> None:
    html = (
        f'<html><head><meta charset="{charset}"><title>{word}</title></head>'
        f"<body><p>{word}: the statement text of this page.</p></body></html>"
    )
    doc = HtmlExtractor().extract(_write(tmp_path / "page.html", html, charset))
    assert word in doc.pages[0].text
    assert doc.title == word


def test_undeclared_non_utf8_page_is_detected(tmp_path: Path) -> None:
    html = "<html><body><p>Le préfet a déclaré que la détention était légale.</p></body></html>"
    doc = HtmlExtractor().extract(_write(tmp_path / "page.html", html, "cp1252"))
    assert "Le préfet a déclaré que la détention était légale." in doc.pages[0].text


def test_densest_block_without_article_markup(tmp_path: Path) -> None:
    statement = "<br><br>".join(
        f"Paragraph {n} of the statement on the county opt-out vote." for n in range(6)
    )
    html = (
        "<html><body><div class='top'><a href='/'>Home</a> <a href='/a'>About us</a></div>"
        f"<table><tr><td class='left'><a href='/x'>Archive</a></td><td>{statement}</td></tr>"
        "</table><div>Copyright 2011 Coalition</div></body></html>"
    )
    text = HtmlExtractor().extract(_write(tmp_path / "old.html", html)).pages[0].text
    assert text.split("\n")[0] == "Paragraph 0 of the statement on the county opt-out vote."
    assert "Archive" not in text and "Copyright" not in text


@pytest.mark.parametrize(
    ("head", "body", "date"),
    [
        (
            '<meta property="article:published_time" content="2011-05-10T08:00:00Z">',
            "",
            "2011-05-10",
        ),
        ('<meta name="dc.date" content="2011-05">', "", "2011-05"),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
            ' "datePublished": "2012-03-04T10:00:00-05:00"}]}</script>',
            "",
            "2012-03-04",
        ),
        ("", "<p>WASHINGTON - May 10, 2011 - The coalition said today</p>", "2011-05-10"),
        ("", "<p>Released 10 May 2011 by the coalition</p>", "2011-05-10"),
        ("", "<p>Posted on 2011-05-10 by staff</p>", "2011-05-10"),
        ("", "<p>Posted on 10.05.2011 by staff</p>", None),  # day-first: never guessed
    ],
)
def test_date_sources(tmp_path: Path, head: str, body: str, date: str | None) -> None:
    text = "<p>" + "The coalition asked the county to end the agreement. " * 3 + "</p>"
    html = f"<html><head>{head}</head><body><article>{body}{text}</article></body></html>"
    doc = HtmlExtractor().extract(_write(tmp_path / "dated.html", html))
    assert doc.metadata.get("date") == date


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Statement on Secure Communities | ACLU", {"aclu"}, "Statement on Secure Communities"),
        ("ACLU | Statement on Secure Communities", {"aclu"}, "Statement on Secure Communities"),
        ("ACLU Sues ICE Over Detention | ACLU", {"aclu"}, "ACLU Sues ICE Over Detention"),
        ("Obama admits gun laws irk him - BBC News", {"bbc"}, "Obama admits gun laws irk him"),
        ("Bad Grades – Until Now | ACLU", {"aclu"}, "Bad Grades – Until Now"),
        ("Migration deal with Latin America :", set(), "Migration deal with Latin America"),
        ("  Plain   title  ", set(), "Plain title"),
    ],
)  # fmt: skip
def test_clean_title(title: str, sites: set[str], expected: str) -> None:
    assert clean_title(title, sites) == expected


def test_html_without_doctype_named_txt_is_still_html(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "statement.txt", "\ufeff  <!-- saved -->\n<html><body><p>Hi</p></body></html>"
    )
    assert isinstance(extractor_for(path).inner, HtmlExtractor)


SAMPLE_EXPECTATIONS = [
    (
        "readability_aclu.html",
        "Facebook Is Tracking Me Even Though I’m Not on Facebook",
        "2018-04-05",
        "American Civil Liberties Union",
        "we also need to protect those of us who manage to opt out.",
    ),
    (
        "trafilatura_aclu.org-grades.html",
        "This County Criminalized Students for Bad Grades – Until Now",
        "2019-07-25",
        "American Civil Liberties Union",
        "Riverside County, California probation department",
    ),
    (
        "press-release_20221014IPR43206.html",
        "Car-recharging stations should be available every 60 km, say MEPs",
        "2022-10-19",
        "europarl.europa.eu",
        "Parliament is now ready to start negotiations with member states.",
    ),
    (
        "readability_nytimes-1.html",
        "United States to Lift Sudan Sanctions",
        "2017-01-13",
        "nytimes.com",
        "the American government plans to",
    ),
    (
        "trafilatura_ticotimes.net-migration.html",
        "United States seeks agreement on migration with Latin America",
        "2022-04-21",
        "The Tico Times",
        "No country in the world is able to tackle migration on its own.",
    ),
    (
        "readability_yahoo-4.html",
        "トレンドマイクロ、公衆無線LANを安全に使うためのアプリ"
        "「フリーWi-Fiプロテクション」（CNET Japan）",
        None,
        "Yahoo!ニュース",
        "トレンドマイクロは3月9日",
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "date", "source", "sentence"), SAMPLE_EXPECTATIONS, ids=lambda v: str(v)[:30]
)
def test_shared_samples(
    name: str, title: str, date: str | None, source: str, sentence: str
) -> None:
    doc = HtmlExtractor().extract(shared_sample(f"html/{name}"))
    text = doc.pages[0].text
    assert doc.title == title
    assert doc.metadata.get("date") == date
    assert doc.metadata["source"] == source
    assert sentence in text
    assert "<script" not in text and "function(" not in text


@pytest.mark.parametrize(
    ("name", "chrome"),
    [
        ("readability_aclu.html", "8 Questions Members of Congress Should Ask Mark Zuckerberg"),
        ("readability_nytimes-1.html", "Obama Ends Exemption for Cubans Who Arrive Without Visas"),
        ("trafilatura_ticotimes.net-migration.html", "Wish List for Costa Rica’s New Government"),
        ("press-release_20221014IPR43206.html", "Check out Parliament on Facebook"),
        ("press-release_20221014IPR43206.html", "Share this page:"),
        ("press-release_20221014IPR43206.html", "Direct access to language menu"),
    ],
)
def test_shared_samples_drop_related_stories(name: str, chrome: str) -> None:
    assert chrome not in HtmlExtractor().extract(shared_sample(f"html/{name}")).pages[0].text


def test_every_shared_sample_extracts_mostly_its_visible_text() -> None:
    if not HTML_SAMPLES.is_dir():
        pytest.skip(f"{HTML_SAMPLES} is absent")
    for path in sorted(HTML_SAMPLES.glob("*.html")):
        doc = extractor_for(path).extract(path)
        assert len(doc.pages[0].text) > 1000, path.name
        assert doc.title and doc.metadata["url"].startswith("http"), path.name
