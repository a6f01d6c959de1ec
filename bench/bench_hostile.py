"""Load benchmark (issue 12): plain searches while 16 clients send long hostile queries at once.

    python bench/bench_hostile.py --home /tmp/sample-home --out /tmp/hostile.md
    python bench/bench_hostile.py --quick                  # the sample corpus, fewer requests

Starts `foia serve` (gunicorn, its 2 workers) on a free port of 127.0.0.1 over the home
(default: as bench_web.py picks it), then, on loopback only:
1. plain searches alone: PLAIN_CLIENTS threads of this process send the sample queries
   (alternating `/search` and `/api/search`), PLAIN_REQUESTS requests: their p50/p95;
2. the same plain searches while a hostile client (another process) keeps HOSTILE_CLIENTS
   hostile queries to `/search` in flight (so 16 at once): 4,000 characters of misspelled
   words, 4,000 characters of wildcards, 64 wildcards of two letters (the most a query may
   hold) and 64 fuzzy words. The hostile client stops when the plain searches are done,
   after HOSTILE_PER_CLIENT requests a connection, or at the time limit, whichever is first.
The target: plain searches keep a p95 under 1 s under the hostile load. Every request loop is
bounded in requests and in time, and goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import SAMPLE_QUERIES, Server, Timings, default_home, fetch  # noqa: E402
from measure import machine  # noqa: E402

from indexer.cli.server import THREADS_PER_WORKER  # noqa: E402

HOST = "127.0.0.1"  # never another host
HOSTILE_CLIENTS = 16
# Enough to last the plain searches (the clients stop when those are done): a bound only.
HOSTILE_PER_CLIENT = 2000
PLAIN_CLIENTS = 2
PLAIN_REQUESTS = 300
QUICK_PLAIN_REQUESTS = 100
TIME_LIMIT_SECONDS = 300.0
TARGET_P95_SECONDS = 1.0
HOSTILE_CHARS = 4000
LETTERS = "aeioustrnlcdmpgbh"
COMMON_PREFIXES = [a + b for a in "cdeiprst" for b in "aeiorn"] + ["ab", "ac", "ad", "al"] * 4


def misspelled(rng: random.Random) -> str:
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < HOSTILE_CHARS:
        words.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(5, 12))))
    return " ".join(words)[:HOSTILE_CHARS]


def long_wildcards(rng: random.Random) -> str:
    parts: list[str] = []
    while sum(len(part) + 1 for part in parts) < HOSTILE_CHARS:
        parts.append(rng.choice(COMMON_PREFIXES) + "*" + rng.choice(LETTERS) + "*")
    return " ".join(parts)[:HOSTILE_CHARS]


def many_wildcards(rng: random.Random) -> str:
    return " OR ".join(prefix + "*" for prefix in rng.sample(COMMON_PREFIXES, 64))


def many_fuzzy(rng: random.Random) -> str:
    words = ("".join(rng.choice(LETTERS) for _ in range(rng.randint(6, 9))) for _ in range(64))
    return " OR ".join(word + "~2" for word in words)


HOSTILE_KINDS: dict[str, Callable[[random.Random], str]] = {
    "misspelled, 4,000 characters": misspelled,
    "wildcards, 4,000 characters": long_wildcards,
    "64 wildcards": many_wildcards,
    "64 fuzzy words": many_fuzzy,
}


def plain_paths(requests: int) -> list[str]:
    queries = list(SAMPLE_QUERIES)
    return [
        ("/search?" if n % 2 == 0 else "/api/search?") + urlencode({"q": queries[n % len(queries)]})
        for n in range(requests)
    ]


class Clock:
    """When the run must stop, and whether it was asked to."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.stopped = threading.Event()

    def is_over(self) -> bool:
        return self.stopped.is_set() or time.monotonic() > self.deadline


