"""Web benchmark: `foia serve` under load from a second process, next to in-process search.

    python bench/bench_web.py --home bench/work/home-30000 --out /tmp/web.md
    python bench/bench_web.py --quick --out /tmp/web.md     # the sample corpus, fewer requests

Starts `foia serve` (gunicorn, its default 2 workers of 16 threads) on a free port of 127.0.0.1,
then, from this process (the second one):
1. load: 8 client threads send at least 2,000 requests, alternating `/search` (HTML) and
   `/api/search` over the mixed query set: requests/s and p50/p95/p99 per route;
2. the same queries through the library's `search` in this process, one at a time, and through
   each route one at a time: the web layer's overhead is web p95 / in-process p95 (the target
   is under 1.5x), measured without queueing; the loaded p95 is shown next to it;
3. page views (`/doc/<doc_id>/p/<N>?q=`, and for a PDF its `image.png`) of the top hits, pages
   of other files too (a home of text files has no images, but its page views count): first
   with the home's page cache emptied (cold: word boxes read and the page rendered), then
   warm, one request at a time and under load from 8 clients (the target: a p95 under 50 ms).

Without `--home` it uses `bench/work/home-30000` (else the largest `bench/work/home-PAGES`),
else an index of `corpus/` built in `bench/work/home-sample`. Without `--queries`, a home of
1,000 pages or more gets `bench/queries.txt` (the generated corpus's), a smaller one a few
queries for the sample corpus. The page cache it empties is a cache:
`<home>/cache/pages` is rebuilt on demand.
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import REPO_DIR, machine, percentile, write_report  # noqa: E402

sys.path.insert(0, str(REPO_DIR))

from indexer.engines.whoosh.engine import WhooshEngine  # noqa: E402
from indexer.reading.page_images import cache_dir_for  # noqa: E402
from indexer.search.service import SearchRequest, search  # noqa: E402
from indexer.store.database import Store  # noqa: E402

CLIENTS = 8
DEFAULT_REQUESTS = 2000
QUICK_REQUESTS = 400
PAGE_VIEWS = 40
# Fewest requests of each kind in the one-at-a-time passes (small query sets are repeated).
MIN_SEQUENTIAL = 100
WARM_PAGE_REQUESTS = 800
PREFERRED_PAGES = 30_000
# A home this big is a generated benchmark corpus: it gets the generated query set.
GENERATED_MIN_PAGES = 1_000
DEFAULT_QUERIES = REPO_DIR / "bench" / "queries.txt"
WORK_DIR = REPO_DIR / "bench" / "work"
SAMPLE_QUERIES = (
    '"opt out"',
    "287(g)",
    "agreement",
    "detainee",
    "ICE",
    "custody",
    "warrant service",
    "death*",
    "title:agreement",
    "firearm",
    "date:[2015 TO 2020]",
    "deportation program",
    "training AND officer",
)
OVERHEAD_TARGET = 1.5
WARM_PAGE_TARGET_MS = 50.0


@dataclass
class Timings:
    """Latencies (seconds) of one kind of request, and the failures seen."""

    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        values = self.seconds
        return {
            "requests": len(values),
            "failures": len(self.failures),
            "p50_ms": round(percentile(values, 0.50) * 1000, 2),
            "p95_ms": round(percentile(values, 0.95) * 1000, 2),
            "p99_ms": round(percentile(values, 0.99) * 1000, 2),
            "first_failures": self.failures[:3],
        }


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def read_queries(path: Path | None) -> list[str]:
    """One query a line (`category<TAB>query` or the query alone; # comments skipped)."""
    if path is None:
        return list(SAMPLE_QUERIES)
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            queries.append(line.split("\t", 1)[-1].strip())
    return queries


def default_home(quick: bool) -> Path:
    """The benchmark home: bench/work/home-30000, else the largest built one, else the sample."""
    homes = {}
    for home in WORK_DIR.glob("home-*"):
        suffix = home.name.removeprefix("home-")
        if suffix.isdigit() and (home / "index").is_dir():
            homes[int(suffix)] = home
    if homes and not quick:
        return homes.get(PREFERRED_PAGES) or homes[max(homes)]
    home = WORK_DIR / "home-sample"
    _say(f"indexing corpus/ into {home} (incremental)")
    subprocess.run(
        _foia(home) + ["ingest", str(REPO_DIR / "corpus"), "--ocr", "off"],
        check=True,
        cwd=REPO_DIR,
        stdout=subprocess.DEVNULL,
    )
    return home


def _foia(home: Path) -> list[str]:
    return [sys.executable, "-c", "from indexer.cli import main; main()", "--home", str(home)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`foia serve` in a child process, stopped on exit."""

    def __init__(self, home: Path, workers: int) -> None:
        self.port = _free_port()
        self.log_path = WORK_DIR / "bench_web_server.log"
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        command = _foia(home) + [
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO_DIR, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"foia serve exited: see {self.log_path}")
            try:
                status, _ = fetch(http.client.HTTPConnection("127.0.0.1", self.port), "/stats")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"foia serve did not answer within {seconds} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def run_clients(port: int, paths: Sequence[tuple[str, str]], clients: int) -> dict[str, Timings]:
    """Send (kind, path) requests from `clients` threads with keep-alive connections, each
    thread taking the next request from the shared list; latencies by kind."""
    timings: dict[str, Timings] = {kind: Timings() for kind, _ in paths}
    lock = threading.Lock()
    cursor = iter(range(len(paths)))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            kind, path = paths[index]
            started = time.perf_counter()
            try:
                status, _ = fetch(connection, path)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, _ = -1, str(error)
            elapsed = time.perf_counter() - started
            with lock:
                timings[kind].seconds.append(elapsed)
                if status != 200:
                    timings[kind].failures.append(f"{status} {path}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def search_paths(queries: list[str], requests: int, seed: int = 2674) -> list[tuple[str, str]]:
    """`requests` requests alternating the HTML and JSON routes over shuffled queries."""
    rng = random.Random(seed)
    order = [queries[rng.randrange(len(queries))] for _ in range(requests)]
    return [
        (
            "/search" if number % 2 == 0 else "/api/search",
            ("/search?" if number % 2 == 0 else "/api/search?") + urlencode({"q": text}),
        )
        for number, text in enumerate(order)
    ]


def one_at_a_time(
    home: Path, port: int, queries: list[str], rounds: int
) -> tuple[Timings, dict[str, Timings], list[dict[str, Any]]]:
    """Each query `rounds` times through the library's `search` in this process, then through
    `/search` and `/api/search`, one request at a time and interleaved (so that both see the
    same machine); first a warm-up pass whose JSON results are returned."""
    store = Store(home)
    engine = WhooshEngine(home)
    library = Timings()
    routes = {route: Timings() for route in ("/search", "/api/search")}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        results = [search(engine, store, SearchRequest(text)).to_json() for text in queries]
        for text in queries * rounds:
            started = time.perf_counter()
            search(engine, store, SearchRequest(text))
            library.seconds.append(time.perf_counter() - started)
            for route, timings in routes.items():
                path = f"{route}?{urlencode({'q': text})}"
                started = time.perf_counter()
                status, _ = fetch(connection, path)
                timings.seconds.append(time.perf_counter() - started)
                if status != 200:
                    timings.failures.append(f"{status} {path}")
    finally:
        connection.close()
        store.close()
    return library, routes, results


def page_paths(
    queries: list[str], results: list[dict[str, Any]], limit: int
) -> list[tuple[str, str]]:
    """Distinct page views of top hits (HTML with the query, then a PDF page's image): `limit`
    pages, PDFs first, then pages of other files (which have the HTML view only)."""
    pdfs: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    seen: set[str] = set()
    for text, result in zip(queries, results, strict=True):
        for document in result["documents"][:2]:
            if not document["pages"]:
                continue
            url = document["pages"][0]["url"]
            if url in seen:
                continue
            seen.add(url)
            view = ("page", f"{url}?{urlencode({'q': text})}")
            if document["path"].lower().endswith(".pdf"):
                pdfs.extend([view, ("image", f"{url}/image.png")])
            else:
                others.append(view)
            break
    chosen: list[tuple[str, str]] = []
    for kind, path in pdfs + others:
        if sum(1 for k, _ in chosen if k == "page") >= limit and kind == "page":
            break
        chosen.append((kind, path))
    return chosen


def measure(args: argparse.Namespace) -> dict[str, Any]:
    home = args.home or default_home(args.quick)
    if not (home / "index").is_dir():
        raise SystemExit(f"no index in {home}: run `foia --home {home} ingest ...` first")
    if args.queries is None and _page_count(home) >= GENERATED_MIN_PAGES:
        args.queries = DEFAULT_QUERIES
    queries = read_queries(args.queries)
    requests = args.requests or (QUICK_REQUESTS if args.quick else DEFAULT_REQUESTS)
    _say(f"home {home}: {len(queries)} queries, {requests} requests from {CLIENTS} clients")
    rounds = max(1, MIN_SEQUENTIAL // len(queries))  # enough samples for a p95
    server = Server(home, args.workers)
    try:
        server.wait_ready()
        _say("warm-up: every query once on each route")
        run_clients(server.port, search_paths(queries, 2 * len(queries)), CLIENTS)
        _say("load")
        started = time.perf_counter()
        loaded = run_clients(server.port, search_paths(queries, requests), CLIENTS)
        wall = time.perf_counter() - started
        _say("one client at a time: the same queries on each route")
        library, single, results = one_at_a_time(home, server.port, queries, rounds)
        pages = page_paths(queries, results, PAGE_VIEWS)
        cache_dir = cache_dir_for(home)
        views = sum(1 for kind, _ in pages if kind == "page")
        _say(f"page views: {views} pages cold (emptied {cache_dir}), then warm")
        shutil.rmtree(cache_dir, ignore_errors=True)
        cold = run_clients(server.port, pages, 1)
        warm_single = run_clients(server.port, pages * 3, 1)
        repeats = max(1, WARM_PAGE_REQUESTS // max(len(pages), 1))
        warm = run_clients(server.port, pages * repeats, CLIENTS)
    finally:
        server.stop()
    data = report(home, queries, requests, wall, loaded, single, library, cold, warm)
    data["page_warm_single"] = {kind: t.summary() for kind, t in warm_single.items()}
    return data


def report(
    home: Path,
    queries: list[str],
    requests: int,
    wall: float,
    loaded: dict[str, Timings],
    single: dict[str, Timings],
    library: Timings,
    cold: dict[str, Timings],
    warm: dict[str, Timings],
) -> dict[str, Any]:
    library_p95 = percentile(library.seconds, 0.95)
    total = sum(len(t.seconds) for t in loaded.values())

    def ratio(timings: Timings) -> float:
        return round(percentile(timings.seconds, 0.95) / library_p95, 2) if library_p95 else 0.0

    return {
        "home": str(home),
        "pages": _page_count(home),
        "queries": len(queries),
        "clients": CLIENTS,
        "requests": total,
        "requests_per_second": round(total / wall, 1) if wall else 0.0,
        "loaded": {kind: t.summary() for kind, t in loaded.items()},
        "single": {kind: t.summary() for kind, t in single.items()},
        "in_process": library.summary(),
        "overhead_p95": {kind: ratio(t) for kind, t in single.items()},
        "loaded_vs_in_process_p95": {kind: ratio(t) for kind, t in loaded.items()},
        "page_cold": {kind: t.summary() for kind, t in cold.items()},
        "page_warm": {kind: t.summary() for kind, t in warm.items()},
        "machine": machine(),
    }


def _page_count(home: Path) -> int:
    store = Store(home)
    try:
        return sum(int(d["pages"]) for d in store.list_documents())
    finally:
        store.close()


def _row(name: str, summary: dict[str, Any]) -> str:
    return (
        f"| {name} | {summary['requests']} | {summary['p50_ms']} | {summary['p95_ms']}"
        f" | {summary['p99_ms']} | {summary['failures']} |"
    )


def markdown(data: dict[str, Any]) -> str:
    """The Markdown section for RESULTS.md."""
    worst_overhead = max(data["overhead_p95"].values(), default=0.0)
    warm_p95 = data["page_warm_single"].get("page", {}).get("p95_ms", 0.0)
    loaded_warm_p95 = data["page_warm"].get("page", {}).get("p95_ms", 0.0)
    verdict: Callable[[bool], str] = lambda met: "**MET**" if met else "**MISSED**"  # noqa: E731
    lines = [
        "## Web (`foia serve`)",
        "",
        f"Home `{data['home']}` ({data['pages']:,} pages), {data['queries']} queries;"
        f" {data['clients']} client threads in a second process; gunicorn with 2 workers of"
        " 16 threads. Latencies in ms.",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| web overhead at p95, one request at a time, < {OVERHEAD_TARGET}x |"
        f" {worst_overhead}x | {verdict(0 < worst_overhead < OVERHEAD_TARGET)} |",
        f"| warm page view p95 < {WARM_PAGE_TARGET_MS:.0f} ms, one request at a time |"
        f" {warm_p95} ms | {verdict(0 < warm_p95 < WARM_PAGE_TARGET_MS)} |",
        f"| warm page view p95 < {WARM_PAGE_TARGET_MS:.0f} ms, 8 clients |"
        f" {loaded_warm_p95} ms | {verdict(0 < loaded_warm_p95 < WARM_PAGE_TARGET_MS)} |",
        "",
        f"Under load: **{data['requests_per_second']} requests/s** over {data['requests']}"
        " requests.",
        "",
        "| requests | n | p50 | p95 | p99 | failed |",
        "|---|---|---|---|---|---|",
        *(_row(f"`{kind}`, 8 clients", summary) for kind, summary in data["loaded"].items()),
        *(_row(f"`{kind}`, 1 client", summary) for kind, summary in data["single"].items()),
        _row("`indexer.search.service.search` in process", data["in_process"]),
        *(_row(f"page view `{kind}`, cold cache", s) for kind, s in data["page_cold"].items()),
        *(
            _row(f"page view `{kind}`, warm, 1 client", s)
            for kind, s in data["page_warm_single"].items()
        ),
        *(_row(f"page view `{kind}`, warm, 8 clients", s) for kind, s in data["page_warm"].items()),
        "",
        "Overhead (route p95 / in-process p95): one client "
        + ", ".join(f"`{k}` {v}x" for k, v in data["overhead_p95"].items())
        + "; under load "
        + ", ".join(f"`{k}` {v}x" for k, v in data["loaded_vs_in_process_p95"].items())
        + " (queueing on the server's cores included).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an ingested home (default: see above)")
    parser.add_argument(
        "--queries",
        type=Path,
        default=None,
        help=f"one query a line [default: {DEFAULT_QUERIES.name} for a"
        " generated corpus, else built-in sample-corpus queries]",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help=f"search requests under load [default: {DEFAULT_REQUESTS}]",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--out", type=Path, help="write the Markdown section here")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    parser.add_argument(
        "--quick", action="store_true", help="the sample corpus and fewer requests (a smoke test)"
    )
    args = parser.parse_args(argv)
    data = measure(args)
    write_report(markdown(data), data, args.out, args.json)
    failures = sum(
        s["failures"]
        for group in ("loaded", "single", "page_cold", "page_warm_single", "page_warm")
        for s in data[group].values()
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
