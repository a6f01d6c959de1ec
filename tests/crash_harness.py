"""The crash test: a generated corpus, real `foia ingest` runs killed with SIGKILL at seeded
random moments, and the invariants checked after each kill and after the run that follows.

Used by tests/test_crash.py (a few interruptions) and bench/bench_crash.py (fifty). The
invariants, each a sentence in the list `check` returns when broken:

- `foia list --json`, `foia stats --json` (documents) and `foia search WORD --json` (a word
  every document holds) count the same documents, and the index holds exactly those;
- no page is in the index twice (each document's pages once; a document's own word finds
  exactly its pages);
- every tag and note made before the loop is still there, on a listed document;
- every listed document belongs to exactly one ingest run, and saved-search alerts announce
  each document exactly once.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from indexer.cli import main
from indexer.engines import open_engine
from indexer.search.index_query import Everything
from indexer.search.service import SearchRequest, search
from indexer.store.annotations import add_note, add_tag, list_notes, list_tags
from indexer.store.database import Store
from indexer.store.runs import latest_run
from indexer.store.users import add_user, list_users
from indexer.tools.alerts import new_matches
from indexer.tools.saved_searches import add_saved_search, list_saved_searches, mark_seen

ROOT = Path(__file__).resolve().parents[1]
COMMON_WORD = "crashcorpus"
USER = "crashtester"
PASSWORD = "a long crash test password"
# The real `foia` command line, with smaller commits so that a run holds many of them (and a
# kill has many commit windows to land in).
FOIA = (
    "import os, sys\n"
    "import indexer.ingest.pipeline as pipeline\n"
    "pipeline.COMMIT_DOCUMENTS = int(os.environ['CRASH_COMMIT_DOCUMENTS'])\n"
    "from indexer.cli import main\n"
    "main()\n"
)
COMMIT_DOCUMENTS = 6
VOCABULARY = [
    *("detainer", "custody", "transfer", "county", "sheriff", "agreement", "release"),
    *("request", "field", "office", "memo", "removal", "enforcement", "priority", "notice"),
    *("hearing", "record", "warrant", "facility", "review", "policy", "data", "report"),
    *("statement", "program", "letter", "response", "officer", "jail", "booking"),
    *("interview", "referral", "state", "federal", "local", "partner", "question"),
    *("answer", "meeting", "schedule", "training", "number", "total", "monthly"),
]
BAD_MANIFEST_ROWS = ("missing-record.txt,Gone,2011,,,", "../outside.txt,Escapes,,,,")


def unique_word(number: int) -> str:
    """A word only document `number` holds ("uqbaazk"): letters only, untouched by stemming."""
    letters = ""
    for _ in range(3):
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
    return f"uq{letters}zk"


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)) + "."


@dataclass
class Corpus:
    """The generated folder: file name -> its own word; names that carry annotations."""

    folder: Path
    rng: random.Random
    words: dict[str, str] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # the manifest's rows
    next_number: int = 0
    revision: int = 0

    def add(self, count: int) -> None:
        for _ in range(count):
            number = self.next_number
            self.next_number += 1
            is_pdf = number % 15 == 7
            # A random prefix spreads new files over the sorted walk, among the old ones.
            prefix = self.rng.randrange(100_000)
            name = f"r{prefix:05d}-{number:05d}.{'pdf' if is_pdf else 'txt'}"
            self.words[name] = unique_word(number)
            self._write(name)
            if number % 3 == 0:
                self.titles[name] = f"Record {number} from the manifest"

    def _write(self, name: str) -> None:
        word, rng = self.words[name], self.rng
        pages = [
            f"{word} {_sentence(rng, rng.randint(20, 60))} {_sentence(rng, 12)}"
            for _ in range(rng.randint(1, 4))
        ]
        pages[0] = f"Record {name} revision {self.revision}. {COMMON_WORD} {pages[0]}"
        if name.endswith(".pdf"):
            _write_pdf(self.folder / name, pages)
        else:
            (self.folder / name).write_text("\f".join(pages), encoding="utf-8")

    def change(self, count: int) -> None:
        self.revision += 1
        for name in self.rng.sample(sorted(self.words), min(count, len(self.words))):
            self._write(name)

    def delete(self, count: int) -> None:
        candidates = sorted(set(self.words) - self.protected)
        for name in self.rng.sample(candidates, min(count, len(candidates))):
            (self.folder / name).unlink()
            del self.words[name]
            self.titles.pop(name, None)

    def retitle(self, count: int) -> None:
        for name in self.rng.sample(sorted(self.titles), min(count, len(self.titles))):
            self.titles[name] = f"{self.titles[name].split(' (')[0]} (revision {self.revision})"

    def write_manifest(self) -> None:
        rows = ["path,title,date,type,bates_start"]
        for name, title in sorted(self.titles.items()):
            number = int(name[7:12])
            rows.append(f'{name},"{title}",{2000 + number % 20}-05-01,memo,CR-{number * 10:06d}')
        rows[2:2] = BAD_MANIFEST_ROWS  # reported as warnings on every run, never fatal
        (self.folder / "manifest.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")

    def mutate(self, size: int) -> None:
        """One round of changes: new files, changed files, deleted files, changed rows."""
        self.add(size)
        self.change(size)
        self.delete(max(1, size // 4))
        self.retitle(max(1, size // 4))
        self.write_manifest()


def _write_pdf(path: Path, pages: list[str]) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    for text in pages:
        words, y = text.split(), 720
        for start in range(0, len(words), 12):
            canvas.drawString(72, y, " ".join(words[start : start + 12]))
            y -= 16
        canvas.showPage()
    canvas.save()


def build_corpus(folder: Path, files: int, seed: int) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder, random.Random(seed))
    corpus.add(files)
    corpus.write_manifest()
    return corpus


# -- the command line --------------------------------------------------------------------


def foia_json(home: Path, *args: str) -> Any:
    """The JSON a `foia` command prints (run in this process, through its real code)."""
    result = CliRunner().invoke(main, ["--home", str(home), *args, "--json"])
    if result.exit_code != 0:
        raise AssertionError(f"foia {' '.join(args)}: {result.output}")
    return json.loads(result.stdout)


def _ingest_command(home: Path, folder: Path) -> list[str]:
    return [sys.executable, "-c", FOIA, "--home", str(home), "ingest", str(folder), "--prune"]


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "CRASH_COMMIT_DOCUMENTS": str(COMMIT_DOCUMENTS),
        "PYTHONPATH": str(ROOT),
    }


def ingest(home: Path, folder: Path) -> dict[str, Any]:
    """A whole `foia ingest --prune --json` run; its report."""
    done = subprocess.run(
        [*_ingest_command(home, folder), "--ocr", "off", "--workers", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
        env=_environment(),
    )
    if done.returncode != 0:
        raise AssertionError(f"foia ingest failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def interrupted_ingest(home: Path, folder: Path, delay: float) -> bool:
    """`foia ingest` killed with SIGKILL `delay` seconds after it started; False when it had
    finished before the kill. Its worker processes go too."""
    process = subprocess.Popen(
        [*_ingest_command(home, folder), "--ocr", "off", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=_environment(),
        start_new_session=True,
    )
    try:
        process.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        finished = False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # orphaned workers, if any
    return not finished


# -- annotations and alerts ---------------------------------------------------------------


def prepare_home(home: Path) -> None:
    """The staff member whose tags, notes and saved search the loop must keep."""
    store = Store(home)
    try:
        add_user(store, USER, "staff", PASSWORD)
        add_saved_search(store, USER, "everything", COMMON_WORD)
    finally:
        store.close()


def annotate(home: Path, corpus: Corpus, count: int) -> tuple[int, int]:
    """Tags (on documents and pages) and notes on `count` documents, which the loop never
    deletes (it changes some of them); returns how many tags and notes there are."""
    store = Store(home)
    try:
        user = next(u for u in list_users(store) if u.name == USER)
        listed = {Path(d["path"]).name: d for d in store.list_documents()}
        for index, name in enumerate(corpus.rng.sample(sorted(listed), count)):
            doc = listed[name]
            corpus.protected.add(name)
            add_tag(store, user, doc["doc_id"], "exhibit", note="kept through crashes")
            add_tag(store, user, doc["doc_id"], f"page-{index}", page=doc["pages"])
            add_note(store, user, doc["doc_id"], 1, f"Note {index} on the first page")
        return len(list_tags(store)), len(list_notes(store))
    finally:
        store.close()


def announce(home: Path) -> list[str]:
    """What the saved search's alert shows as new now (then marked seen)."""
    store, engine = Store(home), open_engine(home)
    try:
        (saved,) = list_saved_searches(store, USER)
        until = latest_run(store)
        alert = new_matches(engine, store, saved, limit=100_000, until_run=until)
        mark_seen(store, saved.saved_id, until)
        return [match.doc_id for match in alert.matches]
    finally:
        engine.close()
        store.close()


