"""The investigator commands end to end: `foia batch`, `find-quote`, `similar`, `saved` and
`alerts`, on a real home, as a script or a cron job calls them."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from indexer.cli import main
from indexer.search.service import SearchRequest, search
from indexer.store.runs import latest_run, record_ingest
from indexer.store.users import add_user
from indexer.tools.batch import CSV_COLUMNS
from tests.conftest import Home, write_docs
from tests.indexer.test_batch import build_home

TERMS = (
    "# investigator terms\n"
    "detention\tdetention OR custody\n"
    "\n"
    "sheriff\tsheriff*\n"
    "bad\tline\twith tabs\n"
    "accent\tPe\xf1a\n"
).encode("cp1252")

pytestmark = pytest.mark.both_engines


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, search_engine: str) -> Iterator[Home]:
    built = build_home(tmp_path_factory.mktemp("cli_tools"))
    add_user(built.store, "ana", "staff", "a long password")
    yield built
    built.close()


def run(home: Home, *args: str, input: str | None = None) -> Result:  # noqa: A002
    return CliRunner().invoke(main, ["--home", str(home.path), *args], input=input)


def ok(home: Home, *args: str, input: str | None = None) -> Result:  # noqa: A002
    result = run(home, *args, input=input)
    assert result.exit_code == 0, result.output
    return result


def total_pages(home: Home, query: str) -> int:
    return search(home.engine, home.store, SearchRequest(query)).total_pages


def test_batch_to_a_csv_file(home: Home, tmp_path: Path) -> None:
    terms = tmp_path / "terms.txt"
    terms.write_bytes(TERMS)
    out = tmp_path / "rows.csv"
    result = ok(home, "batch", str(terms), "--out", str(out))
    assert "3 queries" in result.stdout
    assert "line 5: error: more than one tab" in result.stdout
    assert "line 6: note:" in result.stdout and "cp1252" in result.stdout
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_label = {
        label: [r for r in rows if r["label"] == label] for label in ("detention", "sheriff")
    }
    assert len(by_label["detention"]) == total_pages(home, "detention OR custody")
    assert len(by_label["sheriff"]) == total_pages(home, "sheriff*")
    assert all(r["url"] == f"/doc/{r['doc_id']}/p/{r['page']}" for r in rows if r["doc_id"])
    accent = [r for r in rows if r["label"] == "accent"]
    assert len(accent) == 1 and accent[0]["query"] == "Pe\u00f1a"

    summary = json.loads(ok(home, "batch", str(terms), "--out", str(out), "--json").stdout)
    assert summary["out"] == str(out) and summary["format"] == "csv"
    assert [p["line"] for p in summary["problems"]] == [5, 6]


def test_batch_as_json_on_standard_output(home: Home) -> None:
    result = ok(home, "batch", "-", "--format", "json", input="detention\nsheriff*\n")
    data = json.loads(result.stdout)
    assert [q["query"] for q in data["queries"]] == ["detention", "sheriff*"]
    assert len(data["queries"][0]["rows"]) == total_pages(home, "detention")
    assert "2 queries" in result.stderr
    json_file = ok(home, "batch", "-", "--out", str(home.path / "rows.json"), input="pena\n")
    assert "1 queries" in json_file.stdout
    assert json.loads((home.path / "rows.json").read_text())["queries"][0]["total_documents"] == 1


def test_find_quote(home: Home) -> None:
    quote = (
        "the program is a federal information\u2011sharing partnership.\n"
        "The \u201copt-out\u201d question came up again when Santa Clara County wrote"
    )
    data = json.loads(ok(home, "find-quote", quote, "--json").stdout)
    top = data["matches"][0]
    assert (top["page"], top["page_end"]) == (1, 2) and top["score"] > 0.8
    assert {"doc_id", "page", "score", "snippet"} <= set(top) and data["notice"] is None
    text = ok(home, "find-quote", "-", input=quote).stdout
    # the memo is titled by its SUBJECT line
    assert text.startswith("1. Secure Communities deployment") and "p. 1-2" in text and "[" in text
    assert "no page holds" in ok(home, "find-quote", "--", "zzz qqq").stdout


def test_similar(home: Home) -> None:
    documents = {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}
    data = json.loads(ok(home, "similar", documents["memo.txt"], "--json").stdout)
    found = [doc["doc_id"] for doc in data["documents"]]
    assert found and documents["memo.txt"] not in found and data["terms"]
    excluded = json.loads(
        ok(home, "similar", documents["memo.txt"], "--exclude", found[0], "--json").stdout
    )
    assert found[0] not in [doc["doc_id"] for doc in excluded["documents"]]
    page = ok(home, "similar", documents["report.txt"], "--page", "2").stdout
    assert page.startswith("key terms:")
    missing = run(home, "similar", "0000000000000000")
    assert missing.exit_code == 1 and "no document 0000000000000000" in missing.output


def test_saved_searches_and_alerts(home: Home, tmp_path: Path) -> None:
    added = json.loads(
        ok(home, "saved", "add", "Custody", "custody", "--user", "ana", "--json").stdout
    )
    assert added["name"] == "Custody" and added["feed"].startswith(f"/saved/{added['saved_id']}/")
    ok(home, "saved", "add", "Memos", "detention", "--user", "ana", "--filter", "type=text")
    listed = json.loads(ok(home, "saved", "list", "--user", "ana", "--json").stdout)
    assert [s["name"] for s in listed] == ["Custody", "Memos"]
    assert "nothing new" in ok(home, "alerts", "--user", "ana").stdout

    before = latest_run(home.store)
    folder = write_docs(tmp_path / "new", {"custody.txt": "Custody records of the new jail."})
    report = json.loads(ok(home, "ingest", str(folder), "--ocr", "off", "--json").stdout)
    assert report["added"] == 1
    if latest_run(home.store) == before:  # until `foia ingest` records its runs itself
        new_doc_id = next(
            d["doc_id"] for d in home.store.list_documents() if d["path"].endswith("custody.txt")
        )
        record_ingest(home.store, [new_doc_id])

    shown = json.loads(ok(home, "alerts", "--user", "ana", "--json", "--mark-seen").stdout)
    custody = next(alert for alert in shown if alert["name"] == "Custody")
    assert custody["new_documents"] == 1
    assert custody["matches"][0]["title"].startswith("Custody records")
    assert next(a for a in shown if a["name"] == "Memos")["new_documents"] == 0
    again = ok(home, "alerts", "--user", "ana").stdout
    assert again.count("nothing new") == 2

    ok(home, "saved", "remove", "custody", "--user", "ana")
    assert "no saved searches" not in ok(home, "saved", "list").stdout
    ok(home, "saved", "remove", "Memos", "--user", "ana")
    assert ok(home, "saved", "list").stdout.strip() == "no saved searches"


def test_saved_search_errors(home: Home) -> None:
    unknown = run(home, "saved", "add", "x", "detention", "--user", "nobody")
    assert unknown.exit_code == 1 and "no enabled user 'nobody'" in unknown.output
    bad_filter = run(home, "saved", "add", "x", "q", "--user", "ana", "--filter", "typememo")
    assert bad_filter.exit_code == 2 and "FIELD=VALUE" in bad_filter.output
    missing = run(home, "saved", "remove", "nothing", "--user", "ana")
    assert missing.exit_code == 1 and "no saved search named 'nothing'" in missing.output


def test_every_command_is_in_the_help(home: Home) -> None:
    helped = ok(home, "--help").stdout
    for command in ("batch", "find-quote", "similar", "saved", "alerts"):
        assert command in helped
    saved_help = ok(home, "saved", "--help").stdout
    assert all(command in saved_help for command in ("add", "list", "remove"))
