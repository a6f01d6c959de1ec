"""Investigator tools on an ingested home: batch search, the quote finder, more like this.

    python bench/bench_tools.py --home bench/work/home-30000 --out /tmp/tools.md
    python bench/bench_tools.py --quick --out /tmp/tools.md    # fewer queries and passages

1. Batch search: 500 lines through `run_batch` and `write_csv` into a temporary file, every
   matching page a row (at most 10,000 a query), a plain-text snippet cut for each. The list
   is an investigator's: names and terms of art drawn from the index (words on 0.05% to 2% of
   the pages), pairs of them ANDed, short quoted phrases around them, Bates numbers, prefixes.
   Target: well under a minute at 30k pages (MET under 30 s). For scale, also
   `bench/queries.txt` twice over (the query-latency set: common words on most pages), which
   lists about a million rows; no target.
2. Quote finder: passages of 20 to 50 words drawn from pages of the home (a quarter of them
   running over a page break), then damaged: words dropped, letters swapped, OCR-like letter
   confusions, an ellipsis for a left-out stretch, curly quotes, line breaks moved. A passage is
   found when the first match is its page (and, over a break, its two pages), or a page whose
   text holds the same passage (a duplicate). Target: at least 95% found, on the generated
   corpus and on the sample corpus (`../shared/corpus-samples`, indexed once into
   `bench/work/home-tools-samples` without OCR).
3. More like this: latency of `similar_documents` for random documents and pages.

Without `--home` it uses `bench/work/home-30000`, else the largest `bench/work/home-PAGES`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_DIR / "bench"
WORK_DIR = BENCH_DIR / "work"
SAMPLES_DIR = REPO_DIR.parent / "shared" / "corpus-samples"
QUERIES = BENCH_DIR / "queries.txt"
BATCH_TARGET_SECONDS = 30.0
QUOTE_TARGET = 0.95
# Lines of this many words or fewer at a page's edge are running heads, footers, Bates stamps.
EDGE_LINE_WORDS = 6
MIN_SIDE_WORDS = 8

for _folder in (BENCH_DIR, REPO_DIR):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from measure import write_report  # noqa: E402

from indexer.engines.whoosh.engine import WhooshEngine  # noqa: E402
from indexer.search.quotes import QuoteMatch, find_quote, words_of  # noqa: E402
from indexer.store.database import Store  # noqa: E402

# -- passages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    doc_id: str
    page: int
    page_end: int
    original: str  # the words as the page has them
    text: str  # after damage


def _body_lines(text: str, drop_first: bool, drop_last: bool) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if drop_last and lines and len(lines[-1].split()) <= EDGE_LINE_WORDS:
        lines = lines[:-1]
    if drop_first and lines and len(lines[0].split()) <= EDGE_LINE_WORDS:
        lines = lines[1:]
    return lines


def _words(text: str, drop_first: bool = False, drop_last: bool = False) -> list[str]:
    return " ".join(_body_lines(text, drop_first, drop_last)).split()


def _eligible(store: Store, min_words: int) -> list[tuple[str, int, int]]:
    """(doc_id, page, page_count) of the pages with some running text, in a stable order."""
    rows = store.query(
        "SELECT d.doc_id, e.page, d.page_count FROM documents d"
        " JOIN extracted_pages e ON e.sha256 = d.sha256"
        " WHERE length(e.text) >= ? ORDER BY d.doc_id, e.page",
        (min_words * 6,),
    )
    return [(row["doc_id"], row["page"], row["page_count"]) for row in rows]


def draw_passages(
    store: Store, count: int, seed: int, spanning_share: float = 0.25, min_words: int = 60
) -> list[Passage]:
    """`count` damaged passages from random pages of the store, the same for the same seed."""
    rng = random.Random(seed)
    eligible = _eligible(store, min_words)
    passages: list[Passage] = []
    tries = 0
    while len(passages) < count and tries < count * 20 and eligible:
        tries += 1
        doc_id, page, page_count = rng.choice(eligible)
        spans = rng.random() < spanning_share and page < page_count
        texts = store.page_texts(doc_id, [page, page + 1] if spans else [page])
        size = rng.randint(20, 50)
        if spans:
            first = _words(texts.get(page, ""), drop_last=True)
            second = _words(texts.get(page + 1, ""), drop_first=True)
            left = rng.randint(MIN_SIDE_WORDS, size - MIN_SIDE_WORDS)
            if len(first) < left or len(second) < size - left:
                continue
            words = first[len(first) - left :] + second[: size - left]
        else:
            every = _words(texts.get(page, ""))
            if len(every) < size + 5:
                continue
            start = rng.randint(0, len(every) - size)
            words = every[start : start + size]
        if len(words_of(" ".join(words))) < 15:
            continue  # a table of numbers, not a passage anyone quotes
        original = " ".join(words)
        passages.append(
            Passage(doc_id, page, page + 1 if spans else page, original, damage(words, rng))
        )
    return passages


def _swap(word: str, rng: random.Random) -> str:
    index = rng.randrange(1, len(word) - 2)
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


_OCR_CONFUSIONS = (("l", "1"), ("rn", "m"), ("e", "c"), ("O", "0"), ("i", "l"))


def _confuse(word: str, rng: random.Random) -> str:
    for wrong, right in rng.sample(_OCR_CONFUSIONS, len(_OCR_CONFUSIONS)):
        if wrong in word:
            return word.replace(wrong, right, 1)
    return word


def damage(words: list[str], rng: random.Random) -> str:
    """The passage as a person might paste it: about 7% of the words dropped, 7% with two
    letters swapped, 3% with an OCR confusion, one passage in five with an ellipsis for a few
    left-out words, curly quotes, and new line breaks."""
    kept = [words[0]]
    for word in words[1:-1]:
        roll = rng.random()
        if roll < 0.07:
            continue
        if roll < 0.14 and len(word) >= 5:
            word = _swap(word, rng)
        elif roll < 0.17:
            word = _confuse(word, rng)
        kept.append(word)
    kept.append(words[-1])
    if rng.random() < 0.2 and len(kept) > 16:
        start = rng.randint(4, len(kept) - 10)
        kept[start : start + rng.randint(3, 6)] = [rng.choice(["…", "...", "[...]"])]
    text = " ".join(kept)
    text = re.sub(r'"(\S)', "\u201c\\1", text).replace('"', "\u201d").replace("'", "\u2019")
    width = rng.randint(35, 90)
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def is_found(store: Store, passage: Passage, match: QuoteMatch | None) -> bool:
    """Whether the first match is the passage's page(s), or a duplicate holding its words."""
    if match is None:
        return False
    if (match.doc_id, match.page, match.page_end) == (
        passage.doc_id,
        passage.page,
        passage.page_end,
    ):
        return True
    texts = store.page_texts(match.doc_id, list(range(match.page, match.page_end + 1)))
    found = [word for page in sorted(texts) for word in words_of(texts[page])]
    wanted = words_of(passage.original)
    blocks = SequenceMatcher(None, found, wanted, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks if block.size >= 3) >= 0.95 * len(wanted)


