"""Write RESULTS.md from the benchmarks' JSON results: the command, the machine, a table of
targets with MET / MISSED said plainly, then the details of each benchmark."""

from __future__ import annotations

from typing import Any

EXTRACT_TARGET = 2.0  # ours may take at most twice pdftotext's time
INDEX_TARGET = 1.3  # index stage at most 1.3x a bare Whoosh writer's time
QUERY_TARGETS = {30_000: 0.200, 100_000: 0.500}  # p95 seconds at that many pages
REINGEST_TARGET = 0.05  # share of the first ingest's time
MEMORY_TARGET = 1_000_000_000  # bytes
FLAT_TARGET = 1.5  # peak at the largest size over the peak at the smallest

Row = tuple[str, str, str, str, str, str]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.2f} s"
    return f"{seconds / 60:.1f} min"


def mb(size: float) -> str:
    return f"{size / 1e6:,.0f} MB"


def rate(pages_per_second: float) -> str:
    return f"{pages_per_second:,.0f} pages/s"


def ratio(value: float) -> str:
    return f"{value:.2f}x"


def verdict(is_met: bool) -> str:
    return "**MET**" if is_met else "**MISSED**"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _size_label(pages: int) -> str:
    return f"{pages // 1000}k" if pages % 1000 == 0 else str(pages)


# -- target rows ------------------------------------------------------------------------------


def _extract_rows(extract: dict[str, Any]) -> list[Row]:
    value = extract["ratio"]
    return [
        (
            "Extraction, born-digital PDFs",
            rate(extract["ours"]["pages_per_second"]),
            f"pdftotext {rate(extract['pdftotext']['pages_per_second'])}",
            f"{ratio(value)} the time",
            f"<= {EXTRACT_TARGET:g}x",
            verdict(value <= EXTRACT_TARGET),
        )
    ]


def _index_rows(stage: dict[str, Any]) -> list[Row]:
    speeds = stage["pages_per_second"]
    return [
        (
            f"Index build ({stage['pages']:,} pages)",
            rate(speeds["ours"]),
            f"bare Whoosh {rate(speeds['bare_texts'])}",
            f"{ratio(stage['ratio'])} the time",
            f"<= {INDEX_TARGET:g}x",
            verdict(stage["ratio"] <= INDEX_TARGET),
        )
    ]


