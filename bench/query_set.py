"""The benchmark's mixed query set: written once from the generated corpus to `queries.txt`,
read back by the query benchmark, and translated for the reference engines.

`queries.txt` holds one `category<TAB>query` a line, queries as a user types them in our
query language. Every Bates number and harvested phrase in it comes from the first 10,000
generated pages, so each query has hits at every corpus size.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import generate_corpus as gen
import vocabulary as v

HARVEST_PAGES = 10_000
DOMAIN_PHRASES = (
    "Secure Communities",
    "opt out",
    "opt-out",
    "opting out",
    "Cook County",
    "Department of Homeland Security",
    "Enforcement and Removal Operations",
    "Law Enforcement Support Center",
    "withheld in full",
    "Please let me know",
    "Office of the Principal Legal Advisor",
    "Harris County, Texas",
    "Santa Clara County",
    "Criminal Justice Information Services",
    "talking points",
)
PREFIXES = (
    "interoper*",
    "deport*",
    "detain*",
    "jurisdic*",
    "notif*",
    "biometric*",
    "fingerprint*",
    "sheriff*",
    "activat*",
    "remov*",
)
LABELS = (
    "(b)(6)",
    "(b)(7)(C)",
    "b7c",
    "b6",
    "287(g)",
    "287g",
    '"287 (g)"',
    "exemption:b6",
    "exemption:b7c",
    "(b)(5)",
    "(b)(7)(E)",
    "7(C) withheld",
    '"(b)(6)" Illinois',
    "287(g) Texas",
    "exemption:b5 memo",
)
MIXED = (
    '"opt out" Illinois',
    '"secure communities" AND detainer NOT Texas',
    'interoperability AND "Cook County"',
    '287(g) OR "secure communities"',
    '"opting out" OR optout',
    '(sheriff OR jail) AND "opt-out"',
    'detainers "Harris County"',
    '"secure communities" deployment schedule',
    "FOIA (b)(6) redacted",
    '"Law Enforcement Support Center" interoperability',
)
BOOLEAN = (
    "sheriff OR officer",
    "detainer NOT Texas",
    "(detainer OR detainers) AND Illinois",
    "jail OR lockup",
    "deployment NOT California",
    "(arrest OR arrests) AND fingerprints",
    "IDENT OR IAFIS",
    "removal NOT criminal",
    "(memo OR memorandum) AND budget",
    "notification OR notifications",
    "Virginia OR Maryland",
    "ERO AND (jail OR custody)",
    "activation NOT Florida",
    "litigation OR plaintiffs",
    "(governor OR legislature) AND bill",
)
WORD_RE = re.compile(r"^[a-z]+$")
FUNCTION_WORDS = frozenset(v.FUNCTION_WORDS)


@dataclass(frozen=True)
class Query:
    category: str
    text: str


def read_queries(path: Path) -> list[Query]:
    """The queries of a `category<TAB>query` file (blank lines and # comments skipped)."""
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, text = line.split("\t", 1)
        queries.append(Query(category, text))
    return queries


def _harvest(seed: int) -> tuple[list[str], list[list[str]]]:
    """Bates stamps and the plain-word sentences of the first HARVEST_PAGES pages."""
    stamps: list[str] = []
    sentences: list[list[str]] = []
    for doc in gen.iter_pages(HARVEST_PAGES, seed):
        stamps += doc.bates
        for page in doc.pages:
            for sentence in re.split(r"[.?]\s+", " ".join(page.split())):
                words = sentence.split(" ")
                if len(words) >= 6 and all(WORD_RE.match(word) for word in words[1:]):
                    sentences.append(words[1:])
    return stamps, sentences


def _sample_words(
    rng: random.Random,
    words: list[str],
    low: int,
    high: int,
    count: int,
) -> list[str]:
    pool = [word for word in words[low:high] if WORD_RE.match(word)]
    return rng.sample(pool, count)


def _windows(
    rng: random.Random, sentences: list[list[str]], count: int, low: int, high: int
) -> list[list[str]]:
    """`count` runs of `low`-`high` consecutive words from the text that begin and end with a
    content word, as a person quotes a passage ("removal of criminal aliens", not "of a")."""
    found: list[list[str]] = []
    while len(found) < count:
        sentence = rng.choice(sentences)
        size = rng.randint(low, high)
        start = rng.randrange(len(sentence) - size + 1)
        window = sentence[start : start + size]
        if window[0] not in FUNCTION_WORDS and window[-1] not in FUNCTION_WORDS:
            found.append(window)
    return found


def build_queries(seed: int = gen.DEFAULT_SEED) -> list[Query]:
    """The 250 queries: terms, common words, AND, boolean, phrases, proximity, Bates,
    prefixes, FOIA labels and mixtures."""
    rng = random.Random(seed + 1)
    words = gen.build_vocabulary(seed)
    stamps, sentences = _harvest(seed)
    common_top = len(v.FUNCTION_WORDS)
    queries = [
        Query("term", w)
        for w in _sample_words(rng, words, common_top, 400, 15)
        + _sample_words(rng, words, 400, 1000, 20)
        + _sample_words(rng, words, 1000, len(words), 15)
    ]
    queries += [Query("common", w) for w in words[:15]]
    queries += [
        Query("common", f"{a} {b}")
        for a, b in zip(
            _sample_words(rng, words, 0, 40, 5), _sample_words(rng, words, 40, 120, 5), strict=True
        )
    ]
    mid = _sample_words(rng, words, common_top, 1200, 70)
    queries += [Query("and", f"{mid[i]} {mid[i + 1]}") for i in range(0, 40, 2)]
    queries += [Query("and", f"{mid[i]} AND {mid[i + 1]}") for i in range(40, 60, 2)]
    queries += [Query("and", " ".join(mid[i : i + 3])) for i in range(60, 90, 3) if i + 3 <= 70]
    queries += [
        Query("and", " ".join(rng.sample(words[common_top:600], 3)))
        for _ in range(40 - sum(q.category == "and" for q in queries))
    ]
    queries += [Query("boolean", text) for text in BOOLEAN]
    queries += [Query("phrase", f'"{text}"') for text in DOMAIN_PHRASES]
    queries += [
        Query("phrase", '"' + " ".join(window) + '"')
        for window in _windows(rng, sentences, 25, 2, 4)
    ]
    queries += [
        Query("proximity", f'"{window[0]} {window[-1]}"~{rng.choice((3, 5, 10))}')
        for window in _windows(rng, sentences, 25, 3, 5)
    ]
    picked = rng.sample(stamps, 25)
    queries += [Query("bates", stamp) for stamp in picked[:10]]
    queries += [Query("bates", f'bates:"{stamp}"') for stamp in picked[10:18]]
    queries += [Query("bates", f"bates:{stamp.rsplit('.', 1)[1]}") for stamp in picked[18:]]
    queries += [Query("prefix", text) for text in PREFIXES]
    queries += [Query("label", text) for text in LABELS]
    queries += [Query("mixed", text) for text in MIXED]
    return queries


def write_queries(path: Path, seed: int = gen.DEFAULT_SEED) -> int:
    """Write the query set to `path`; returns how many queries."""
    queries = build_queries(seed)
    header = (
        "# Benchmark queries (category<TAB>query), written by\n"
        "#   python bench/generate_corpus.py --queries bench/queries.txt\n"
        f"# from the generated corpus (seed {seed}, generator version {gen.GENERATOR_VERSION}).\n"
    )
    lines = [f"{query.category}\t{query.text}" for query in queries]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return len(queries)


# -- translation for the reference engines ---------------------------------------------------

_LEX = re.compile(
    r"""\s*(?:[a-z]+:)?  # a field prefix (bates:, exemption:) is dropped
    (?: (?P<phrase>"[^"]*")(?:~(?P<slop>\d+))?
      | (?P<word>\(b\)(?:\(\w\))+ | \d+\s?\(\w\) | [^\s"()]+)
      | (?P<paren>[()]) )""",
    re.IGNORECASE | re.VERBOSE,
)
OPERATORS = frozenset({"AND", "OR", "NOT"})


def _lex(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, slop) tokens of a query: "phrase", "op" or "word"."""
    tokens = []
    for match in _LEX.finditer(text):
        if match["phrase"] is not None:
            tokens.append(("phrase", match["phrase"][1:-1], int(match["slop"] or 0)))
        elif match["paren"] is not None:
            tokens.append(("op", match["paren"], 0))
        elif match["word"] in OPERATORS:
            tokens.append(("op", match["word"], 0))
        elif match["word"] is not None:
            tokens.append(("word", match["word"], 0))
    return tokens


def whoosh_text(text: str) -> str:
    """The query for Whoosh's default QueryParser: FOIA forms with parentheses quoted."""
    parts = []
    for kind, value, slop in _lex(text):
        if kind == "phrase":
            parts.append(f'"{value}"' + (f"~{slop}" if slop else ""))
        elif kind == "op":
            parts.append(value)
        else:
            parts.append(f'"{value}"' if "(" in value or ":" in value else value)
    return " ".join(parts).replace("( ", "(").replace(" )", ")")


def fts5_text(text: str) -> str:
    """The query in SQLite FTS5 syntax: words and phrases quoted, `"a b"~N` as NEAR."""
    parts = []
    for kind, value, slop in _lex(text):
        if kind == "op":
            parts.append(value)
        elif kind == "phrase" and slop:
            quoted = " ".join(_fts5_string(word) for word in value.split())
            parts.append(f"NEAR({quoted}, {slop})")
        elif kind == "word" and value.endswith("*"):
            parts.append(_fts5_string(value[:-1]) + "*")
        else:
            parts.append(_fts5_string(value))
    return " ".join(parts)


def _fts5_string(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
