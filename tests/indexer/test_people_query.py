"""from:, to:, cc: and bcc: become the index query of a person's normal form (search/rules.py
with enrich/people.py): a phrase of the name's words in first-last order, or the address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from indexer.search.context import BuildContext
from indexer.search.engine import Engine
from indexer.search.index_query import AllOf, IndexQuery, Phrase, Term
from indexer.search.parser import parse
from indexer.search.rules import build
from tests.conftest import Home, write_docs


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    docs = write_docs(tmp_path_factory.mktemp("docs"), {"mail.txt": "From: Berg, Ana\nTo: Lund"})
    home = Home(tmp_path_factory.mktemp("home"))
    home.ingest(docs)
    yield home.engine
    home.close()


def built(engine: Engine, text: str) -> tuple[IndexQuery | None, BuildContext]:
    context = BuildContext(engine.lexicon())
    return build(parse(text).tree, context), context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('to:"Lindqvist, Peter J."', Phrase("to", ("peter", "j", "lindqvist"), slop=1)),
        ('from:"Peter Lindqvist"', Phrase("from", ("peter", "lindqvist"), slop=1)),
        ('cc:"P. Lindqvist"', Phrase("cc", ("p", "lindqvist"), slop=1)),
        ('bcc:"Lindqvist, Peter"~2', Phrase("bcc", ("peter", "lindqvist"), slop=3)),
        ("from:Lindqvist", Term("from", "lindqvist")),
        ("to:Lindqvist,", Term("to", "lindqvist")),
        (
            "from:Peter.Lindqvist@ICE.dhs.gov",
            Phrase("from", ("peter", "lindqvist", "ice", "dhs", "gov"), slop=1),
        ),
        ('from:"(b)(6)"', Term("from", "b6")),
        ('from:"Ana-Maria Ruiz-Lopez"', Phrase("from", ("ana", "maria", "ruiz", "lopez"), slop=1)),
        # other text fields keep their rules
        ('path:"Lindqvist, Peter"', Phrase("path", ("lindqvist", "peter"), slop=1)),
        ("path:lindqvist.txt", AllOf((Term("path", "lindqvist"), Term("path", "txt")))),
    ],
)
def test_people_field_queries(engine: Engine, text: str, expected: IndexQuery) -> None:
    query, _ = built(engine, text)
    assert query == expected


def test_the_typed_words_are_highlighted(engine: Engine) -> None:
    _, context = built(engine, 'to:"Lindqvist, Peter J."')
    assert context.exact == {"peter", "j", "lindqvist"}


def test_bcc_is_a_field() -> None:
    tree = parse("bcc:Holloway").tree
    assert getattr(tree, "field", None) == "bcc"