def _query_rows(queries: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for result in queries:
        ours, bare = result["engines"]["ours"], result["engines"]["bare_whoosh"]
        fts = result["engines"]["fts5"]
        target = QUERY_TARGETS.get(result["size"])
        rows.append(
            (
                f"Query p95 at {_size_label(result['size'])} pages",
                f"{ms(ours['p95'])} (p50 {ms(ours['p50'])})",
                f"bare Whoosh {ms(bare['p95'])}, FTS5 {ms(fts['p95'])}",
                f"{ratio(ours['p95'] / bare['p95'])} bare" if bare["p95"] else "-",
                f"< {ms(target)}" if target else "none at this size",
                verdict(ours["p95"] < target) if target else "-",
            )
        )
    return rows


def _ingest_rows(ingest: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    sizes = ingest["sizes"]
    for size in sizes:
        again = size["again"]
        rows.append(
            (
                f"Re-ingest unchanged, {_size_label(size['pages'])} pages",
                duration(again["seconds"]),
                f"first ingest {duration(size['first']['seconds'])}",
                f"{again['share_of_first']:.1%}",
                f"< {REINGEST_TARGET:.0%}",
                verdict(again["share_of_first"] < REINGEST_TARGET),
            )
        )
    for size in sizes:
        peak = size["first"]["peak_tree_bytes"]
        rows.append(
            (
                f"Peak memory, ingest of {_size_label(size['pages'])} pages",
                mb(peak),
                "-",
                "-",
                f"< {mb(MEMORY_TARGET)}",
                verdict(peak < MEMORY_TARGET),
            )
        )
    if len(sizes) > 1:
        growth = sizes[-1]["first"]["peak_tree_bytes"] / sizes[0]["first"]["peak_tree_bytes"]
        rows.append(
            (
                f"Peak memory flat ({_size_label(sizes[0]['pages'])} -> "
                f"{_size_label(sizes[-1]['pages'])} pages)",
                f"{ratio(growth)} growth",
                "-",
                "-",
                f"<= {FLAT_TARGET:g}x",
                verdict(growth <= FLAT_TARGET),
            )
        )
    return rows


def targets(results: dict[str, Any]) -> str:
    rows: list[Row] = []
    if "extract" in results:
        rows += _extract_rows(results["extract"])
    if "ingest" in results:
        rows += _index_rows(results["ingest"]["index_stage"])
    rows += _query_rows(results.get("queries", []))
    if "ingest" in results:
        rows += _ingest_rows(results["ingest"])
    header = ("benchmark", "measured (median)", "reference, same run", "ratio", "target", "result")
    return "## Targets\n\n" + table(header, rows)


# -- details ----------------------------------------------------------------------------------


def header(results: dict[str, Any]) -> str:
    m = results["machine"]
    settings = results["settings"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run_all.py` (what each figure means: `bench/README.md`).",
        "",
        f"- **Command:** `{results['command']}`",
        f"- **Date:** {results['date']} (the run took {duration(results['seconds'])})",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']};"
        f" load average {', '.join(map(str, m['load_average']))} at the start,"
        f" {', '.join(map(str, results['load_average_end']))} at the end",
        f"- **Software:** Python {m['python']}, Whoosh {m['whoosh']}, SQLite {m['sqlite']},"
        f" {m['pdftotext']}",
        f"- **Code:** commit {results['git']}; measured: a snapshot of `indexer/` and `webui/`"
        f" from {'git HEAD' if results['code']['source'] == 'head' else 'the working tree'},"
        f" taken when the run started (digest {results['code']['digest']}), so every stage ran"
        " the same code",
        f"- **Settings:** corpus sizes {', '.join(f'{s:,}' for s in settings['sizes'])} pages;"
        f" {settings['repeats']} timed repeat(s) of each run (medians reported)",
    ]
    if settings["quick"]:
        lines += [
            "",
            "**Quick smoke run** (`--quick`): small corpora, one repeat, a subset of"
            " the queries. The targets at 30k and 100k pages are not measured here.",
        ]
    return "\n".join(lines)


def corpus_section(results: dict[str, Any]) -> str:
    if "ingest" not in results:
        return ""
    summary = results["ingest"]["sizes"][-1]["summary"]
    configured = {
        **summary["configured_rates"]["phrases"],
        **summary["configured_rates"]["exemptions"],
    }
    rows = [
        (
            name,
            f"{count:,}",
            f"{summary['measured_rates'][name]:.1%}",
            f"{configured[name]:.0%}" if name in configured else "-",
        )
        for name, count in summary["pages_with"].items()
    ]
    types = ", ".join(f"{name} {count:,}" for name, count in summary["pages_by_type"].items())
    return "\n\n".join(
        [
            "## Generated corpus",
            f"`bench/generate_corpus.py` (seed {summary['seed']}, key {summary['key']}): the"
            f" {summary['pages']:,}-page corpus has {summary['documents']:,} text files,"
            f" {summary['bytes'] / 1e6:,.0f} MB, generated in {duration(summary['seconds'])}."
            f" Pages by type: {types}. Smaller corpora are its first pages.",
            table(("on a page", "pages", "measured share", "configured share"), rows),
        ]
    )


def extract_section(extract: dict[str, Any]) -> str:
    rows = [
        (
            item["file"],
            str(item["pages"]),
            f"{item['ours_ms']:,.0f}",
            f"{item['pdftotext_ms']:,.0f}",
            ratio(item["ours_ms"] / item["pdftotext_ms"]),
        )
        for item in extract["per_file"]
    ]
    rows.append(
        (
            "**all**",
            str(extract["pages"]),
            f"{extract['ours']['seconds'] * 1000:,.0f}",
            f"{extract['pdftotext']['seconds'] * 1000:,.0f}",
            ratio(extract["ratio"]),
        )
    )
    return "\n\n".join(
        [
            "## 1. Extraction (born-digital PDFs of `corpus/pdf/`)",
            f"{extract['files']} files, {extract['pages']} pages; our extractor"
            " (`extractor_for(path).extract(path)`, one process) against `pdftotext` run as a"
            f" subprocess per file; median of {extract['repeats']} repeat(s) (per-file times too).",
            table(("file", "pages", "ours ms", "pdftotext ms", "ratio"), rows),
        ]
    )


def index_section(ingest: dict[str, Any]) -> str:
    stage = ingest["index_stage"]
    names = {
        "ours": "our index stage (SQLite writes + page_to_fields + add_document + commits)",
        "bare_texts": "bare Whoosh writer, same schema, page texts only (the reference)",
        "bare_fields": "bare Whoosh writer fed all our fields (computed beforehand)",
        "store_only": "of which: SQLite writes alone",
        "fields_only": "of which: page_to_fields alone",
    }
    rows = [
        (
            label,
            duration(stage["seconds"][name]),
            rate(stage["pages_per_second"][name]),
            ratio(stage["seconds"][name] / stage["seconds"]["bare_texts"]),
        )
        for name, label in names.items()
    ]
    full = [
        (
            f"full `Ingest` of {size['indexed_pages']:,} pages ({size['documents']:,} files)",
            duration(size["first"]["seconds"]),
            rate(size["first"]["pages_per_second"]),
            ratio(stage["pages_per_second"]["bare_texts"] / size["first"]["pages_per_second"]),
        )
        for size in ingest["sizes"]
    ]
    return "\n\n".join(
        [
            "## 2. Index build",
            f"The same {stage['pages']:,} prepared pages ({stage['documents']:,} documents,"
            " extracted and enriched beforehand), median of"
            f" {stage['repeats']} repeat(s). Ratio = time / the bare writer's time.",
            table(("run", "seconds", "speed", "ratio"), rows + full),
        ]
    )


def _engine_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    names = {
        "ours": "ours: `indexer.search.service.search` (facets, highlights, grouping)",
        "bare_whoosh": "bare Whoosh: QueryParser, top 10, highlights",
        "fts5": "SQLite FTS5: MATCH, bm25 top 10, snippet()",
    }
    rows = []
    for name, label in names.items():
        engine = result["engines"][name]
        rows.append(
            (
                label,
                ms(engine["p50"]),
                ms(engine["p95"]),
                ms(engine["mean"]),
                ms(engine["max"]),
                ms(engine["cold"]["p95"]),
                str(len(engine["errors"])),
            )
        )
    return rows


def _category_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    engines = result["engines"]
    rows = []
    for category in engines["ours"]["categories"]:
        cells = [category]
        for name in ("ours", "bare_whoosh", "fts5"):
            figures = engines[name]["categories"].get(category)
            cells.append(f"{ms(figures['p50'])} / {ms(figures['p95'])}" if figures else "-")
        rows.append(tuple(cells))
    return rows


def query_section(queries: list[dict[str, Any]]) -> str:
    parts = [
        "## 3. Query latency",
        "Each engine keeps one searcher or connection open. One untimed warm-up pass"
        ' (its p95 is the "cold" column), then timed passes over every query of'
        " `bench/queries.txt`; p50/p95 are per pass, the median pass is reported."
        " References search the same pages without our query language's equivalences.",
    ]
    for result in queries:
        parts.append(
            f"### {result['size']:,} pages ({result['queries']} queries,"
            f" {result['repeats']} timed pass(es))"
        )
        parts.append(
            table(
                ("engine", "p50", "p95", "mean", "max", "cold p95", "errors"), _engine_rows(result)
            )
        )
        parts.append("p50 / p95 per kind of query:")
        parts.append(table(("kind", "ours", "bare Whoosh", "FTS5"), _category_rows(result)))
        slowest = result["engines"]["ours"]["slowest"]
        parts.append(
            "Our slowest queries: "
            + "; ".join(
                f"`{item['query']}` ({item['category']}) {ms(item['seconds'])}" for item in slowest
            )
        )
        errors = [error for engine in result["engines"].values() for error in engine["errors"]]
        if errors:
            parts.append("Errors: " + "; ".join(f"`{error}`" for error in errors[:10]))
    parts.append(checks_section(queries))
    parts.append(profile_section(queries))
    return "\n\n".join(part for part in parts if part)


def checks_section(queries: list[dict[str, Any]]) -> str:
    with_checks = [result for result in queries if result.get("checks")]
    if not with_checks:
        return ""
    rows = []
    for index, check in enumerate(with_checks[0]["checks"]):
        cells = [f"`{check['query']}`"]
        for result in with_checks:
            found = result["checks"][index]
            mark = "" if found["found"] == found["expected"] else " **DIFFERS**"
            cells.append(f"{found['found']:,} of {found['expected']:,}{mark}")
        rows.append(tuple(cells))
    labels = tuple(f"found at {_size_label(result['size'])}" for result in with_checks)
    return "\n\n".join(
        [
            "### Correctness checks",
            "Pages our search finds for queries whose answer the generator counted (phrases and"
            " labels in the page text; plain words in the page text or, on a document's first"
            " page, its title).",
            table(("query", *labels), rows),
        ]
    )


def profile_section(queries: list[dict[str, Any]]) -> str:
    profiled = [result for result in queries if result.get("profile")]
    if not profiled:
        return ""
    result = profiled[-1]
    rows = [
        (
            f"`{row['function']}`",
            f"{row['calls']:,}",
            f"{row['share']:.0%}",
            f"{row['own_share']:.0%}",
        )
        for row in result["profile"][:15]
    ]
    return "\n\n".join(
        [
            f"### Where our search spends its time ({result['size']:,} pages)",
            "cProfile of one pass over all queries (shares of the pass, profiler overhead"
            f" included; full listing in `bench/work/query-profile-{result['size']}.txt`).",
            table(("function", "calls", "cumulative", "own"), rows),
        ]
    )


def ingest_section(ingest: dict[str, Any]) -> str:
    rows = []
    for size in ingest["sizes"]:
        first, again = size["first"], size["again"]
        rows.append(
            (
                f"{size['indexed_pages']:,}",
                f"{size['documents']:,}",
                duration(first["seconds"]),
                rate(first["pages_per_second"]),
                duration(again["seconds"]),
                f"{again['share_of_first']:.1%}",
                mb(first["peak_tree_bytes"]),
                mb(first["maxrss_self"]),
                mb(first["maxrss_children"]),
                str(len(size["failed"])),
            )
        )
    return "\n\n".join(
        [
            "## 4. Ingest, re-ingest and peak memory",
            "Each ingest runs `indexer.ingest.pipeline.ingest` in a fresh process (default workers:"
            " one per core). Peak memory: the highest sum of resident memory of the process and"
            " its worker processes, sampled every 0.2 s from /proc; getrusage's RUSAGE_SELF (main"
            " process) and RUSAGE_CHILDREN (the largest single worker) peaks beside it."
            " Re-ingest: the same command again over the unchanged corpus.",
            table(
                (
                    "pages",
                    "files",
                    "first ingest",
                    "speed",
                    "re-ingest",
                    "share",
                    "peak (tree)",
                    "main maxrss",
                    "worker maxrss",
                    "failed",
                ),
                rows,
            ),
        ]
    )


def others_section(others: list[dict[str, Any]]) -> str:
    parts = []
    for other in others:
        title = f"## {other['script']}"
        if "command" not in other:
            parts.append(f"{title}\n\n{other['status']}.")
            continue
        markdown = "\n".join(
            "#" + line if line.startswith("#") else line for line in other["markdown"].splitlines()
        )
        body = [f"`{other['command']}`: {other['status']} in {duration(other['seconds'])}."]
        if other["stderr"]:
            body.append("```\n" + other["stderr"].strip()[-1500:] + "\n```")
        parts.append("\n\n".join([title, *body, markdown]))
    return "\n\n".join(parts)


def render(results: dict[str, Any]) -> str:
    """The whole RESULTS.md."""
    parts = [header(results), targets(results), corpus_section(results)]
    if "extract" in results:
        parts.append(extract_section(results["extract"]))
    if "ingest" in results:
        parts.append(index_section(results["ingest"]))
    if results.get("queries"):
        parts.append(query_section(results["queries"]))
    if "ingest" in results:
        parts.append(ingest_section(results["ingest"]))
    if results.get("others"):
        parts.append(others_section(results["others"]))
    return "\n\n".join(part for part in parts if part) + "\n"
