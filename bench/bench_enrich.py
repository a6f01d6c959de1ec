"""Benchmark FOIA enrichment: its cost next to extraction, near-duplicate similarity and grouping.

Usage: .venv/bin/python bench/bench_enrich.py [--sizes 10000,30000,100000] [--repeats 3]
                                              [--no-ocr] [--quick] [--out FILE]

1. Enrichment cost: `enrich_document` per page against the extractor per page on the PDFs of
   corpus/pdf (target: under 10%), and the near-duplicate signature per page beside it.
2. Similarity: exact Jaccard of shingles, its MinHash estimate and the substitution share
   (`indexer.enrich.duplicates`) for the six 287(g) MOAs of corpus/pdf pairwise, for a
   Tesseract reading of the rendered Owyhee MOA against its text layer, and for generated
   copies that differ in redactions, OCR noise and Bates stamps; how many are judged copies.
   Scanned pages are read by OCR once and cached in bench/work/enrich/ (--no-ocr: skipped).
3. Grouping: `update_duplicates` in batches of 500 documents, as ingest commits them, over
   generated corpora (bench/generate_corpus.py) of each size with a redacted copy of every
   40th document; time per page at each size (target: no faster than linear growth).
Prints a Markdown section; --out writes it too.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_corpus as corpus  # noqa: E402

from indexer.enrich import (
    duplicates as dup,  # noqa: E402
    enrich_document,  # noqa: E402
)
from indexer.enrich.bates import find_bates  # noqa: E402
from indexer.enrich.grouping import group_documents  # noqa: E402
from indexer.extractors import extractor_for  # noqa: E402
from indexer.extractors.ocr import ocr_available, ocr_page  # noqa: E402
from indexer.model.document import Document, Page  # noqa: E402
from indexer.store.database import Store  # noqa: E402
from indexer.store.duplicates import update_duplicates  # noqa: E402

REPO_DIR = Path(__file__).resolve().parents[1]
PDF_DIR = REPO_DIR / "corpus" / "pdf"
WORK_DIR = REPO_DIR / "bench" / "work" / "enrich"
MOA_NAMES = ("MOA", "287g", "Hamilton")
RENDERED_OCR = "OwyheeCoID_TFM_MOA_03.07.25.pdf"
BATCH = 500
COPY_EVERY = 40
LABELS = ("(b)(6)", "(b)(6), (b)(7)(C)", "(b)(7)(C)", "(b)(5)")
# OCR confusions: (printed, read).
MISREADINGS = (("l", "1"), ("o", "0"), ("rn", "m"), ("e", "c"), ("i", "l"), ("m", "rn"))

Texts = list[str]


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The least CPU time of `repeats` runs of `work`, in seconds: CPU, not wall time, so
    that other work on a shared machine does not count."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


# -- 1. enrichment cost ----------------------------------------------------------------------


def enrichment_section(pdfs: list[Path], repeats: int) -> list[str]:
    rows = []
    totals = [0, 0.0, 0.0, 0.0]
    for pdf_path in pdfs:
        doc = extractor_for(pdf_path).extract(pdf_path)
        extract = best_of(repeats, lambda p=pdf_path: extractor_for(p).extract(p))  # type: ignore[misc]
        enrich = best_of(repeats, lambda d=doc: enrich_document(d))  # type: ignore[misc]
        enriched = enrich_document(doc)
        texts = [page.text for page in enriched.pages]
        stamps = [page.bates for page in enriched.pages]
        sign = best_of(repeats, lambda t=texts, s=stamps: dup.signature(dup.document_words(t, s)))  # type: ignore[misc]
        pages = len(doc.pages)
        for index, value in enumerate((pages, extract, enrich, sign)):
            totals[index] += value
        rows.append(_cost_row(f"`{pdf_path.name}`", pages, extract, enrich, sign))
    rows.append(_cost_row("**all**", int(totals[0]), totals[1], totals[2], totals[3]))
    share = totals[2] / totals[1] if totals[1] else 0.0
    return [
        "### Enrichment cost per page",
        "",
        f"Least CPU time of {repeats} runs per PDF of `corpus/pdf`; extraction is the text layer"
        " (scanned pages count as pages but their OCR, seconds a page, is not included, so the"
        " share is an upper bound). The signature (`document_words` + `signature`) is computed"
        " after the commit by `update_duplicates`, not by `enrich_document`.",
        "",
        *table(
            ["PDF", "pages", "extract ms/page", "enrich ms/page", "enrich/extract",
             "signature ms/page"],
            rows,
        ),
        "",
        f"Enrichment adds **{share:.1%}** to extraction (target: under 10%):"
        f" **{'MET' if share < 0.10 else 'MISSED'}**.",
        "",
    ]  # fmt: skip


def _cost_row(name: str, pages: int, extract: float, enrich: float, sign: float) -> list[str]:
    per = 1000 / max(pages, 1)
    share = enrich / extract if extract else 0.0
    return [name, str(pages), f"{extract * per:.2f}", f"{enrich * per:.2f}", f"{share:.1%}",
            f"{sign * per:.2f}"]  # fmt: skip


# -- 2. similarity ---------------------------------------------------------------------------


def _ocr_task(job: tuple[str, int]) -> tuple[str, int, str]:
    path, page = job
    return path, page, ocr_page(Path(path), page).text


def _cached_ocr(jobs: list[tuple[Path, int]], cache_path: Path) -> dict[str, str]:
    """OCR text of (pdf, page) jobs keyed "sha256:page", read from and added to the cache."""
    cache: dict[str, str] = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    keys = {(str(path), page): f"{_sha(path)}:{page}" for path, page in jobs}
    missing = [job for job, key in keys.items() if key not in cache]
    if missing:
        with Pool(2) as pool:
            for path, page, text in pool.imap_unordered(_ocr_task, missing):
                cache[keys[(path, page)]] = text
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache_path.write_text(json.dumps(cache))
    return cache


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _render_scan(pdf_path: Path, out_path: Path) -> Path:
    """An image-only copy of `pdf_path` (pages rendered at 200 dpi, no text layer)."""
    if not out_path.exists():
        pdf = pdfium.PdfDocument(pdf_path)
        images = [pdf[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(pdf))]
        out_path.parent.mkdir(parents=True, exist_ok=True)
        images[0].save(out_path, save_all=True, append_images=images[1:], resolution=200)
        pdf.close()
    return out_path


def moa_texts(use_ocr: bool) -> tuple[dict[str, Texts], list[str]]:
    """Page texts of the 287(g) MOAs (scanned pages read by OCR) and of a rendered-and-OCR'd
    copy of one of them; plus notes on what was skipped."""
    pdfs = sorted(p for p in PDF_DIR.glob("*.pdf") if any(n in p.name for n in MOA_NAMES))
    docs = {p: extractor_for(p).extract(p) for p in pdfs}
    notes: list[str] = []
    jobs = [(p, page.page) for p, doc in docs.items() for page in doc.pages if page.needs_ocr]
    if use_ocr and ocr_available():
        scan = _render_scan(PDF_DIR / RENDERED_OCR, WORK_DIR / f"scan-{RENDERED_OCR}")
        jobs += [(scan, page) for page in range(1, len(docs[PDF_DIR / RENDERED_OCR].pages) + 1)]
        cache = _cached_ocr(jobs, WORK_DIR / "ocr-cache.json")
        texts = {
            p.stem: [
                cache[f"{_sha(p)}:{page.page}"] if page.needs_ocr else page.text
                for page in doc.pages
            ]
            for p, doc in docs.items()
        }
        pages = range(1, len(docs[PDF_DIR / RENDERED_OCR].pages) + 1)
        texts["Owyhee rendered + OCR"] = [cache[f"{_sha(scan)}:{page}"] for page in pages]
        return texts, notes
    scanned = {p for p, _ in jobs}
    notes.append("no OCR: skipped " + ", ".join(f"`{p.name}`" for p in sorted(scanned)))
    return {
        p.stem: [page.text for page in d.pages] for p, d in docs.items() if p not in scanned
    }, notes


@dataclass(frozen=True)
class Fingerprint:
    """A document's pages of words, shingles and signature, computed once."""

    runs: list[dup.Runs]
    shingles: set[str]
    signature: tuple[int, ...] | None


