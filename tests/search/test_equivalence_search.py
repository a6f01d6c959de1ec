"""Numbers, roman numerals and citations found however a record writes them (issue 11).

Invented records (other agencies, courts, years than the evaluation set) in a real index on
disk, searched through the real search: in phrases and as plain words, with what must NOT
match beside what must.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.search import parser as query_parser
from indexer.search.context import BuildContext
from indexer.search.index_query import AllOf, AnyOf, IndexQuery, Phrase
from indexer.search.rules import build
from indexer.search.service import SearchRequest, search
from indexer.search.variants import MAX_PHRASE_VARIANTS
from indexer.text.highlight import highlight_page
from tests.conftest import Home, write_docs

pytestmark = pytest.mark.both_engines

DOCS = {
    # numbers and units
    "bop-audit.txt": "The audit found that thirty-two percent of the Bureau of Prisons"
    " transfers lacked a medical summary.",
    "bop-digits.txt": "Transfers without a medical summary: 32% in the Atlanta region.",
    "uscg-rate.txt": "Coast Guard interdictions rose 7 per cent over the 3rd fiscal quarter.",
    "uscg-words.txt": "Interdictions rose seven percent in the third fiscal quarter.",
    "fema-grants.txt": "FEMA closed 23,750 grant files and 0.5% were reopened.",
    "fema-other.txt": "FEMA closed 23 files and 750 were pending; 5 were reopened.",
    "dol-notice.txt": "Employers must give sixty-day notice to the Wage and Hour Division.",
    "dol-fourteen.txt": "Fourteen inspectors reported to the twenty-first district office.",
    "one-word.txt": "One inspector stayed behind.",
    "irs-levy.txt": "Levy appeal summary\nThe ninth circuit remanded the levy appeal.",
    "uscg-brief.txt": "Briefing notes\nInterdiction counts for the quarter.",
    "digit-one.txt": "Inspector 1 stayed behind at site 2.",
    # roman numerals
    "fbi-phase.txt": "The Phase IV migration of the NGI system begins in March.",
    "fbi-phase-digits.txt": "Phase 4 migration schedules were circulated by CJIS.",
    "usda-tier.txt": "Tier 2 inspections of the Omaha plant were deferred.",
    "usda-title.txt": "Grants under Title XIX of the Act and Part I of the rule.",
    "pronoun.txt": "I asked whether part of the plan was final; I was told no.",
    # citations
    "dea-regs.txt": "Registrants must comply with 21 C.F.R. § 1301.74(b) at all times.",
    "dea-plain.txt": "See 21 CFR 1301.74(b) for the security requirements.",
    "ssa-code.txt": "Benefits are paid under 42 U.S.C. § 405(g) after review.",
    "ssa-title.txt": "Judicial review lies under title 42, section 405(g), of the Code.",
    "ca9-opinion.txt": "As held in 912 F.3d 1147, and in 77 F. Supp. 3d 902, the rule stands.",
    "sec-filing.txt": "The SEC filing for 2019 lists ten subsidiaries.",
    "sections.txt": "Appeals are governed by §§ 2401-2402 of the statute.",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    base = tmp_path_factory.mktemp("equivalence")
    home = Home(base / "home")
    folder = write_docs(base / "docs", DOCS)
    (folder / "manifest.csv").write_text("path,title\nuscg-brief.txt,Ninth District briefing\n")
    report = home.ingest(folder)
    assert report.added == len(DOCS) and not report.failed
    yield home
    home.close()


def found(home: Home, text: str) -> set[str]:
    result = search(home.engine, home.store, SearchRequest(text, limit=50))
    assert result.notice is None
    return {Path(doc.path).name for doc in result.documents}


def expanded(home: Home, text: str) -> dict[str, list[str]]:
    context = BuildContext(home.engine.lexicon())
    build(query_parser.parse(text).tree, context)
    return context.expanded


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a percentage in any spelling, as plain words and as a phrase
        ("32% transfers", {"bop-audit.txt", "bop-digits.txt"}),
        ('"32 percent"', {"bop-audit.txt", "bop-digits.txt"}),
        ('"thirty two per cent"', {"bop-audit.txt", "bop-digits.txt"}),
        ("thirty-two percent medical summary", {"bop-audit.txt", "bop-digits.txt"}),
        ('"seven percent"', {"uscg-rate.txt", "uscg-words.txt"}),
        ("7% interdictions", {"uscg-rate.txt", "uscg-words.txt"}),
        ('"rose 7 per cent"', {"uscg-rate.txt", "uscg-words.txt"}),
        # ordinals
        ('"3rd fiscal quarter"', {"uscg-rate.txt", "uscg-words.txt"}),
        ("third fiscal quarter", {"uscg-rate.txt", "uscg-words.txt"}),
        ('"21st district"', {"dol-fourteen.txt"}),
        ("9th circuit", {"irs-levy.txt"}),  # in the page, not in its title line
        ("9th district", {"uscg-brief.txt"}),  # in its title, not in the page
        # number words beside another word, and ten or more alone
        ('"14 inspectors"', {"dol-fourteen.txt"}),
        ("14", {"dol-fourteen.txt"}),
        ('"60-day notice"', {"dol-notice.txt"}),
        ("60-day notice employers", {"dol-notice.txt"}),
        # thousands and decimals are numbers, not pieces
        ("23750 grant files", {"fema-grants.txt"}),
        ('"23,750"', {"fema-grants.txt"}),
        ('"0.5 percent"', {"fema-grants.txt"}),
        # roman numerals after a word that takes a number
        ('"phase 4 migration"', {"fbi-phase.txt", "fbi-phase-digits.txt"}),
        ("Phase IV migration", {"fbi-phase.txt", "fbi-phase-digits.txt"}),
        ('"phase four"', {"fbi-phase.txt", "fbi-phase-digits.txt"}),
        ('"tier II inspections"', {"usda-tier.txt"}),
        ("title 19 grants", {"usda-title.txt"}),
        ('"part 1 of the rule"', {"usda-title.txt"}),
        # citations
        ("21 CFR 1301.74(b)", {"dea-regs.txt", "dea-plain.txt"}),
        ('"21 C.F.R. 1301.74(b)"', {"dea-regs.txt", "dea-plain.txt"}),
        ('"21 CFR section 1301.74(b)"', {"dea-regs.txt", "dea-plain.txt"}),
        ('"42 USC 405(g)"', {"ssa-code.txt", "ssa-title.txt"}),
        ("42 USC sec. 405(g)", {"ssa-code.txt", "ssa-title.txt"}),
        ('"sec. 405(g)"', {"ssa-code.txt", "ssa-title.txt"}),
        ('"§ 405(g)"', {"ssa-code.txt", "ssa-title.txt"}),
        ('"912 F. 3d 1147"', {"ca9-opinion.txt"}),
        ('"77 FSupp3d 902"', {"ca9-opinion.txt"}),
        ('"section 2401"', {"sections.txt"}),
        ('"sections 2401"', {"sections.txt"}),
    ],
)
def test_a_record_is_found_however_it_writes_the_number(
    index: Home, query: str, expected: set[str]
) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a small number word alone is a common word: no more pages than as typed
        ("one", {"one-word.txt"}),
        ("1", {"digit-one.txt"}),
        ("third", {"uscg-words.txt"}),
        # a pronoun, a letter, a part of something: words, not numbers
        ("I", {"pronoun.txt", "usda-title.txt"}),  # "Part I": a word as printed
        ('"part of the plan"', {"pronoun.txt"}),
        ("part", {"pronoun.txt", "usda-title.txt"}),
        # SEC the commission, "section" without a number
        ("SEC filing", {"sec-filing.txt"}),
        ("sec", {"sec-filing.txt"}),
        # a thousand is not two numbers, and two numbers are not a thousand
        ('"23750"', {"fema-grants.txt"}),
        ("23 files", {"fema-other.txt"}),
        ('"5 percent"', set()),
        # a citation to another title or section is another citation
        ('"42 USC 405(h)"', set()),
        ('"20 CFR 1301.74(b)"', set()),
        ('"912 F.2d 1147"', set()),
    ],
)
def test_what_must_not_match(index: Home, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


def test_what_was_also_matched_is_reported(index: Home) -> None:
    # "thirty two per cent" is searched too; it reads as "thirty two percent" but for a space
    assert expanded(index, '"32% transfers"') == {"32%": ["32 per cent", "thirty two percent"]}
    assert expanded(index, "Phase IV migration") == {"Phase IV": ["phase 4"]}
    assert expanded(index, "sec. 405(g)") == {"sec. 405(g)": ["section 405g"]}
    assert expanded(index, "one") == {}
    assert expanded(index, "I") == {}


def test_a_page_marks_the_other_spelling_it_was_found_by(index: Home) -> None:
    context = BuildContext(index.engine.lexicon())
    build(query_parser.parse('"thirty-two percent"').tree, context)
    marked = highlight_page(DOCS["bop-digits.txt"], context.highlight_terms())
    assert "<mark>32%</mark>" in marked
    context = BuildContext(index.engine.lexicon())
    build(query_parser.parse('"sec. 405(g)"').tree, context)
    marked = highlight_page(DOCS["ssa-code.txt"], context.highlight_terms())
    assert "<mark>§ 405(g)</mark>" in marked


def test_a_quoted_phrase_reports_a_span_of_several_words_as_typed(index: Home) -> None:
    assert expanded(index, '"Phase IV migration"') == {"Phase IV": ["phase 4"]}
    # "7 percent" and "seven per cent" are searched too; they read as the typed words and
    # "seven percent" but for spaces, so they are not listed again
    assert expanded(index, '"rose 7 per cent"') == {"7 per cent": ["seven percent"]}
    assert expanded(index, '"99 percent"') == {}  # no page holds 99 or ninety


def test_a_quoted_phrase_becomes_at_most_max_phrase_variants_phrases(index: Home) -> None:
    def phrases(query: IndexQuery | None) -> list[Phrase]:
        if isinstance(query, Phrase):
            return [query]
        if isinstance(query, (AllOf, AnyOf)):
            return [found for child in query.children for found in phrases(child)]
        return []

    # each percentage is written four ways the index holds: 4 ** 4 = 256 phrases
    context = BuildContext(index.engine.lexicon())
    query = build(query_parser.parse('"7% 32% 7% 32%"').tree, context)
    built = phrases(query)
    assert len(built) == MAX_PHRASE_VARIANTS
    assert built[0].words == ("7", "percent", "32", "percent", "7", "percent", "32", "percent")