# -- the invariants -----------------------------------------------------------------------


@dataclass
class Expected:
    """What must hold throughout: the annotations, and the alerts seen so far."""

    tags: int
    notes: int
    announced: Counter[str] = field(default_factory=Counter)


def check(
    home: Path, corpus: Corpus, expected: Expected, complete: bool, rng: random.Random
) -> list[str]:
    """Every invariant that does not hold, as sentences (empty when all hold). `complete`:
    the last run finished, so every file of the corpus must be listed."""
    listed = foia_json(home, "list")
    stats = foia_json(home, "stats")
    found = foia_json(home, "search", COMMON_WORD, "--limit", "1")
    counts = (len(listed), stats["documents"], found["total_documents"])
    problems = []
    if len(set(counts)) != 1:
        problems.append(f"list {counts[0]}, stats {counts[1]}, search {counts[2]} documents")
    listed_ids = {d["doc_id"] for d in listed}
    if complete:
        names = sorted(Path(d["path"]).name for d in listed)
        if names != sorted(corpus.words):
            problems.append(f"{len(names)} documents listed for {len(corpus.words)} files")
    store, engine = Store(home), open_engine(home)
    try:
        problems += _check_index(store, engine, listed, listed_ids, corpus, rng)
        problems += _check_runs(store, listed_ids)
        problems += _check_annotations(store, listed_ids, expected)
    finally:
        engine.close()
        store.close()
    for doc_id in announce(home):
        expected.announced[doc_id] += 1
    twice = sorted(doc_id for doc_id, times in expected.announced.items() if times > 1)
    if twice:
        problems.append(f"alerts announced {len(twice)} documents twice")
    if complete and listed_ids - set(expected.announced):
        problems.append(f"alerts never announced {len(listed_ids - set(expected.announced))}")
    return problems


