"""Generate a deterministic corpus of FOIA-like e-mail, memo and report pages for the benchmarks.

Each document is a text file of 1-40 pages separated by form feeds ("\\f"), with a Bates footer
on every page (consecutive within a release), e-mail or memo headers on some pages, exemption
labels and the phrases investigators search for at known rates, over a Zipf-distributed
vocabulary. A `manifest.csv` gives each file's title, date, type, source and release;
`summary.json` (kept out of an ingest by a `.foiaignore`) records the configured rates, the
measured page counts of every phrase and label, and the page counts a correct index must
return for a few check queries.

The same seed gives the same corpus, and a corpus of N pages is the first N pages of any larger
one (the last document may be cut short), so Bates numbers taken from the first 10,000 pages
exist in every corpus size.

    python bench/generate_corpus.py --pages 100000 --out bench/work/corpus-100k
    python bench/generate_corpus.py --queries bench/queries.txt
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vocabulary as v  # noqa: E402  (the word lists beside this script)

GENERATOR_VERSION = 1
DEFAULT_SEED = 2674
SUMMARY_NAME = "summary.json"
ZIPF_EXPONENT = 1.1
ZIPF_SHIFT = 2.7  # Mandelbrot's shift: the very top words are less dominant than pure Zipf
LINE_WIDTH = 78
PEOPLE = 300  # the senders, recipients and signers drawn from
PSEUDO_WORDS = 2000  # rare words (names, typos, jargon) that make up a real vocabulary's tail

# Share of pages on which the generator puts a phrase (subjects and titles may add more:
# `summary.json` holds the measured counts).
PHRASE_RATES = {
    "secure communities": 0.20,
    "opt out": 0.08,
    "287(g)": 0.05,
    "interoperability": 0.10,
}
OPT_OUT_FORMS = (
    ("opt out", 35),
    ("opt-out", 35),
    ("opting out", 15),
    ("opted out", 10),
    ("optout", 5),
)
FORMS_287G = (("287(g)", 85), ("287g", 10), ("287 (g)", 5))
EXEMPTION_RATES = {"(b)(6)": 0.30, "(b)(7)(C)": 0.18, "(b)(5)": 0.06, "(b)(7)(E)": 0.04}
WITHHELD_RATE = 0.02  # slip sheets: "Page withheld in full"
QUOTED_MESSAGE_RATE = 0.30  # later e-mail pages that open a quoted earlier message
COUNTY_MENTIONS = (0, 3)  # per page
AGENCY_MENTIONS = (0, 3)

# type: (share of documents, words per page, pages per document)
DOC_TYPES: dict[str, tuple[float, tuple[int, int]]] = {
    "email": (0.45, (110, 330)),
    "memo": (0.20, (280, 440)),
    "letter": (0.10, (220, 380)),
    "talking points": (0.10, (160, 300)),
    "report": (0.15, (330, 480)),
}
# Bates prefix, source agency, share of documents.
RELEASES = (
    ("ICE FOIA 10-2674", "ICE", 0.60),
    ("DHS FOIA 10-0147", "DHS", 0.25),
    ("FBI FOIA 11-0453", "FBI", 0.15),
)
FIRST_DAY = date(2008, 10, 1)
DAYS = 1370  # to mid 2012
FILES_PER_BOX = 1000
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SUBJECTS = (
    "Secure Communities deployment in {county} County",
    "{state} opt-out question",
    "IDENT/IAFIS interoperability statistics for {month}",
    "287(g) and Secure Communities in {state}",
    "Detainer policy follow-up",
    "Activation schedule for {state} jurisdictions",
    "Congressional inquiry from {state}",
    "Meeting with {county} County Sheriff",
    "Draft talking points on {state}",
    "Press inquiry about {county} County",
    "Weekly report: removals and detainers",
    "Memorandum of agreement with {state}",
)


@dataclass(frozen=True)
class GeneratedDocument:
    """One generated file: its pages (without form feeds) and its manifest row."""

    number: int
    doc_type: str
    title: str
    day: date
    release: str
    source: str
    pages: tuple[str, ...]
    bates: tuple[str, ...]

    @property
    def relative_path(self) -> str:
        folder = self.release.lower().replace(" ", "-")
        return f"{folder}/box-{self.number // FILES_PER_BOX:03d}/doc-{self.number:06d}.txt"


# Queries whose page count a correct index must return, with how the generator counts them:
# a predicate over (document title, normalised page text, page number), text lower-cased.
# Plain words match the page text or the title, which the index carries on a document's
# first page only; quoted phrases and labels match the page text.
CHECKS: dict[str, Callable[[str, str, int], bool]] = {
    '"secure communities"': lambda title, text, page: "secure communities" in text,
    '"opt out"': lambda title, text, page: re.search(r"\bopt[- ]?out\b", text) is not None,
    '"opting out"': lambda title, text, page: "opting out" in text,
    "interoperability": lambda title, text, page: (
        "interoperability" in text or (page == 1 and "interoperability" in title)
    ),
    "287(g)": lambda title, text, page: any(
        re.search(r"\b287 ?\(g\)|\b287g\b", s) for s in (text, title if page == 1 else "")
    ),
    "exemption:b6": lambda title, text, page: "(b)(6)" in text,
    "exemption:b7c": lambda title, text, page: "(b)(7)(c)" in text,
    '"cook county"': lambda title, text, page: "cook county" in text,
}
# What summary.json counts on each page (normalised, lower-cased text).
COUNTED = {
    "secure communities": re.compile(r"secure communities"),
    "opt out": re.compile(r"\bopt out\b"),
    "opt-out": re.compile(r"\bopt-out\b"),
    "opting out": re.compile(r"\bopting out\b"),
    "opted out": re.compile(r"\bopted out\b"),
    "optout": re.compile(r"\boptout\b"),
    "287(g)": re.compile(r"\b287 ?\(g\)"),
    "287g": re.compile(r"\b287g\b"),
    "interoperability": re.compile(r"interoperability"),
    "(b)(6)": re.compile(re.escape("(b)(6)")),
    "(b)(7)(C)": re.compile(re.escape("(b)(7)(c)")),
    "(b)(5)": re.compile(re.escape("(b)(5)")),
    "(b)(7)(E)": re.compile(re.escape("(b)(7)(e)")),
    "withheld in full": re.compile(r"withheld in full"),
}


# Nouns with no plural and verbs whose forms no simple rule makes.
MASS_NOUNS = frozenset(
    v.words(
        """
