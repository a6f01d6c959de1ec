"""Near-duplicate fingerprints (word shingles and MinHash) and grouping.

Two documents are copies of one record when their texts, as released, differ only by
redactions, OCR misreadings, Bates stamps and cover pages. How that is decided, with the
numbers `bench/bench_enrich.py` measured (exact Jaccard of 5-word shingles unless said):

- Text is folded as the index folds it, the Bates stamp is removed and the text is cut into
  runs at every redaction (`indexer.enrich.fingerprint_text`), so that no shingle spans a
  redaction: a copy redacted more heavily loses only the shingles of the words it hides.
- Copies: other redactions on both sides, 2% of the words each, 0.78-0.98; 5% each 0.56-0.88
  (median 0.75); 8% each plus 2% OCR misreadings 0.36-0.75 (median 0.55); 3% misreadings
  0.59-0.87; new Bates prefix and cover line 0.94-0.99; Tesseract's reading of the rendered
  Owyhee 287(g) MOA (14 pages) against its text layer 0.93. Different records: unrelated
  generated e-mails and memos from one vocabulary at most 0.02 (11,175 pairs); 287(g) MOAs of
  different models 0.19-0.57. But three 2025 Task Force Model MOAs, one ICE template filled in
  for DeLand, Lawrence County and Owyhee County, score 0.85-0.90 against each other: no
  Jaccard threshold tells them from redacted copies.
- So a pair whose MinHash estimate reaches SIMILARITY_THRESHOLD (0.5: nearly all copies, few
  strangers) is compared word by word, page against matching page (difflib), and is a copy only
  when the words one side prints *instead of other words* (not beside a redaction, not a
  misreading of the same word, not a bullet or numeral read differently) are at most
  MAX_SUBSTITUTION_SHARE of the shorter document's words. Measured share: the Task Force Model
  MOAs 1.29-7.1% (county names, addresses, signers); the OCR reading of the Owyhee MOA 0.54%;
  generated copies with 2% or 5% redactions or 3% misreadings at most 0.9%, all 600 judged
  copies; with 8% redactions on each side plus misreadings, 95th percentile 1.15%, and 159 of
  200 judged copies (39 of the 41 missed have an estimate under 0.5: too little text left).
- Grouping 100,000 generated pages (19,827 documents, 483 copies) took 2.8 ms of CPU a page,
  as at 10,000 pages (3.05 ms): every copy found, no other group.

The signature is one-permutation MinHash: each shingle is hashed once with keyed BLAKE2b (the
key fixes the hash family, so stored signatures stay valid across runs and machines), its top
bits choose one of SIGNATURE_SIZE bins, each bin keeps its least value, and an empty bin
borrows from the next full one (rotation densification). The share of equal bins estimates the
Jaccard index as classic MinHash with SIGNATURE_SIZE permutations does, at one hash per shingle
instead of SIGNATURE_SIZE (measured: 3.4 ms against 26 ms a 350-word page). LSH with BANDS
bands of ROWS values makes a pair a candidate with probability 1 - (1 - J^ROWS)^BANDS: 0.87 at
J = 0.5, 0.99 at J = 0.6, 0.05 at J = 0.2.
"""

from __future__ import annotations

import difflib
import hashlib
import struct
from collections.abc import Iterable, Sequence

from indexer.enrich.fingerprint_text import Runs

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 128
BANDS = 32
ROWS = SIGNATURE_SIZE // BANDS
SIMILARITY_THRESHOLD = 0.5
MAX_SUBSTITUTION_SHARE = 0.01
# Substituted words always forgiven: a short page with two misread words is still a copy.
SUBSTITUTION_ALLOWANCE = 2
# Two differing spellings at least this alike (difflib ratio) are one word misread by OCR:
# "information"/"infonnation" 0.91, "training"/"trammg" 0.71, "Owyhee"/"Lawrence" 0.14.
OCR_LIKENESS = 0.6
# Differing words this short on both sides are marks (bullets read as "e" or "x", list letters,
# roman numerals read as "11"), not words: measured on OCR against the text layer.
MARK_LETTERS = 2
# Fewer shingles than this (a slip sheet, a cover page, an unread scan) say nothing about
# whether two documents are the same record: such documents are never grouped.
MIN_SHINGLES = 20
# Longer word sequences are aligned with difflib's junk heuristic, which is faster.
EXACT_ALIGNMENT_WORDS = 20_000
# Two pages hold the same text from this Jaccard index of their shingles on.
PAGE_MATCH = 0.3
# Pages farther apart than this (plus the difference in page counts) are not paired.
PAGE_DRIFT = 8
# Paired pages must hold this share of the shorter document's words, or documents are compared
# whole.
MIN_PAGE_COVERAGE = 0.8
HASH_KEY = b"foia-search/minhash/v1"