def quote_accuracy(engine: WhooshEngine, store: Store, passages: list[Passage]) -> dict[str, Any]:
    """How many passages the quote finder puts first, with latencies."""
    seconds, misses = [], []
    found = spanning_found = 0
    for passage in passages:
        started = time.perf_counter()
        result = find_quote(engine, store, passage.text, limit=5)
        seconds.append(time.perf_counter() - started)
        top = result.matches[0] if result.matches else None
        if is_found(store, passage, top):
            found += 1
            spanning_found += passage.page_end != passage.page
        else:
            misses.append(
                {
                    "doc_id": passage.doc_id,
                    "page": passage.page,
                    "page_end": passage.page_end,
                    "text": passage.text,
                    "top": top.to_json() if top else None,
                }
            )
    spanning = sum(p.page_end != p.page for p in passages)
    return {
        "passages": len(passages),
        "found": found,
        "share": found / len(passages) if passages else 0.0,
        "spanning": spanning,
        "spanning_found": spanning_found,
        "p50_ms": 1000 * statistics.median(seconds) if seconds else 0.0,
        "p95_ms": 1000 * _p95(seconds),
        "misses": misses[:10],
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


# -- batch search and more like this ----------------------------------------------------------


def batch_lines(copies: int, limit: int | None = None) -> str:
    """bench/queries.txt `copies` times over (labels numbered), comments kept."""
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    queries = [line for line in lines if line.strip() and not line.startswith("#")][:limit]
    out = [line for line in lines if line.startswith("#")]
    for copy in range(copies):
        out += [f"{copy}-{line}" for line in queries]
    return "\n".join(out) + "\n"


def investigator_lines(engine: WhooshEngine, store: Store, count: int, seed: int) -> str:
    """A terms list as an investigator writes one, `count` distinct lines drawn from the
    home: half names and jargon (words on 0.05% to 2% of the pages), a fifth two of them
    ANDed, quoted phrases of two or three words around one of them from random pages, Bates
    numbers, a few prefixes."""
    rng = random.Random(seed)
    reader = engine.searcher().reader()
    pages = max(reader.doc_count(), 1)
    low, high = max(2, pages // 2000), max(5, pages // 50)
    words = sorted(
        text.decode() if isinstance(text, bytes) else text
        for text, info in reader.iter_field("exact")
        if low <= info.doc_frequency() <= high
        and (text.decode() if isinstance(text, bytes) else text).isalpha()
        and len(text) >= 5
    )
    known = set(words)
    keys = store.query("SELECT doc_id, page, bates FROM pages ORDER BY doc_id, page")
    lines: dict[str, str] = {}
    while len(lines) < count:
        kind = rng.random()
        if kind < 0.5:
            lines.setdefault(rng.choice(words), "term")
        elif kind < 0.7:
            lines.setdefault(f"{rng.choice(words)} AND {rng.choice(words)}", "and")
        elif kind < 0.85:
            row = rng.choice(keys)
            text = store.page_texts(row["doc_id"], [row["page"]]).get(row["page"], "")
            plain = [re.sub(r"[^\w'-]", "", word) for word in text.split()]
            named = [at for at, word in enumerate(plain[:-2]) if word.lower() in known]
            if named:  # a phrase around a name or a term of art, as people quote them
                at = rng.choice(named)
                lines.setdefault('"' + " ".join(plain[at : at + rng.randint(2, 3)]) + '"', "phrase")
        elif kind < 0.95:
            stamp = rng.choice(keys)["bates"]
            if stamp:
                lines.setdefault(f'bates:"{stamp}"', "bates")
        else:
            lines.setdefault(rng.choice(words)[:5] + "*", "prefix")
    return "".join(f"{label}\t{query}\n" for query, label in lines.items())


def measure_batch(engine: WhooshEngine, store: Store, lines: str) -> dict[str, Any]:
    """One batch run and its CSV written to a temporary file, timed apart."""
    from indexer.tools.batch import run_batch, write_csv

    started = time.perf_counter()
    report = run_batch(engine, store, lines.encode("utf-8"))
    searched = time.perf_counter() - started
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as handle:
        rows = write_csv(report, handle)
        size = handle.tell()
    total = time.perf_counter() - started
    return {
        "queries": len(report.queries),
        "rows": rows,
        "truncated": sum(query.is_truncated for query in report.queries),
        "problems": len(report.problems),
        "search_seconds": searched,
        "seconds": total,
        "csv_mb": size / 1e6,
    }


def measure_similar(engine: WhooshEngine, store: Store, count: int, seed: int) -> dict[str, Any]:
    """Latency of `similar_documents` for random documents, and for one of their pages."""
    from indexer.search.similar import similar_documents

    rng = random.Random(seed)
    documents = store.list_documents()
    chosen = rng.sample(documents, min(count, len(documents)))
    whole, pages, found = [], [], 0
    for document in chosen:
        started = time.perf_counter()
        result = similar_documents(engine, store, document["doc_id"])
        whole.append(time.perf_counter() - started)
        found += bool(result.documents)
        started = time.perf_counter()
        similar_documents(engine, store, document["doc_id"], page=document["pages"])
        pages.append(time.perf_counter() - started)
    return {
        "documents": len(chosen),
        "with_results": found,
        "document_p50_ms": 1000 * statistics.median(whole),
        "document_p95_ms": 1000 * _p95(whole),
        "page_p50_ms": 1000 * statistics.median(pages),
        "page_p95_ms": 1000 * _p95(pages),
    }


# -- homes and the report ---------------------------------------------------------------------


def default_home() -> Path | None:
    """bench/work/home-30000, else the largest bench/work/home-PAGES, else None."""
    if (WORK_DIR / "home-30000").is_dir():
        return WORK_DIR / "home-30000"
    homes = sorted(
        (int(path.name.split("-")[1]), path)
        for path in WORK_DIR.glob("home-*")
        if path.name.split("-")[1].isdigit()
    )
    return homes[-1][1] if homes else None


def samples_home() -> Path | None:
    """The sample corpus indexed (without OCR) once into bench/work/home-tools-samples."""
    home = WORK_DIR / "home-tools-samples"
    if (home / "done").exists():
        return home
    if not SAMPLES_DIR.is_dir():
        return None
    from indexer.ingest.pipeline import ingest

    report = ingest([SAMPLES_DIR / "pdf", SAMPLES_DIR / "html"], home, workers=2, ocr="off")
    if report.added:
        (home / "done").touch()
    return home


def _pages(store: Store) -> int:
    return int(store.query("SELECT coalesce(sum(page_count), 0) FROM documents")[0][0])


def measure(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    data: dict[str, Any] = {"quick": quick, "homes": {}}
    home = args.home or default_home()
    targets = [("generated", home)] if home else []
    sample = samples_home()
    if sample:
        targets.append(("samples", sample))
    for name, path in targets:
        store, engine = Store(path), WhooshEngine(path)
        figures: dict[str, Any] = {"home": str(path), "pages": _pages(store)}
        passages = draw_passages(store, 50 if quick else 200, seed=args.seed)
        figures["quotes"] = quote_accuracy(engine, store, passages)
        if name == "generated":
            lines = investigator_lines(engine, store, 100 if quick else 500, args.seed)
            figures["batch"] = measure_batch(engine, store, lines)
            lines = batch_lines(1 if quick else 2, 100 if quick else None)
            figures["batch_latency_set"] = measure_batch(engine, store, lines)
            figures["similar"] = measure_similar(engine, store, 10 if quick else 30, 7)
        data["homes"][name] = figures
        engine.close()
        store.close()
    return data


def _verdict(is_met: bool) -> str:
    return "**MET**" if is_met else "**MISSED**"


def markdown(data: dict[str, Any]) -> str:
    lines = ["# Investigator tools", ""]
    lines += ["| measure | home | result | target | |", "|---|---|---|---|---|"]
    for name, figures in data["homes"].items():
        label = f"{name} ({figures['pages']:,} pages)"
        quotes = figures["quotes"]
        lines.append(
            f"| quote finder: right page first | {label} | {quotes['found']}/"
            f"{quotes['passages']} ({100 * quotes['share']:.1f}%), over a page break"
            f" {quotes['spanning_found']}/{quotes['spanning']} | >= 95% |"
            f" {_verdict(quotes['share'] >= QUOTE_TARGET)} |"
        )
        if "batch" in figures:
            batch = figures["batch"]
            lines.append(
                f"| batch search, an investigator's list: {batch['queries']} queries,"
                f" {batch['rows']:,} rows to CSV | {label} | {batch['seconds']:.1f} s"
                f" | < {BATCH_TARGET_SECONDS:.0f} s |"
                f" {_verdict(batch['seconds'] < BATCH_TARGET_SECONDS)} |"
            )
        if "batch_latency_set" in figures:
            batch = figures["batch_latency_set"]
            rate = batch["rows"] / max(batch["seconds"] - batch["search_seconds"], 1e-9)
            lines.append(
                f"| batch search, queries.txt twice (common words; {batch['truncated']} queries"
                f" capped): {batch['queries']} queries, {batch['rows']:,} rows"
                f" ({batch['csv_mb']:.0f} MB) | {label} | {batch['seconds']:.1f} s (search"
                f" {batch['search_seconds']:.1f} s, {rate:,.0f} rows/s) | none | |"
            )
    lines += ["", "## Details", ""]
    for name, figures in data["homes"].items():
        quotes = {k: v for k, v in figures["quotes"].items() if k != "misses"}
        lines.append(f"- **{name}** `{figures['home']}`: quotes {json.dumps(quotes)}")
        for key in ("batch", "batch_latency_set", "similar"):
            if key in figures:
                shown = {
                    k: round(v, 3) if isinstance(v, float) else v for k, v in figures[key].items()
                }
                lines.append(f"  - {key}: {json.dumps(shown)}")
        for miss in figures["quotes"]["misses"][:3]:
            top = miss["top"]
            where = f"{top['doc_id']} p. {top['page']}-{top['page_end']}" if top else "nothing"
            lines.append(
                f"  - missed {miss['doc_id']} p. {miss['page']}-{miss['page_end']}"
                f" (found {where}): `{' '.join(miss['text'].split())[:160]}`"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an ingested home (default: see above)")
    parser.add_argument("--quick", action="store_true", help="fewer queries and passages")
    parser.add_argument("--seed", type=int, default=2674, help="passages drawn with this seed")
    parser.add_argument("--out", type=Path, help="write the Markdown section here")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args(argv)
    data = measure(args)
    write_report(markdown(data), data, args.out, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
