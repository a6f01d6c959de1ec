"""The query parser on its own: the exact tree of each well-formed query (with no notice),
the limits (64 terms, 1,000 characters), the default fuzzy distance, and the reason given for
each kind of malformed query."""

from __future__ import annotations

import pytest

from indexer.search.parser import (
    MAX_NODES,
    MAX_QUERY_CHARS,
    And,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Range,
    Word,
    parse,
    plain_words,
)

W = Word


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("detainer", W("detainer")),
        ("opt out", And((W("opt"), W("out")))),
        ("opt AND out", And((W("opt"), W("out")))),
        ("opt && out", And((W("opt"), W("out")))),
        ("opt OR out", Or((W("opt"), W("out")))),
        ("opt || out", Or((W("opt"), W("out")))),
        ("a b OR c", Or((And((W("a"), W("b"))), W("c")))),
        ("a OR b c", Or((W("a"), And((W("b"), W("c")))))),
        ("(opted OR opting) AND program", And((Or((W("opted"), W("opting"))), W("program")))),
        ("a (b OR c) d", And((W("a"), Or((W("b"), W("c"))), W("d")))),
        ("(a)", W("a")),
        ("((a b))", And((W("a"), W("b")))),
        ("a (b c)", And((W("a"), And((W("b"), W("c")))))),
        ("NOT a", Not(W("a"))),
        ("NOT NOT a", Not(Not(W("a")))),
        ("NOT (a OR b)", Not(Or((W("a"), W("b"))))),
        ("counties NOT program", And((W("counties"), Not(W("program"))))),
        ("counties -program", And((W("counties"), Not(W("program"))))),
        ("a-b", W("a-b")),
        ('"opt out"', Phrase("opt out")),
        ('" opt out "', Phrase("opt out")),
        ('"counties out"~2', Phrase("counties out", slop=2)),
        ('"counties out"~10', Phrase("counties out", slop=10)),
        ("\u201copt out\u201d", Phrase("opt out")),
        ("interop*", W("interop*", kind="wildcard")),
        ("in?erop", W("in?erop", kind="wildcard")),
        ("redactons~", W("redactons", kind="fuzzy", distance=1)),
        ("redactons~1", W("redactons", kind="fuzzy", distance=1)),
        ("redactons~2", W("redactons", kind="fuzzy", distance=2)),
        ("abc~", W("abc", kind="fuzzy")),  # three letters: the fewest a fuzzy word takes
        ("ab*", W("ab*", kind="wildcard")),  # two letters: the fewest before a wildcard
        ("ab?d*", W("ab?d*", kind="wildcard")),
        ("-redactons~2", Not(W("redactons", kind="fuzzy", distance=2))),
        ("title:governor", W("governor", "title")),
        ("TITLE:Governor", W("Governor", "title")),
        ('title:"deployment schedule"', Phrase("deployment schedule", "title")),
        ('title:"a b"~3', Phrase("a b", "title", 3)),
        ("title:sched*", W("sched*", "title", "wildcard")),
        ("title:schedul~2", W("schedul", "title", "fuzzy", 2)),
        ("title:(a OR b)", Or((W("a", "title"), W("b", "title")))),
        ("title:(a b)", And((W("a", "title"), W("b", "title")))),
        ("title:(a NOT b)", And((W("a", "title"), Not(W("b", "title"))))),
        ("title:(a -b)", And((W("a", "title"), Not(W("b", "title"))))),
        ("date:[2010 TO 2011]", Range("date", "2010", "2011")),
        ("date:[2010-01 TO *]", Range("date", "2010-01", None)),
        ("date:[* TO 2010]", Range("date", None, "2010")),
        ("date:[ TO 2010]", Range("date", None, "2010")),
        ("date:[2010 TO ]", Range("date", "2010", None)),
        ("date:[2010 TO 2011 TO 2012]", Range("date", "2010", "2011 TO 2012")),  # first TO
        ("page:[ 2  TO 5 ]", Range("page", "2", "5")),
        ("(b)(6)", W("(b)(6)")),
        ("(b)(7)(C)", W("(b)(7)(C)")),
        ("(b) (7) (C)", W("(b) (7) (C)")),
        ("287(g)", W("287(g)")),
        ("287 (g)", W("287 (g)")),
        # a Bates stamp with a docket in parentheses is one word, its "-000088" no NOT
        ("FBI(21-cv-1143)-000088", W("FBI(21-cv-1143)-000088")),
        ("FBI (21-cv-1143)-000088 x", And((W("FBI (21-cv-1143)-000088"), W("x")))),
        ("bates:FBI(21-cv-1143)", W("FBI(21-cv-1143)", "bates")),
        ("FBI (21-cv-1143) -000088", And((W("FBI"), W("21-cv-1143"), Not(W("000088"))))),
        ("ICE (2019) report", And((W("ICE"), W("2019"), W("report")))),
        ("agency(ies)", And((W("agency"), W("ies")))),
        ("A(21)-1", And((W("A"), W("21"), Not(W("1"))))),
        ("8 U.S.C. 1357(g)(1)", And((W("8"), W("U.S.C."), W("1357(g)(1)")))),
        ("exemption:(b)(6) ICE", And((W("(b)(6)", "exemption"), W("ICE")))),
        ("  spaced\tout\n", And((W("spaced"), W("out")))),
    ],
)
def test_a_well_formed_query_gives_its_tree_and_no_notice(text: str, tree: object) -> None:
    parsed = parse(text)
    assert parsed.notice is None
    assert parsed.tree == tree
    assert parsed.words == plain_words(text.replace("\u201c", '"').replace("\u201d", '"'))