_BIN_BITS = SIGNATURE_SIZE.bit_length() - 1
_VALUE_MASK = (1 << 32) - 1
_EMPTY = 1 << 32  # above every 32-bit value: no shingle fell in the bin
_ROTATION_STEP = 0x9E3779B1  # odd: a value borrowed from d bins away differs for each d
_PACKING = struct.Struct(f"<{SIGNATURE_SIZE}I")
_BREAK = "\x00"  # stands for a redaction between two runs of words
assert 1 << _BIN_BITS == SIGNATURE_SIZE, "SIGNATURE_SIZE must be a power of two"


def shingles(runs: Iterable[Sequence[str]], size: int = SHINGLE_WORDS) -> set[str]:
    """The `size`-word shingles of runs of words; a run shorter than `size` is one shingle."""
    found: set[str] = set()
    for run in runs:
        if len(run) <= size:
            found.add(" ".join(run))
            continue
        for start in range(len(run) - size + 1):
            found.add(" ".join(run[start : start + size]))
    return found


def document_shingles(pages: Iterable[Runs]) -> set[str]:
    """The shingles of every page of a document (from `document_words`)."""
    return shingles(run for page in pages for run in page)


def jaccard(first: set[str], second: set[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0.0 when both are empty."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def minhash(shingle_set: Iterable[str]) -> tuple[int, ...] | None:
    """The one-permutation MinHash of a set of shingles (SIGNATURE_SIZE 32-bit values), or
    None when it has fewer than MIN_SHINGLES shingles."""
    bins = [_EMPTY] * SIGNATURE_SIZE
    shift = 64 - _BIN_BITS
    count = 0
    for shingle in shingle_set:
        digest = hashlib.blake2b(shingle.encode(), digest_size=8, key=HASH_KEY).digest()
        value = int.from_bytes(digest, "little")
        low = value & _VALUE_MASK
        if low < bins[value >> shift]:
            bins[value >> shift] = low
        count += 1
    return tuple(_densify(bins)) if count >= MIN_SHINGLES else None


def _densify(bins: list[int]) -> list[int]:
    """Fill each empty bin from the next full one (circularly), shifted by the distance."""
    filled = list(bins)
    for index, value in enumerate(bins):
        if value != _EMPTY:
            continue
        for distance in range(1, SIGNATURE_SIZE):
            borrowed = bins[(index + distance) % SIGNATURE_SIZE]
            if borrowed != _EMPTY:
                filled[index] = (borrowed + distance * _ROTATION_STEP) & _VALUE_MASK
                break
    return filled


def signature(pages: Iterable[Runs]) -> tuple[int, ...] | None:
    """The MinHash of a document's pages of words; None when it has too little text."""
    return minhash(document_shingles(pages))


def estimate(first: Sequence[int], second: Sequence[int]) -> float:
    """The Jaccard index two signatures estimate: the share of equal values."""
    return sum(a == b for a, b in zip(first, second, strict=True)) / SIGNATURE_SIZE


def band_keys(signature_values: Sequence[int]) -> list[tuple[int, int]]:
    """(band number, bucket) for each LSH band; a bucket fits a signed 64-bit integer."""
    keys = []
    for band in range(BANDS):
        values = signature_values[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<{ROWS}I", *values), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little") >> 1))
    return keys


def pack(signature_values: Sequence[int]) -> bytes:
    """The signature as 4 bytes a value, for storage."""
    return _PACKING.pack(*signature_values)


def unpack(data: bytes) -> tuple[int, ...]:
    return tuple(_PACKING.unpack(data))


def _flat(runs: Sequence[Sequence[str]]) -> list[str]:
    words: list[str] = []
    for run in runs:
        words.extend(run)
        words.append(_BREAK)
    return words