def fingerprint(texts: Texts) -> Fingerprint:
    runs = dup.document_words(texts)
    return Fingerprint(runs, dup.document_shingles(runs), dup.signature(runs))


Measure = tuple[float, float, float | None, bool]


def _measure(first: Fingerprint, second: Fingerprint, always: bool = True) -> Measure:
    """(Jaccard, MinHash estimate, substitution share, judged copies) of two documents; the
    share only when `always` or the estimate makes them candidates."""
    sig_a, sig_b = first.signature, second.signature
    estimate = dup.estimate(sig_a, sig_b) if sig_a and sig_b else 0.0
    candidate = estimate >= dup.SIMILARITY_THRESHOLD
    share = dup.substitution_share(first.runs, second.runs) if always or candidate else None
    same = candidate and dup.is_same_record(first.runs, second.runs)
    return dup.jaccard(first.shingles, second.shingles), estimate, share, same


def moa_section(use_ocr: bool) -> list[str]:
    texts, notes = moa_texts(use_ocr)
    rows = []
    for (name_a, a), (name_b, b) in itertools.combinations(sorted(texts.items()), 2):
        exact, estimate, share, same = _measure(fingerprint(a), fingerprint(b))
        rows.append([f"`{name_a[:28]}`", f"`{name_b[:28]}`", f"{exact:.3f}", f"{estimate:.3f}",
                     f"{share or 0:.2%}", "**copies**" if same else "different"])  # fmt: skip
    groups = group_documents(list(texts.items()))
    return [
        "### 287(g) MOAs of corpus/pdf, pairwise",
        "",
        f"Shingles of {dup.SHINGLE_WORDS} folded words; estimate from {dup.SIGNATURE_SIZE}-bin"
        f" MinHash; copies when estimate >= {dup.SIMILARITY_THRESHOLD} and substitutions <="
        f" {dup.MAX_SUBSTITUTION_SHARE:.0%} of the words (+{dup.SUBSTITUTION_ALLOWANCE}). "
        + " ".join(notes),
        "",
        *table(["document", "document", "Jaccard", "estimate", "substituted", "judged"], rows),
        "",
        "Groups: " + "; ".join(" + ".join(f"`{m[:28]}`" for m in g) for g in groups),
        "",
    ]


