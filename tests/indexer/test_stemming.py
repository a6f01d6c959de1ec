"""Our Porter stemmer: the paper's examples, and Whoosh's stems word for word (indexes use them)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from whoosh.lang.porter import stem as whoosh_stem

import bench.vocabulary
from indexer.engines.whoosh.analysis import stemmed_analyzer
from indexer.extractors import extractor_for
from indexer.text.stemming import porter_stem
from indexer.text.terms import iter_terms

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"
DICTIONARY_PATH = Path("/usr/share/dict/words")
EXTRACTED_SUFFIXES = frozenset({".pdf", ".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".csv", ".tsv"})

# Porter (1980), "An algorithm for suffix stripping": the examples of each step, with the stem
# the whole algorithm ends on (relational -> relate in step 2, then -> relat in step 5).
TEXTBOOK = [
    ("caresses", "caress"),
    ("ponies", "poni"),
    ("ties", "ti"),
    ("caress", "caress"),
    ("cats", "cat"),
    ("feed", "feed"),
    ("agreed", "agre"),
    ("plastered", "plaster"),
    ("bled", "bled"),
    ("motoring", "motor"),
    ("sing", "sing"),
    ("conflated", "conflat"),
    ("troubled", "troubl"),
    ("sized", "size"),
    ("falling", "fall"),
    ("hissing", "hiss"),
    ("fizzed", "fizz"),
    ("failing", "fail"),
    ("filing", "file"),
    ("happy", "happi"),
    ("sky", "sky"),
    ("relational", "relat"),
    ("conditional", "condit"),
    ("rational", "ration"),
    ("valenci", "valenc"),
    ("hesitanci", "hesit"),
    ("digitizer", "digit"),
    ("conformabli", "conform"),
    ("radicalli", "radic"),
    ("differentli", "differ"),
    ("vileli", "vile"),
    ("analogousli", "analog"),
    ("vietnamization", "vietnam"),
    ("predication", "predic"),
    ("operator", "oper"),
    ("feudalism", "feudal"),
    ("decisiveness", "decis"),
    ("hopefulness", "hope"),
    ("callousness", "callous"),
    ("formaliti", "formal"),
    ("sensitiviti", "sensit"),
    ("sensibiliti", "sensibl"),
    ("triplicate", "triplic"),
    ("formative", "form"),
    ("formalize", "formal"),
    ("electriciti", "electr"),
    ("electrical", "electr"),
    ("hopeful", "hope"),
    ("goodness", "good"),
    ("revival", "reviv"),
    ("allowance", "allow"),
    ("inference", "infer"),
    ("airliner", "airlin"),
    ("adjustable", "adjust"),
    ("defensible", "defens"),
    ("irritant", "irrit"),
    ("replacement", "replac"),
    ("adjustment", "adjust"),
    ("dependent", "depend"),
    ("adoption", "adopt"),
    ("homologou", "homolog"),
    ("communism", "commun"),
    ("activate", "activ"),
    ("angulariti", "angular"),
    ("homologous", "homolog"),
    ("effective", "effect"),
    ("bowdlerize", "bowdler"),
    ("probate", "probat"),
    ("rate", "rate"),
    ("cease", "ceas"),
    ("controll", "control"),
    ("roll", "roll"),
    ("generalizations", "gener"),
    ("oscillators", "oscil"),
]

# Where Whoosh's stemmer, which built the existing indexes, departs from the paper:
# (word, Whoosh's stem and ours, the paper's stem).
WHOOSH_DEPARTURES = [
    ("hopping", "hopp", "hop"),  # undoubling only in a two-letter stem
    ("tanned", "tann", "tan"),
    ("organized", "organiz", "organ"),  # -ize restored only to a stem that is just "iz"
    ("gyroscopic", "gyroscopic", "gyroscop"),  # the measure stops at a y
    ("possibly", "possibl", "possibli"),  # Porter's later -bli -> -ble
    ("archaeology", "archaeolog", "archaeologi"),  # Porter's later -logi -> -log
]

EDGE_CASES = [
    *("", "a", "y", "s", "e", "is", "as", "ys", "ye", "yy", "yyy", "yes", "by", "sy", "ay"),
    *("ll", "all", "ill", "fall", "tell", "spell", "shall", "ee", "eee", "bee", "see", "eye"),
    *("eyes", "eed", "ied", "ies", "sss", "ss", "ing", "ying", "ed", "yed", "aed", "oed"),
    *("yelling", "yeti", "youth", "yearly", "agency", "quay", "obey", "toyed", "played"),
    *("0", "12", "123", "2003", "287g", "1357g1", "b6", "b7c", "b7e", "3rd", "1990s", "4th"),
    *("100ed", "9ing", "covid19", "h1b", "i9", "x86", "ds160", "e2e", "a1c", "1e", "ee1"),
    *("foo_bar", "_ing", "__", "opt out", "opt-out", "o'neill", "u.s", "a&m"),
    *("straße", "œuvre", "æsthetic", "ørsted", "istanbul", "ıing", "москва", "πολιτική"),
    *("日本語", "naïve", "café", "über", "résumé", "ﬁling"),
    *("Caresses", "HAPPY", "Yelling", "YES", "Ponies", "sIZED", "Yyy"),
]

# Characters of each class the rules tell apart: vowels, y, consonants the rules name, a
# capital, a digit, a non-ASCII letter.
GENERATED_LETTERS = "aeiouyYsdlgtbzwxc1é"
# Fewer before a suffix: one of each class, and the consonants the rules name.
GENERATED_STEM_LETTERS = "aeiyYslztwxc"
GENERATED_SUFFIXES = [
    *("s", "es", "ies", "sses", "ss", "ed", "eed", "ing", "y", "e", "ll", "ated", "ating"),
    *("ational", "tional", "enci", "anci", "izer", "bli", "abli", "alli", "entli", "eli"),
    *("ousli", "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti"),
    *("iviti", "biliti", "logi", "icate", "ative", "alize", "iciti", "ical", "ful", "ness"),
    *("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion"),
    *("sion", "tion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "izations", "ingly"),
]


@pytest.mark.parametrize(("word", "expected"), TEXTBOOK)
def test_textbook_examples(word: str, expected: str) -> None:
    assert porter_stem(word) == expected


@pytest.mark.parametrize(("word", "expected", "paper"), WHOOSH_DEPARTURES)
def test_where_whoosh_departs_from_the_paper_we_follow_whoosh(
    word: str, expected: str, paper: str
) -> None:
    assert porter_stem(word) == expected != paper


def folded_terms(text: str) -> set[str]:
    return {term for term, _, _, _ in iter_terms(text)}


def corpus_terms() -> set[str]:
    """Every folded term of the sample records: PDFs and HTML extracted, text files as read."""
    terms: set[str] = set()
    for path in sorted(CORPUS_DIR.rglob("*")):
        suffix = path.suffix.lower()
        if suffix in EXTRACTED_SUFFIXES:
            for page in extractor_for(path).extract(path).pages:
                terms |= folded_terms(page.text)
        elif suffix in TEXT_SUFFIXES:
            terms |= folded_terms(path.read_text(encoding="utf-8", errors="replace"))
    return terms


def bench_terms() -> set[str]:
    """The benchmark generator's word lists, raw and as folded terms."""
    words: set[str] = set()
    for value in vars(bench.vocabulary).values():
        if isinstance(value, list):
            for item in value:
                words.update(item if isinstance(item, tuple) else [item])
    return words | folded_terms(" ".join(words)) | {word.lower() for word in words}


