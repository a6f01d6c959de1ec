"""Parse what a user typed into a small query tree; malformed text falls back to plain words.

The tree knows nothing of Whoosh: `indexer.search.service` turns it into index queries. Grammar:
words are ANDed; `"exact phrase"`, `"phrase"~5`; `AND OR NOT ( )` and a leading `-`;
`prefix*`; `word~` / `word~2`; `field:value`, `field:"phrase"`, `field:(a OR b)`,
`field:[low TO high]`; `=word` and `exact:"phrase"` (also `="phrase"`) for the spelling as
typed, without variants or stemming. FOIA forms such as `(b)(7)(C)`, `287(g)` and `287 (g)`
are words, not groups, and so is a Bates stamp with a docket in parentheses,
`FBI(21-cv-1143)-000088` or `FBI (21-cv-1143)-000088`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.errors import InvalidInputError
from indexer.text.terms import keyword_terms

MAX_QUERY_CHARS = 1000
MAX_NODES = 64

FIELDS = frozenset(
    {
        "title",
        "body",
        "type",
        "source",
        "date",
        "release",
        "tag",
        "production",
        "note",
        "bates",
        "exemption",
        "from",
        "to",
        "cc",
        "bcc",
        "subject",
        "ocr",
        "path",
        "year",
        "entity",
        "format",
        "page",
        "exact",
        "case",
    }
)


class QuerySyntaxError(InvalidInputError):
    """The text is not a well-formed query; the message says why."""


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    kind: str = "word"  # "word", "wildcard" (has * or ?), "fuzzy"
    distance: int = 1


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None
    slop: int = 0


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None
    high: str | None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Word | Phrase | Range | And | Or | Not


@dataclass(frozen=True)
class ParsedQuery:
    """The tree (None for an empty query) and, when the text was repaired, why."""

    tree: Node | None
    notice: str | None = None
    words: tuple[str, ...] = field(default_factory=tuple)


_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<exactphrase>="[^"]*")
    | (?P<phrase>"[^"]*"(?:~\d{1,2})?)
    | (?P<quote>")
    | (?P<range>\[[^\[\]]*\s+TO\s+[^\[\]]*\])
    | (?P<exemption>\([bB]\)\s?\(\d\)(?:\s?\([a-fA-F]\))?)
    | (?P<section>\d+\s?\([a-zA-Z]\)(?:\([a-zA-Z0-9]{1,3}\))*)
    | (?P<stamp>[A-Za-z]{2,12}(?:\((?=[^\s()"]*\d)[^\s()"]+\)[^\s()"]*
                |\s\((?=[^\s()"]*\d)[^\s()"]+\)[-_.,][^\s()"]+))
    | (?P<field>[A-Za-z_]+:)
    | (?P<lparen>\()
    | (?P<rparen>\))
    | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}


@dataclass
class _Token:
    kind: str
    text: str


def _lex(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "word"
        value = match.group(0)
        if kind == "space":
            continue
        if kind == "quote":
            raise QuerySyntaxError("a quotation mark is not closed")
        if kind in ("exemption", "section", "stamp"):
            kind = "word"
        if kind == "word" and value in _OPERATORS:
            kind = value.replace("&&", "AND").replace("||", "OR")
        tokens.append(_Token(kind, value))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.nodes = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr(None)
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek().text!r}")  # type: ignore[union-attr]
        return node

    def or_expr(self, field_name: str | None) -> Node:
        children = [self.and_expr(field_name)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            children.append(self.and_expr(field_name))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, field_name: str | None) -> Node:
        children = [self.unary(field_name)]
        while (token := self.peek()) is not None and token.kind not in ("OR", "rparen"):
            if token.kind == "AND":
                self.take()
            children.append(self.unary(field_name))
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self, field_name: str | None) -> Node:
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("the query ends where a word was expected")
        if token.kind == "NOT":
            self.take()
            return Not(self.unary(field_name))
        if token.kind == "word" and token.text.startswith("-") and len(token.text) > 1:
            self.take()
            return Not(self.word(token.text[1:], field_name))
        return self.primary(field_name)

    def primary(self, field_name: str | None) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise QuerySyntaxError(f"more than {MAX_NODES} terms")
        token = self.take()
        if token.kind == "lparen":
            node = self.or_expr(field_name)
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QuerySyntaxError("a parenthesis is not closed")
            self.take()
            return node
        if token.kind == "field":
            name = token.text[:-1].lower()
            if name not in FIELDS:
                raise QuerySyntaxError(f"unknown field {name!r}")
            if field_name is not None:
                raise QuerySyntaxError("a field inside a field")
            if self.peek() is None:
                raise QuerySyntaxError(f"{name}: needs a value")
            return self.primary(name)
        if token.kind == "phrase":
            return _phrase(token.text, field_name)
        if token.kind == "exactphrase":
            if field_name is not None:
                raise QuerySyntaxError('="..." inside a field')
            return _phrase(token.text[1:], "exact")
        if token.kind == "range":
            if field_name is None:
                raise QuerySyntaxError("a range needs a field, as in date:[2010 TO 2011]")
            return _range(token.text, field_name)
        if token.kind == "word":
            return self.word(token.text, field_name)
        raise QuerySyntaxError(f"{token.text!r} needs a word on each side")

    def word(self, text: str, field_name: str | None) -> Node:
        fuzzy = re.fullmatch(r"(.+?)~([12])?", text)
        if fuzzy:
            core = fuzzy.group(1)
            if len(re.sub(r"\W", "", core)) < 3:
                raise QuerySyntaxError("a fuzzy word needs at least 3 letters")
            return Word(core, field_name, "fuzzy", int(fuzzy.group(2) or 1))
        if "*" in text or "?" in text:
            stem = re.split(r"[*?]", text, maxsplit=1)[0]
            if len(re.sub(r"\W", "", stem)) < 2:
                raise QuerySyntaxError("a wildcard needs at least 2 letters before * or ?")
            return Word(text, field_name, "wildcard")
        if not _is_word(text):
            raise QuerySyntaxError(f"{text!r} is not a word")
        if text.startswith("=") and field_name is None:
            return Word(text[1:], None, "exact")
        return Word(text, field_name)


def _is_word(text: str) -> bool:
    """Whether `text` holds a word: letters or digits, or a sign the index reads as a word
    ("%" is "percent", "§" is "section")."""
    return bool(keyword_terms(text))


def _phrase(text: str, field_name: str | None) -> Node:
    body, _, slop = text[1:].partition('"')
    if not _is_word(body):
        raise QuerySyntaxError("an empty phrase")
    return Phrase(body.strip(), field_name, int(slop[1:]) if slop.startswith("~") else 0)


def _range(text: str, field_name: str) -> Range:
    low, _, high = text[1:-1].partition(" TO ")
    low, high = low.strip(), high.strip()
    return Range(field_name, None if low in ("", "*") else low, None if high in ("", "*") else high)


def plain_words(text: str) -> tuple[str, ...]:
    """The words of a text, with every operator and punctuation mark dropped."""
    words = re.findall(r"\([bB]\)\(\d\)(?:\([a-fA-F]\))?|\d+\([a-zA-Z]\)|[\w'’-]+%?|§+|%", text)
    return tuple(w for w in words if w not in _OPERATORS and _is_word(w))[:MAX_NODES]


def parse(text: str) -> ParsedQuery:
    """The query tree of `text`. Never raises: a malformed query becomes its plain words
    ANDed, and `notice` says what was done."""
    notice = None
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notice = f"The query was cut to its first {MAX_QUERY_CHARS} characters."
    text = text.replace("\u201c", '"').replace("\u201d", '"').strip()
    try:
        tree = _Parser(_lex(text)).parse()
    except QuerySyntaxError as error:
        words = plain_words(text)
        tree = (
            And(tuple(Word(w) for w in words))
            if len(words) > 1
            else (Word(words[0]) if words else None)
        )
        shown = " ".join(words) or "(nothing)"
        repaired = f"Your query could not be read as written ({error}): searched for {shown}."
        return ParsedQuery(tree, f"{notice} {repaired}" if notice else repaired, words)
    return ParsedQuery(tree, notice, plain_words(text))