def _check_index(
    store: Store,
    engine: Any,
    listed: list[dict[str, Any]],
    listed_ids: set[str],
    corpus: Corpus,
    rng: random.Random,
) -> list[str]:
    problems = []
    pages = engine.match(Everything(), scored=False).pages_by_doc()
    if set(pages) != listed_ids:
        missing, extra = len(listed_ids - set(pages)), len(set(pages) - listed_ids)
        problems.append(f"the index lacks {missing} listed documents and holds {extra} others")
    indexed = {
        row["doc_id"]: row["page_count"]
        for row in store.query("SELECT doc_id, page_count FROM documents WHERE is_indexed = 1")
    }
    for doc_id, numbers in pages.items():
        if len(numbers) != len(set(numbers)):
            problems.append(f"{doc_id} has duplicate pages in the index: {sorted(numbers)}")
        elif doc_id in indexed and sorted(numbers) != list(range(1, indexed[doc_id] + 1)):
            problems.append(f"{doc_id} has pages {sorted(numbers)} of {indexed[doc_id]}")
    for doc in rng.sample(listed, min(8, len(listed))):
        word = corpus.words.get(Path(doc["path"]).name)
        if word is None:  # a file deleted since, its prune interrupted: still searchable
            continue
        result = search(engine, store, SearchRequest(word))
        hits = [(d.doc_id, d.matching_pages) for d in result.documents]
        if hits != [(doc["doc_id"], len(pages.get(doc["doc_id"], [])))]:
            problems.append(f"{word} finds {hits} for {doc['doc_id']}")
    return problems


