"""Where an ingest's time goes: CPU seconds a page of each stage, in one process, on the
generated corpus (CPU time, so that a busy machine changes the figures less than wall time).

    python bench/ingest_stages.py --pages 3000 --work bench/work --json stages.json

Stages in pipeline order: hashing and metadata, extraction, enrichment, the near-duplicate
signature (these run in an ingest's workers whatever the engine), then per engine: the
tantivy analysis (`analyze_document`, in the workers since the analysis moved there; the
signature is timed again after it, sharing its terms as a tantivy home's worker does) and
what its writer does in the writing process (tantivy objects, `add_document`, the commit,
with the writer's own indexing thread counted), and Whoosh's writer (`add` and commit, all
in the writing process). The SQLite writes are timed with `bench_ingest.py --index-pages`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import ensure_corpus  # noqa: E402
from measure import CODE_DIR, REPO_DIR, machine, write_json  # noqa: E402

sys.path.insert(0, str(CODE_DIR))

from indexer.engines.tantivy.engine import TantivyEngine  # noqa: E402
from indexer.engines.tantivy.schema import analyze_document  # noqa: E402
from indexer.engines.whoosh.engine import WhooshEngine  # noqa: E402
from indexer.ingest.assemble import FileMetadata, assemble_document  # noqa: E402
from indexer.ingest.tasks import extract_file  # noqa: E402
from indexer.ingest.walk import sha256_of, walk  # noqa: E402
from indexer.model.document import Document  # noqa: E402
from indexer.store.duplicates import document_signature  # noqa: E402
from indexer.text.shared_terms import sharing_terms  # noqa: E402

DEFAULT_WORK = REPO_DIR / "bench" / "work"


class Stages:
    """CPU seconds summed by stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, step: Callable[..., Any], *args: Any) -> Any:
        started = time.process_time()
        result = step(*args)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - started
        return result


def prepare(corpus: Path, stages: Stages) -> list[tuple[Document, Any]]:
    """Every document of `corpus` as a worker prepares it for tantivy, each stage timed."""
    files = FileMetadata()
    prepared = []
    for path in walk([corpus]):
        sha256 = stages.run("hash and metadata", sha256_of, path)
        metadata = stages.run("hash and metadata", files.of, path)
        raw = stages.run("extraction", extract_file, str(path))
        doc = stages.run(
            "enrichment", assemble_document, raw, sha256[:16], sha256, str(path), metadata
        )
        stages.run("signature", document_signature, doc.pages)
        with sharing_terms():  # as a tantivy home's worker runs them
            analyzed = stages.run("tantivy analysis (workers)", analyze_document, doc)
            stages.run("signature after the analysis", document_signature, doc.pages)
        prepared.append((doc, analyzed))
    return prepared


def write(prepared: list[tuple[Document, Any]], work: Path, stages: Stages) -> None:
    """Each engine's writer over the prepared documents, one commit at the end."""
    for name, engine_class in (("tantivy", TantivyEngine), ("whoosh", WhooshEngine)):
        home = work / f"stages-{name}"
        shutil.rmtree(home, ignore_errors=True)
        engine = engine_class(home)
        writer = engine.writer()
        label = f"{name} writer (writing process)"
        for doc, analyzed in prepared:
            stages.run(label, writer.add, doc, analyzed if name == "tantivy" else None)
        stages.run(label, writer.commit)
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    work = args.work.resolve()
    stages = Stages()
    prepared = prepare(ensure_corpus(args.pages, work), stages)
    write(prepared, work, stages)
    pages = sum(len(doc.pages) for doc, _ in prepared)
    write_json(
        args.json,
        {
            "pages": pages,
            "documents": len(prepared),
            "cpu_seconds": stages.seconds,
            "ms_per_page": {name: 1000 * value / pages for name, value in stages.seconds.items()},
            "machine": machine(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