def _is_misreading(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two different spans are one text read differently: OCR misread letters or lost
    spaces, or read a bullet, a list letter or a roman numeral as another short mark."""
    if all(len(word) <= MARK_LETTERS for word in (*first, *second)):
        return True
    ratio = difflib.SequenceMatcher(None, "".join(first), "".join(second)).ratio()
    return ratio >= OCR_LIKENESS


def _substituted(left: Sequence[str], right: Sequence[str]) -> int:
    """Words of `left` and `right` (flat, redactions marked) printed differently."""
    autojunk = max(len(left), len(right)) > EXACT_ALIGNMENT_WORDS
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=autojunk)
    count = 0
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation != "replace" or _BREAK in left[i1:i2] or _BREAK in right[j1:j2]:
            continue  # equal, one-sided, or beside a redaction
        if not _is_misreading(left[i1:i2], right[j1:j2]):
            count += max(i2 - i1, j2 - j1)
    return count


def align_pages(
    first: Sequence[set[str]], second: Sequence[set[str]]
) -> list[tuple[int, int, float]]:
    """(index in first, index in second, Jaccard) of the pages of two documents (as shingle
    sets) that hold the same text: in order, each page at most once, the most total similarity
    (a copy may lack a withheld page or add a cover page). Pages more than PAGE_DRIFT apart,
    beyond the difference in page counts, are not paired.

    Only the band of cells where pages may pair is computed (issue 12: a 5,000-page document
    against its copy filled 25 million cells): a cell beyond the band holds the value of the
    band's edge on its row or column, since no pair lies between them."""
    rows, cols = len(first), len(second)
    drift = abs(rows - cols) + PAGE_DRIFT
    similar: dict[tuple[int, int], float] = {}
    band: list[list[float]] = [[]]  # band[i][j - low(i)] for i >= 1

    def low(i: int) -> int:
        return max(1, i - drift)

    def best(i: int, j: int) -> float:
        if j > i + drift:
            j = i + drift
        elif i > j + drift:
            i = j + drift
        return band[i][j - low(i)] if i and j else 0.0

    for i in range(1, rows + 1):
        cells: list[float] = []
        band.append(cells)
        for j in range(low(i), min(cols, i + drift) + 1):
            value = jaccard(first[i - 1], second[j - 1])
            score = max(best(i - 1, j), best(i, j - 1))
            if value >= PAGE_MATCH:
                similar[(i, j)] = value
                score = max(score, best(i - 1, j - 1) + value)
            cells.append(score)
    pairs: list[tuple[int, int, float]] = []
    i, j = rows, cols
    while i and j:
        matched = similar.get((i, j))
        if matched is not None and best(i, j) == best(i - 1, j - 1) + matched:
            pairs.append((i - 1, j - 1, matched))
            i, j = i - 1, j - 1
        elif best(i, j) == best(i - 1, j):
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _word_count(runs: Iterable[Sequence[str]]) -> int:
    return sum(len(run) for run in runs)


def substitutions(first: Sequence[Runs], second: Sequence[Runs]) -> int:
    """Words where one document prints other words than the other (not a redaction, not a
    misreading); words only one side prints (a redaction, a cover page) do not count.

    Pages are paired first and compared pair by pair (fast: difflib is quadratic in the worst
    case); when the pairs hold less than MIN_PAGE_COVERAGE of the shorter document's words (the
    text flows differently over the pages), the documents are compared whole.
    """
    pairs = align_pages([shingles(page) for page in first], [shingles(page) for page in second])
    words_a, words_b = [_word_count(p) for p in first], [_word_count(p) for p in second]
    if sum(words_a) <= sum(words_b):
        covered, total = sum(words_a[i] for i, _, _ in pairs), sum(words_a)
    else:
        covered, total = sum(words_b[j] for _, j, _ in pairs), sum(words_b)
    if covered < MIN_PAGE_COVERAGE * total:
        return _substituted(_flat(_runs_of(first)), _flat(_runs_of(second)))
    return sum(_substituted(_flat(first[i]), _flat(second[j])) for i, j, _ in pairs)


def _runs_of(pages: Sequence[Runs]) -> Runs:
    return [run for page in pages for run in page]


def substitution_share(first: Sequence[Runs], second: Sequence[Runs]) -> float:
    """Substituted words as a share of the shorter document's words."""
    shorter = min(_word_count(_runs_of(first)), _word_count(_runs_of(second)))
    return substitutions(first, second) / shorter if shorter else 1.0


def is_same_record(first: Sequence[Runs], second: Sequence[Runs]) -> bool:
    """Whether two documents' pages of words (from `document_words`) are copies of one record:
    word by word they differ only by redactions, misreadings and a few words."""
    shorter = min(_word_count(_runs_of(first)), _word_count(_runs_of(second)))
    allowed = MAX_SUBSTITUTION_SHARE * shorter + SUBSTITUTION_ALLOWANCE
    return substitutions(first, second) <= allowed