def redact(text: str, share: float, rng: random.Random) -> str:
    """Runs of 1-3 words replaced by an exemption label, `share` of the words in all."""
    parts = re.split(r"(\s+)", text)  # words at even indexes, spacing kept
    out: list[str] = []
    index = 0
    while index < len(parts):
        if index % 2 == 0 and parts[index] and rng.random() < share / 2:
            out.append(rng.choice(LABELS))
            index += 2 * rng.randint(1, 3) - 1
        else:
            out.append(parts[index])
            index += 1
    return "".join(out)


def misread(text: str, share: float, rng: random.Random) -> str:
    """`share` of the words misread as OCR misreads them: a letter confused, a letter lost."""
    parts = re.split(r"(\s+)", text)
    for index in range(0, len(parts), 2):
        word = parts[index]
        if word and rng.random() < share:
            printed, read = rng.choice(MISREADINGS)
            parts[index] = word.replace(printed, read, 1) if printed in word else word[:-1]
    return "".join(parts)


def restamp(text: str) -> str:
    """A re-release: new Bates prefix and a cover line."""
    text = re.sub(r"^[A-Z]+ FOIA \d\d-\d{4}\.", "DHS-PRIV-", text, flags=re.MULTILINE)
    return "RELEASED BY THE DHS PRIVACY OFFICE, 2012\n" + text


CASES: dict[str, Callable[[str, random.Random], tuple[str, str]]] = {
    "redactions 2% vs 2%": lambda t, r: (redact(t, 0.02, r), redact(t, 0.02, r)),
    "redactions 5% vs 5%": lambda t, r: (redact(t, 0.05, r), redact(t, 0.05, r)),
    "redactions 8% vs 8% + OCR noise 2%": lambda t, r: (
        redact(t, 0.08, r), misread(redact(t, 0.08, r), 0.02, r)),
    "OCR noise 3%": lambda t, r: (t, misread(t, 0.03, r)),
    "new Bates prefix + cover line": lambda t, r: (t, restamp(t)),
}  # fmt: skip


def synthetic_section(documents: int) -> list[str]:
    rng = random.Random(5)
    docs = list(itertools.islice(corpus.iter_documents(), documents))
    pages = [[corpus.full_page(doc, i) for i in range(len(doc.pages))] for doc in docs]
    rows = []
    for name, make in CASES.items():
        results = []
        for texts in pages:
            pairs = [make(text, rng) for text in texts]
            first, second = [a for a, _ in pairs], [b for _, b in pairs]
            results.append(_measure(fingerprint(first), fingerprint(second)))
        rows.append(_case_row(name, results))
    prints = [fingerprint(texts) for texts in pages[:150]]
    unrelated = [_measure(a, b, always=False) for a, b in itertools.combinations(prints, 2)]
    rows.append(_case_row("different generated documents (pairs of 150)", unrelated))
    return [
        "### Generated copies",
        "",
        f"{documents} generated documents (e-mails, memos, letters, reports), each page with its"
        " Bates footer; two copies of each made as described (labels such as (b)(6) replace"
        " 1-3 words at a time; misreadings: l/1, o/0, rn/m, e/c, i/l, a letter lost).",
        "",
        *table(
            [
                "copies",
                "pairs",
                "Jaccard min / median / max",
                "substituted median / p95 / max",
                "judged copies",
            ],
            rows,
        ),
        "",
    ]


def _case_row(name: str, results: list[Measure]) -> list[str]:
    exact = sorted(r[0] for r in results)
    shares = sorted(r[2] for r in results if r[2] is not None)
    same = sum(r[3] for r in results)
    spread = "not candidates"
    if shares:
        p95 = shares[int(0.95 * (len(shares) - 1))]
        spread = f"{statistics.median(shares):.2%} / {p95:.2%} / {shares[-1]:.2%}"
    return [name, str(len(results)),
            f"{exact[0]:.2f} / {statistics.median(exact):.2f} / {exact[-1]:.2f}",
            spread, f"{same} ({same / len(results):.1%})"]  # fmt: skip