information data feedback personnel staff guidance training funding outreach engagement
participation involvement coordination security safety history media press legislation
background support access custody detention removal immigration status crime analysis
criteria sharing enforcement
"""
    )
)
IRREGULAR_VERBS = {
    "begin": ("begins", "began", "beginning"),
    "meet": ("meets", "met", "meeting"),
    "send": ("sends", "sent", "sending"),
    "plan": ("plans", "planned", "planning"),
    "submit": ("submits", "submitted", "submitting"),
    "transfer": ("transfers", "transferred", "transferring"),
    "oversee": ("oversees", "oversaw", "overseeing"),
    "agree": ("agrees", "agreed", "agreeing"),
    "process": ("processes", "processed", "processing"),
    "access": ("accesses", "accessed", "accessing"),
    "assess": ("assesses", "assessed", "assessing"),
    "match": ("matches", "matched", "matching"),
}


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("x", "ch", "sh", "ss")):
        return noun + "es"
    return noun + "s"


def _verb_forms(verb: str) -> tuple[str, str, str]:
    if verb in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[verb]
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith("e"):
        return verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith(("ch", "sh", "ss", "x")):
        return verb + "es", verb + "ed", verb + "ing"
    return verb + "s", verb + "ed", verb + "ing"


def _inflect(noun_list: list[str], verb_list: list[str]) -> list[str]:
    """Plurals of nouns and -s/-ed/-ing forms of verbs: the vocabulary's middle ranks."""
    forms = [
        _plural(noun) for noun in noun_list if not noun.endswith("s") and noun not in MASS_NOUNS
    ]
    for verb in verb_list:
        forms += _verb_forms(verb)
    return forms