def send(
    port: int, paths: Iterable[str], timings: Timings, clock: Clock, lock: threading.Lock
) -> None:
    """Send `paths` one after another on one keep-alive connection, until done or the clock
    is over."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        for path in paths:
            if clock.is_over():
                break
            started = time.perf_counter()
            try:
                status, _ = fetch(connection, path)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=120)
                status, path = -1, f"{path[:60]} {error}"
            elapsed = time.perf_counter() - started
            with lock:
                timings.seconds.append(elapsed)
                if status != 200:
                    timings.failures.append(f"{status} {path[:80]}")
    finally:
        connection.close()


def run_plain(port: int, requests: int, clock: Clock) -> Timings:
    """`requests` plain searches from PLAIN_CLIENTS threads."""
    timings, lock = Timings(), threading.Lock()
    paths = plain_paths(requests)
    threads = [
        threading.Thread(target=send, args=(port, paths[n::PLAIN_CLIENTS], timings, clock, lock))
        for n in range(PLAIN_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def hostile_client(port: int, started: Any, stop: Any, results: Any) -> None:
    """The hostile client (a process of its own, so that making and reading its queries
    takes no time from the plain client's): HOSTILE_CLIENTS threads until `stop` is set;
    puts the latencies by kind and whether every thread was still sending on `results`."""
    clock = Clock(TIME_LIMIT_SECONDS)
    threads, timings = start_hostile(port, clock)
    started.set()
    stop.wait(TIME_LIMIT_SECONDS)
    lasted = all(thread.is_alive() for thread in threads)
    clock.stopped.set()
    for thread in threads:
        thread.join()
    by_kind = {kind: (t.seconds, t.failures) for kind, t in timings.items()}
    results.put({"timings": by_kind, "lasted": lasted})


def start_hostile(port: int, clock: Clock) -> tuple[list[threading.Thread], dict[str, Timings]]:
    """HOSTILE_CLIENTS threads, each sending HOSTILE_PER_CLIENT hostile queries of one kind."""
    kinds = list(HOSTILE_KINDS)
    timings = {kind: Timings() for kind in kinds}
    lock = threading.Lock()
    threads = []
    for number in range(HOSTILE_CLIENTS):
        kind = kinds[number % len(kinds)]
        rng = random.Random(2674 + number)
        paths = (  # made one at a time, as they are sent
            # `*` and `~` as typed: percent-encoded, 4,000 wildcard characters would pass
            # gunicorn's 4,094-byte request line and be refused before reaching the app.
            "/search?" + urlencode({"q": HOSTILE_KINDS[kind](rng)}, safe="*~")
            for _ in range(HOSTILE_PER_CLIENT)
        )
        thread = threading.Thread(target=send, args=(port, paths, timings[kind], clock, lock))
        thread.start()
        threads.append(thread)
    return threads, timings


def measure(args: argparse.Namespace) -> dict[str, Any]:
    home = args.home or default_home(args.quick)
    requests = args.requests or (QUICK_PLAIN_REQUESTS if args.quick else PLAIN_REQUESTS)
    server = Server(home, workers=2)
    try:
        server.wait_ready()
        warm = Timings()
        paths = plain_paths(len(SAMPLE_QUERIES) * 2)
        send(server.port, paths, warm, Clock(TIME_LIMIT_SECONDS), threading.Lock())
        alone = run_plain(server.port, requests, Clock(TIME_LIMIT_SECONDS))
        context = multiprocessing.get_context("spawn")
        started, stop, results = context.Event(), context.Event(), context.Queue()
        client = context.Process(target=hostile_client, args=(server.port, started, stop, results))
        client.start()
        try:
            started.wait(60)
            time.sleep(1.0)  # every hostile connection has a request in flight
            loaded = run_plain(server.port, requests, Clock(TIME_LIMIT_SECONDS))
            stop.set()
            found = results.get(timeout=TIME_LIMIT_SECONDS)
        finally:
            stop.set()
            client.join(timeout=TIME_LIMIT_SECONDS)
    finally:
        server.stop()
    # The load lasted the whole phase only if no hostile connection had run out of requests.
    lasted = bool(found["lasted"])
    hostile = {kind: Timings(list(t[0]), list(t[1])) for kind, t in found["timings"].items()}
    return {
        "home": str(home),
        "plain_requests": requests,
        "hostile_clients": HOSTILE_CLIENTS,
        "threads_per_worker": THREADS_PER_WORKER,
        "plain_alone": alone.summary(),
        "plain_under_hostile_load": loaded.summary(),
        "hostile_load_lasted": lasted,
        "hostile": {kind: timings.summary() for kind, timings in hostile.items()},
        "hostile_max_ms": {
            kind: round(max(timings.seconds, default=0.0) * 1000, 1)
            for kind, timings in hostile.items()
        },
        "machine": machine(),
    }


def _row(name: str, summary: dict[str, Any]) -> str:
    return (
        f"| {name} | {summary['requests']} | {summary['p50_ms']} | {summary['p95_ms']}"
        f" | {summary['failures']} |"
    )


def markdown(data: dict[str, Any]) -> str:
    loaded = data["plain_under_hostile_load"]
    met = (
        0 < loaded["p95_ms"] < TARGET_P95_SECONDS * 1000
        and not loaded["failures"]
        and data["hostile_load_lasted"]
    )
    rows = [
        _row("plain searches alone", data["plain_alone"]),
        _row(f"plain searches, {data['hostile_clients']} hostile clients at once", loaded),
    ]
    rows += [
        _row(f"hostile: {kind} (max {data['hostile_max_ms'][kind]})", summary)
        for kind, summary in data["hostile"].items()
    ]
    lines = [
        "## Hostile load (`foia serve`)",
        "",
        f"Home `{data['home']}`; gunicorn with 2 workers of {data['threads_per_worker']}"
        f" threads on 127.0.0.1; plain searches from {PLAIN_CLIENTS} clients, then the same"
        f" while a client in another process keeps {data['hostile_clients']} hostile queries"
        " in flight. Latencies in ms;"
        f" machine load average {data['machine'].get('load_average', '?')}.",
        "",
        f"| target | measured | |\n|---|---|---|\n| plain-search p95 under hostile load"
        f" < {TARGET_P95_SECONDS:g} s | {loaded['p95_ms']} ms |"
        f" {'**MET**' if met else '**MISSED**'} |",
        "",
        "| requests | n | p50 | p95 | failed |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an ingested home (default: as bench_web.py)")
    parser.add_argument("--requests", type=int, help=f"plain searches a phase [{PLAIN_REQUESTS}]")
    parser.add_argument("--out", type=Path, help="write the Markdown section here")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    parser.add_argument("--quick", action="store_true", help="fewer requests (a smoke test)")
    args = parser.parse_args(argv)
    data = measure(args)
    text = markdown(data)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    print(text)
    failed = data["plain_alone"]["failures"] + data["plain_under_hostile_load"]["failures"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