def dictionary_words() -> set[str]:
    if not DICTIONARY_PATH.exists():
        return set()
    words = DICTIONARY_PATH.read_text(encoding="utf-8", errors="replace").split()
    return set(words) | {word.lower() for word in words} | folded_terms(" ".join(words))


def generated_words() -> set[str]:
    """Every string of up to four test letters, and every stem of up to three before a suffix."""
    words: set[str] = set()
    for size in range(5):
        words.update(map("".join, itertools.product(GENERATED_LETTERS, repeat=size)))
    for size in range(4):
        for letters in itertools.product(GENERATED_STEM_LETTERS, repeat=size):
            stem = "".join(letters)
            words.update(stem + suffix for suffix in GENERATED_SUFFIXES)
    return words


@pytest.mark.slow
def test_same_stems_as_whoosh_over_a_large_vocabulary() -> None:
    real_words = corpus_terms() | bench_terms() | dictionary_words()
    vocabulary = real_words | set(EDGE_CASES) | generated_words()
    differences = [
        (word, ours, theirs)
        for word in sorted(vocabulary, key=lambda word: (word not in real_words, word))
        if (ours := porter_stem(word)) != (theirs := str(whoosh_stem(word)))
    ]
    print(f"{len(vocabulary)} distinct words compared, {len(real_words)} of them from texts")
    assert len(real_words) > 5_000
    assert not differences, (
        f"{len(differences)} of {len(vocabulary)} words stem differently "
        f"(word, ours, whoosh's); the first 20: {differences[:20]}"
    )


def test_the_index_and_our_stemmer_agree_on_a_press_release() -> None:
    """The Whoosh analyzer stems what is indexed, ours what is highlighted and queried."""
    path = next((CORPUS_DIR / "press").glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    indexed = [token.text for token in stemmed_analyzer()(text)]
    assert indexed == [porter_stem(term) for term, _, _, _ in iter_terms(text)]