def test_nothing_typed_is_no_query() -> None:
    assert parse("") == ParsedQuery(None, None, ())
    assert parse("   \n") == ParsedQuery(None, None, ())


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ('"opting out', "a quotation mark is not closed", ("opting", "out")),
        ("(a OR b", "a parenthesis is not closed", ("a", "b")),
        ("a)", "unexpected ')'", ("a",)),
        (")", "')' needs a word on each side", ()),
        ("AND a", "'AND' needs a word on each side", ("a",)),
        ("a OR", "the query ends where a word was expected", ("a",)),
        ("NOT", "the query ends where a word was expected", ()),
        ("foo:bar", "unknown field 'foo'", ("foo", "bar")),
        ("title:(body:a)", "a field inside a field", ("title", "body", "a")),
        ("title:", "title: needs a value", ("title",)),
        (
            "[2010 TO 2011]",
            "a range needs a field, as in date:[2010 TO 2011]",
            ("2010", "TO", "2011"),
        ),
        ("ab~", "a fuzzy word needs at least 3 letters", ("ab",)),
        ("a*", "a wildcard needs at least 2 letters before * or ?", ("a",)),
        ("*", "a wildcard needs at least 2 letters before * or ?", ()),
        ("a*bc", "a wildcard needs at least 2 letters before * or ?", ("a", "bc")),
        ("a?", "a wildcard needs at least 2 letters before * or ?", ("a",)),
        ("!!", "'!!' is not a word", ()),
        ("-", "'-' is not a word", ()),
        ('""', "an empty phrase", ()),
        ('title:"!"', "an empty phrase", ("title",)),
    ],
)
def test_a_malformed_query_says_why_and_searches_its_words(
    text: str, reason: str, words: tuple[str, ...]
) -> None:
    parsed = parse(text)
    shown = " ".join(words) or "(nothing)"
    assert parsed.notice == (
        f"Your query could not be read as written ({reason}): searched for {shown}."
    )
    assert parsed.words == words
    if len(words) > 1:
        assert parsed.tree == And(tuple(Word(word) for word in words))
    else:
        assert parsed.tree == (Word(words[0]) if words else None)


def test_the_term_limit_is_64_and_counts_fields_and_groups() -> None:
    words = [f"w{n}" for n in range(MAX_NODES)]
    assert MAX_NODES == 64
    at_limit = parse(" ".join(words))
    assert at_limit.notice is None
    assert at_limit.tree == And(tuple(Word(word) for word in words))
    over = parse(" ".join([*words, "extra"]))
    assert over.notice is not None and "(more than 64 terms)" in over.notice
    assert over.words == tuple(words)  # the fallback keeps the first 64 words
    assert over.tree == And(tuple(Word(word) for word in words))
    # a field counts with its value, a group with its words
    assert parse(" ".join(words[:62] + ["title:x"])).notice is None
    assert parse(" ".join(words[:63] + ["title:x"])).notice is not None
    assert parse(" ".join(words[:61] + ["(a b)"])).notice is None
    assert parse(" ".join(words[:62] + ["(a b)"])).notice is not None
    # a negated word is one term, as typed (-x) or with NOT
    assert parse(" ".join(words[:63] + ["-x"])).notice is None
    assert parse(" ".join(words[:63] + ["NOT x"])).notice is None


def test_the_length_limit_is_1000_characters() -> None:
    assert MAX_QUERY_CHARS == 1000
    exact = "a" * 998 + " b"
    assert parse(exact).notice is None and parse(exact).tree == And((Word("a" * 998), Word("b")))
    over = parse(exact + "cdef")
    assert over.notice == "The query was cut to its first 1000 characters."
    assert over.tree == And((Word("a" * 998), Word("b")))
    both = parse('"' + "a" * 1200)
    assert both.notice is not None
    assert both.notice.startswith("The query was cut to its first 1000 characters. Your query")
    assert both.words == ("a" * 999,)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("opt AND out OR NOT in", ("opt", "out", "in")),
        ("(b)(6) and (b)(7)(C)", ("(b)(6)", "and", "(b)(7)(C)")),
        ("287(g) agreements", ("287(g)", "agreements")),
        ("title:governor's -letter", ("title", "governor's", "-letter")),
        ("&& || !!", ()),
        ("--", ()),
    ],
)
def test_plain_words_drop_operators_and_punctuation(text: str, words: tuple[str, ...]) -> None:
    assert plain_words(text) == words