def _check_runs(store: Store, listed_ids: set[str]) -> list[str]:
    runs = Counter(
        str(row["doc_id"]) for row in store.query("SELECT doc_id FROM ingest_run_documents")
    )
    wrong = sorted(doc_id for doc_id in listed_ids if runs[doc_id] != 1)
    if not wrong:
        return []
    return [f"{len(wrong)} documents in {sorted({runs[d] for d in wrong})} runs, not one"]


def _check_annotations(store: Store, listed_ids: set[str], expected: Expected) -> list[str]:
    tags, notes = list_tags(store), list_notes(store)
    problems = []
    if (len(tags), len(notes)) != (expected.tags, expected.notes):
        problems.append(f"{len(tags)} tags and {len(notes)} notes left of {expected.tags}")
    stray = {item.doc_id for item in [*tags, *notes]} - listed_ids
    if stray:
        problems.append(f"annotations on {len(stray)} documents that are not listed")
    return problems


# -- the loop ------------------------------------------------------------------------------


@dataclass
class LoopReport:
    """How the interruptions went."""

    interruptions: int = 0  # runs killed before they finished
    survived: int = 0
    finished_before_kill: int = 0  # runs that finished before their kill came: drawn again
    seconds: float = 0.0
    idle_seconds: float = 0.0  # a run with nothing to do: starting, walking, hashing
    run_seconds: float = 0.0  # a run over one round of changes
    failures: list[str] = field(default_factory=list)
    documents: int = 0

    @property
    def summary(self) -> str:
        failed = f", {len(self.failures)} failures" if self.failures else ""
        return f"{self.survived}/{self.interruptions} interruptions survived{failed}"


def crash_loop(base: Path, interruptions: int, files: int, seed: int) -> LoopReport:
    """Build a corpus of `files` files, ingest it, annotate it, then `interruptions` times:
    change the corpus, kill an ingest at a random moment, check, run it again, check."""
    started = time.monotonic()
    rng = random.Random(seed)
    home, corpus = base / "home", build_corpus(base / "corpus", files, seed)
    prepare_home(home)
    ingest(home, corpus.folder)
    expected = Expected(*annotate(home, corpus, max(2, files // 20)))
    report = LoopReport()
    failures = check(home, corpus, expected, True, rng)
    if failures:
        raise AssertionError(f"before any interruption: {failures}")
    size = max(2, files // 10)
    timed = time.monotonic()
    ingest(home, corpus.folder)  # nothing to do: how long until a run starts its work
    report.idle_seconds = time.monotonic() - timed
    corpus.mutate(size)
    timed = time.monotonic()
    ingest(home, corpus.folder)  # one uninterrupted round: how long a round takes
    report.run_seconds = time.monotonic() - timed
    failures = check(home, corpus, expected, True, rng)
    if failures:
        raise AssertionError(f"after an uninterrupted round: {failures}")
    while report.interruptions < interruptions:
        corpus.mutate(size)
        # Anywhere in a run, mostly where it works rather than where Python starts.
        delay = rng.uniform(0.7 * report.idle_seconds, report.run_seconds)
        killed = interrupted_ingest(home, corpus.folder, delay)
        if killed:
            report.interruptions += 1
        else:  # not an interruption: it does not count, but must leave all in order too
            report.finished_before_kill += 1
        after_kill = check(home, corpus, expected, not killed, rng)
        rerun = ingest(home, corpus.folder)
        if rerun["failed"]:
            after_kill.append(f"the next run failed files: {rerun['failed']}")
        after_rerun = check(home, corpus, expected, True, rng)
        if after_kill or after_rerun:
            report.failures.append(
                f"{'interruption' if killed else 'run'} at {delay:.2f} s: after the kill"
                f" {after_kill}; after the next run {after_rerun}"
            )
        elif killed:
            report.survived += 1
    report.documents = len(corpus.words)
    report.seconds = time.monotonic() - started
    return report