def build_vocabulary(seed: int) -> list[str]:
    """Every word of the corpus, most frequent first (the Zipf rank order)."""
    rng = random.Random(seed)
    common = list(dict.fromkeys(v.NOUNS + v.VERBS + v.ADJECTIVES + v.DOMAIN_WORDS))
    rng.shuffle(common)
    seen = set(v.FUNCTION_WORDS) | set(common)
    middle = [word for word in dict.fromkeys(_inflect(v.NOUNS, v.VERBS)) if word not in seen]
    rng.shuffle(middle)
    seen |= set(middle)
    tail: list[str] = []
    while len(tail) < PSEUDO_WORDS:
        word = "".join(rng.choices(v.SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            tail.append(word)
    return v.FUNCTION_WORDS + common + middle + tail


def zipf_weights(count: int) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights for ranks 1..count."""
    return list(
        itertools.accumulate(
            1.0 / (rank + ZIPF_SHIFT) ** ZIPF_EXPONENT for rank in range(1, count + 1)
        )
    )


class _Writer:
    """Makes pages of one kind of text from one random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = build_vocabulary(seed)
        self.cumulative = zipf_weights(len(self.words))
        self.people = [
            f"{self.rng.choice(v.FIRST_NAMES)} {self.rng.choice(v.LAST_NAMES)}"
            for _ in range(PEOPLE)
        ]

    def choose(self, weighted: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]

    def person(self) -> str:
        return self.rng.choice(self.people)

    def listed(self, name: str) -> str:
        first, last = name.split(" ", 1)
        return f"{last}, {first}"

    def county(self) -> tuple[str, str]:
        return self.rng.choice(v.COUNTIES)

    def subject(self) -> str:
        county, state = self.county()
        month = self.rng.choice(MONTHS)
        return self.rng.choice(SUBJECTS).format(county=county, state=state, month=month)

    def insertions(self) -> list[str]:
        """The phrases, labels, places and agencies one page carries."""
        rng = self.rng
        found: list[str] = []
        if rng.random() < PHRASE_RATES["secure communities"]:
            found += ["Secure Communities"] * rng.randint(1, 3)
        if rng.random() < PHRASE_RATES["opt out"]:
            found += [self.choose(OPT_OUT_FORMS) for _ in range(rng.randint(1, 2))]
        if rng.random() < PHRASE_RATES["287(g)"]:
            found.append(self.choose(FORMS_287G))
        if rng.random() < PHRASE_RATES["interoperability"]:
            found.append("interoperability")
        for label, rate in EXEMPTION_RATES.items():
            if rng.random() < rate:
                found += [label] * rng.randint(1, 2)
        for _ in range(rng.randint(*COUNTY_MENTIONS)):
            county, state = self.county()
            found.append(f"{county} County, {state}")
        for _ in range(rng.randint(*AGENCY_MENTIONS)):
            found.append(rng.choice(v.AGENCIES))
        return found

    def body(self, word_count: int) -> str:
        """Paragraphs of Zipf-drawn words with this page's insertions, wrapped to lines."""
        rng = self.rng
        tokens = rng.choices(self.words, cum_weights=self.cumulative, k=word_count)
        for item in self.insertions():
            tokens.insert(rng.randrange(len(tokens) + 1), item)
        paragraphs: list[str] = []
        words: list[str] = []
        start = 0
        while start < len(tokens):
            end = start + rng.randint(6, 18)
            sentence = tokens[start:end]
            sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
            sentence[-1] += "."
            words += sentence
            start = end
            if rng.random() < 0.04:
                words += rng.choice(v.STOCK_SENTENCES).split(" ")
            if rng.random() < 0.25 or start >= len(tokens):
                paragraphs.append(_wrap(words))
                words = []
        return "\n\n".join(paragraphs)


def _wrap(words: list[str]) -> str:
    """The words as lines of at most about LINE_WIDTH characters."""
    lines: list[str] = []
    start = 0
    width = 0
    for index, word in enumerate(words):
        if width + len(word) > LINE_WIDTH and index > start:
            lines.append(" ".join(words[start:index]))
            start, width = index, 0
        width += len(word) + 1
    lines.append(" ".join(words[start:]))
    return "\n".join(lines)


def _sent_line(writer: _Writer, day: date) -> str:
    hour, minute = writer.rng.randint(7, 19), writer.rng.randint(0, 59)
    half = "AM" if hour < 12 else "PM"
    return (
        f"Sent: {WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year} "
        f"{(hour - 1) % 12 + 1}:{minute:02d} {half}"
    )


def _email_header(writer: _Writer, day: date, subject: str, quoted: bool) -> str:
    rng = writer.rng
    sender = "(b)(6)" if rng.random() < 0.1 else writer.listed(writer.person())
    recipients = "; ".join(writer.listed(writer.person()) for _ in range(rng.randint(1, 3)))
    lines = ["-----Original Message-----"] if quoted else []
    lines += [f"From: {sender}", _sent_line(writer, day), f"To: {recipients}"]
    if rng.random() < 0.5:
        lines.append(f"Cc: {writer.listed(writer.person())}")
    lines.append(f"Subject: {rng.choice(('', 'RE: ', 'FW: '))}{subject}")
    return "\n".join(lines)


def _memo_header(writer: _Writer, day: date, subject: str) -> str:
    rng = writer.rng
    return "\n".join(
        [
            "U.S. Department of Homeland Security",
            rng.choice(v.AGENCIES[:9]),
            "Washington, DC 20536",
            "",
            f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
            "",
            f"MEMORANDUM FOR: {writer.person()}",
            f"                {rng.choice(v.TITLES)}",
            f"FROM:           {writer.person()}",
            f"                {rng.choice(v.TITLES)}",
            f"SUBJECT:        {subject}",
        ]
    )


def _letter_header(writer: _Writer, day: date) -> str:
    county, state = writer.county()
    name = writer.person()
    return "\n".join(
        [
            f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
            "",
            f"The Honorable {name}",
            f"Sheriff, {county} County",
            state,
            "",
            f"Dear Sheriff {name.split(' ', 1)[1]}:",
        ]
    )


def _page_text(
    writer: _Writer, doc_type: str, number: int, count: int, day: date, subject: str
) -> str:
    rng = writer.rng
    low, high = DOC_TYPES[doc_type][1]
    if number > 1 and rng.random() < WITHHELD_RATE:
        labels = "(b)(6), (b)(7)(C)" if rng.random() < 0.7 else "(b)(5)"
        return f"Page withheld in full pursuant to FOIA Exemptions {labels}."
    parts: list[str] = []
    if number == 1:
        if doc_type == "email":
            parts.append(_email_header(writer, day, subject, quoted=False))
        elif doc_type == "memo":
            parts.append(_memo_header(writer, day, subject))
        elif doc_type == "letter":
            parts.append(_letter_header(writer, day))
        else:
            parts.append(subject.upper() if doc_type == "report" else f"TALKING POINTS: {subject}")
    elif doc_type == "email" and rng.random() < QUOTED_MESSAGE_RATE:
        parts.append(_email_header(writer, day - timedelta(days=rng.randint(0, 3)), subject, True))
    elif doc_type == "report" and rng.random() < 0.3:
        parts.append(f"{rng.randint(1, 9)}. {rng.choice(('Background', 'Discussion', 'Findings'))}")
    parts.append(writer.body(rng.randint(low, high)))
    if doc_type == "email" and number == count:
        parts.append(f"{writer.person()}\n{rng.choice(v.TITLES)}\n{rng.choice(v.AGENCIES[:9])}")
    if doc_type in ("memo", "report"):
        parts.append(f"Page {number} of {count}")
    return "\n\n".join(parts)


def _page_count(rng: random.Random, doc_type: str) -> int:
    if doc_type == "email":
        count = 1
        while rng.random() < 0.45 and count < 40:
            count += 1
        return count
    spans = {"memo": (1, 6), "letter": (1, 3), "talking points": (1, 2), "report": (3, 40)}
    return rng.randint(*spans[doc_type])


def iter_documents(seed: int = DEFAULT_SEED) -> Iterator[GeneratedDocument]:
    """The endless, deterministic stream of generated documents."""
    writer = _Writer(seed)
    rng = writer.rng
    counters = {prefix: 0 for prefix, _, _ in RELEASES}
    types = list(DOC_TYPES)
    type_weights = [DOC_TYPES[name][0] for name in types]
    for number in itertools.count(1):
        doc_type = rng.choices(types, type_weights)[0]
        prefix, source, _ = rng.choices(RELEASES, [share for _, _, share in RELEASES])[0]
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        subject = writer.subject()
        count = _page_count(rng, doc_type)
        pages = tuple(
            _page_text(writer, doc_type, page, count, day, subject) for page in range(1, count + 1)
        )
        bates = tuple(f"{prefix}.{counters[prefix] + page:07d}" for page in range(1, count + 1))
        counters[prefix] += count
        title = {
            "letter": f"Letter to the Sheriff: {subject}",
            "talking points": f"Talking points: {subject}",
        }.get(doc_type, subject)
        yield GeneratedDocument(
            number, doc_type, title, day, f"{prefix} production", source, pages, bates
        )


def iter_pages(total: int, seed: int = DEFAULT_SEED) -> Iterator[GeneratedDocument]:
    """Documents until `total` pages, the last one cut to fit."""
    left = total
    for doc in iter_documents(seed):
        if left <= 0:
            return
        if len(doc.pages) > left:
            doc = GeneratedDocument(
                doc.number,
                doc.doc_type,
                doc.title,
                doc.day,
                doc.release,
                doc.source,
                doc.pages[:left],
                doc.bates[:left],
            )
        left -= len(doc.pages)
        yield doc


def full_page(doc: GeneratedDocument, index: int) -> str:
    """Page `index` (from 0) as written to the file: its text and its Bates footer."""
    return f"{doc.pages[index]}\n\n{doc.bates[index]}\n"


def corpus_key(pages: int, seed: int = DEFAULT_SEED) -> str:
    """A digest of everything that shapes the corpus: parameters and the generator's code."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(json.dumps([GENERATOR_VERSION, pages, seed]).encode())
    for name in ("generate_corpus.py", "vocabulary.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def generate(pages: int, out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Write the corpus of `pages` pages into `out_dir` (emptied first); returns the summary
    that is also written to `out_dir/summary.json`."""
    started = time.perf_counter()
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    counts: Counter[str] = Counter()
    checks: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    pages_by_type: Counter[str] = Counter()
    bates: dict[str, dict[str, Any]] = {}
    documents = written = 0
    with (out_dir / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        manifest = csv.writer(handle)
        manifest.writerow(["path", "title", "date", "type", "source", "release"])
        for doc in iter_pages(pages, seed):
            texts = [full_page(doc, index) for index in range(len(doc.pages))]
            path = out_dir / doc.relative_path
            path.parent.mkdir(parents=True, exist_ok=True)
            data = "\f".join(texts).encode("utf-8")
            path.write_bytes(data)
            written += len(data)
            manifest.writerow(
                [
                    doc.relative_path,
                    doc.title,
                    doc.day.isoformat(),
                    doc.doc_type,
                    doc.source,
                    doc.release,
                ]
            )
            _count(doc, texts, counts, checks)
            documents += 1
            by_type[doc.doc_type] += 1
            pages_by_type[doc.doc_type] += len(texts)
            prefix = doc.bates[0].rsplit(".", 1)[0]
            entry = bates.setdefault(prefix, {"first": doc.bates[0], "pages": 0})
            entry["last"] = doc.bates[-1]
            entry["pages"] += len(doc.bates)
    summary = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "key": corpus_key(pages, seed),
        "pages": pages,
        "documents": documents,
        "bytes": written,
        "seconds": round(time.perf_counter() - started, 2),
        "configured_rates": {
            "phrases": PHRASE_RATES,
            "exemptions": EXEMPTION_RATES,
            "withheld_in_full": WITHHELD_RATE,
            "bates_footer": 1.0,
            "opt_out_forms": dict(OPT_OUT_FORMS),
        },
        "pages_with": dict(sorted(counts.items())),
        "measured_rates": {name: round(n / pages, 4) for name, n in sorted(counts.items())},
        "documents_by_type": dict(by_type),
        "pages_by_type": dict(pages_by_type),
        "bates": bates,
        "checks": {query: checks[query] for query in CHECKS},
    }
    # The summary is not part of the corpus: `foia ingest` skips what .foiaignore names.
    (out_dir / ".foiaignore").write_text(f"{SUMMARY_NAME}\n")
    # Written last: its presence marks a complete corpus (see ensure_corpus).
    (out_dir / SUMMARY_NAME).write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def _count(
    doc: GeneratedDocument, texts: list[str], counts: Counter[str], checks: Counter[str]
) -> None:
    title = doc.title.lower()
    for page, text in enumerate(texts, 1):
        flat = " ".join(text.split()).lower()
        for name, pattern in COUNTED.items():
            if pattern.search(flat):
                counts[name] += 1
        if "from: " in flat and "sent: " in flat and "subject: " in flat:
            counts["e-mail header"] += 1
        for query, predicate in CHECKS.items():
            if predicate(title, flat, page):
                checks[query] += 1
    counts["bates footer"] += len(texts)


def ensure_corpus(pages: int, work_dir: Path, seed: int = DEFAULT_SEED) -> Path:
    """The folder of the corpus of `pages` pages under `work_dir`, generated only when no
    complete copy made with the same parameters and generator code is there."""
    folder = work_dir / f"corpus-{pages}-{corpus_key(pages, seed)}"
    summary_path = folder / SUMMARY_NAME
    if not summary_path.exists():
        for stale in work_dir.glob(f"corpus-{pages}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        generate(pages, folder, seed)
    return folder


def load_summary(folder: Path) -> dict[str, Any]:
    """The summary.json of a generated corpus."""
    return dict(json.loads((folder / SUMMARY_NAME).read_text()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--out", type=Path, help="corpus folder (emptied first)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--queries", type=Path, help="write the benchmark queries file instead")
    args = parser.parse_args(argv)
    if args.queries:
        from query_set import write_queries

        count = write_queries(args.queries, args.seed)
        print(f"{count} queries written to {args.queries}")
        return 0
    if args.out is None:
        parser.error("--out or --queries is required")
    summary = generate(args.pages, args.out, args.seed)
    print(json.dumps({k: summary[k] for k in ("pages", "documents", "bytes", "seconds")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