# -- 3. grouping at scale --------------------------------------------------------------------


def _save(store: Store, doc_id: str, texts: Sequence[str], stamps: Sequence[str | None]) -> None:
    sha = hashlib.sha256("\f".join(texts).encode()).hexdigest()
    pages = tuple(
        Page(page=n, text=t, bates=s) for n, (t, s) in enumerate(zip(texts, stamps, strict=True), 1)
    )
    doc = Document(doc_id, sha, f"/bench/{doc_id}.txt", "text", doc_id, pages)
    store.save_extraction(sha, doc)
    store.save_document(doc, len("".join(texts)), {})


def fill_store(store: Store, pages: int) -> tuple[list[str], dict[str, str]]:
    """Generated documents of `pages` pages in all, with a differently redacted copy (new
    stamps) of every COPY_EVERY-th; returns doc_ids in ingest order and copy -> original."""
    rng = random.Random(pages)
    order: list[str] = []
    originals: dict[str, str] = {}
    for doc in corpus.iter_pages(pages):
        texts = [corpus.full_page(doc, i) for i in range(len(doc.pages))]
        doc_id = f"doc-{doc.number:06d}"
        _save(store, doc_id, texts, list(doc.bates))
        order.append(doc_id)
        if doc.number % COPY_EVERY == 0:
            copy = [restamp(redact(text, 0.05, rng)) for text in texts]
            _save(store, f"{doc_id}-copy", copy, [find_bates(text) for text in copy])
            order.append(f"{doc_id}-copy")
            originals[f"{doc_id}-copy"] = doc_id
    return order, originals


def grouping_row(pages: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        order, originals = fill_store(store, pages)
        total_pages = int(store.query("SELECT sum(page_count) FROM documents")[0][0])
        started, cpu_started = time.perf_counter(), time.process_time()
        for start in range(0, len(order), BATCH):
            update_duplicates(store, order[start : start + BATCH])
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        rows = store.query("SELECT doc_id, duplicate_group FROM doc_signatures")
        groups = {row[0]: row[1] for row in rows}
        found = sum(groups[c] == groups[o] for c, o in originals.items())
        merged = store.query(
            "SELECT count(*) FROM (SELECT duplicate_group FROM doc_signatures"
            " GROUP BY duplicate_group HAVING count(*) > 1)"
        )[0][0]
        store.close()
    return [f"{pages:,}", f"{total_pages:,}", f"{len(order):,}", f"{seconds:.1f}",
            f"{cpu:.1f}", f"{cpu / total_pages * 1000:.2f}", f"{found}/{len(originals)}",
            str(merged - found)]  # fmt: skip


def grouping_section(sizes: list[int]) -> list[str]:
    rows = [grouping_row(size) for size in sizes]
    per_page = [float(row[5]) for row in rows]
    growth = per_page[-1] / per_page[0] if per_page[0] else 0.0
    verdict = "MET" if growth <= 1.25 else "MISSED"
    return [
        "### Near-duplicate grouping at scale",
        "",
        f"`update_duplicates` in batches of {BATCH} documents in ingest order (signatures from"
        " the stored page text, candidates from the LSH buckets in SQLite, copies checked word"
        f" by word) over generated corpora; every {COPY_EVERY}th document has a copy with other"
        " redactions (5% of words), another Bates prefix and a cover line.",
        "",
        *table(
            [
                "corpus pages",
                "pages with copies",
                "documents",
                "wall s",
                "CPU s",
                "CPU ms per page",
                "copies grouped",
                "other groups",
            ],
            rows,
        ),
        "",
        f"CPU time per page at {sizes[-1]:,} pages is {growth:.2f}x that at {sizes[0]:,} (target:"
        f" no faster than linear growth, i.e. about 1x): **{verdict}**.",
        "",
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="corpus sizes in pages")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned MOAs")
    parser.add_argument("--quick", action="store_true", help="small sizes, no OCR")
    parser.add_argument("--out", type=Path, help="also write the Markdown section here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [1000, 3000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    pdfs = sorted(PDF_DIR.glob("*.pdf"))
    lines = [
        "## Enrichment and near-duplicates",
        "",
        "`bench/bench_enrich.py`" + (" --quick" if args.quick else ""),
        "",
        *enrichment_section(pdfs, args.repeats),
        *moa_section(use_ocr=not (args.no_ocr or args.quick)),
        *synthetic_section(40 if args.quick else 200),
        *grouping_section(sizes),
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
