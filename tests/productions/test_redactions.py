"""The inconsistent-redaction finder on generated copies with chosen differences, through the
real pipeline: every difference found, none invented; filters, order, exports, the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.productions.redactions import RedactionRow, UnknownExemptionError, find_redactions
from indexer.store.database import Store
from tests.productions.redaction_corpus import RELEASES, Expected

Home = tuple[Path, list[Expected]]


def record_of(store: Store) -> dict[str, int]:
    return {d["doc_id"]: int(Path(d["path"]).stem.split("-")[1]) for d in store.list_documents()}


def key(row: RedactionRow, records: dict[str, int]) -> tuple[object, ...]:
    d = row.difference
    return (records[row.a.doc_id], row.a.page, row.a.production, row.b.production, d.kind,
            d.passage, d.labels_a, d.labels_b)  # fmt: skip


def wanted(expected: list[Expected]) -> Counter[tuple[object, ...]]:
    return Counter(
        (e.record, e.page, e.release_a, e.release_b, e.kind, e.passage, e.labels_a, e.labels_b)
        for e in expected
    )


def precision_recall(found: Counter, expected: Counter) -> tuple[float, float]:  # type: ignore[type-arg]
    hits = sum((found & expected).values())
    return hits / max(1, sum(found.values())), hits / max(1, sum(expected.values()))


def test_every_difference_is_found_and_none_invented(redaction_home: Home) -> None:
    home, expected = redaction_home
    store = Store(home)
    try:
        rows = find_redactions(store)
        records = record_of(store)
        found = Counter(key(row, records) for row in rows)
    finally:
        store.close()
    assert sum(wanted(expected).values()) >= 40  # the corpus holds every kind, many times
    assert {e.kind for e in expected} == {"redacted_in_a", "redacted_in_b", "exemptions_differ"}
    assert precision_recall(found, wanted(expected)) == (1.0, 1.0)
    assert found == wanted(expected)


def test_rows_are_by_release_date_with_both_releases(redaction_home: Home) -> None:
    home, _ = redaction_home
    store = Store(home)
    try:
        rows = find_redactions(store)
    finally:
        store.close()
    dates = [(row.a.release_date, row.b.release_date) for row in rows]
    assert dates == sorted(dates)
    for row in rows:
        assert row.a.release_date is not None and row.b.release_date is not None
        assert row.a.release_date < row.b.release_date  # A was released first
        assert row.a.bates and row.b.bates and row.a.bates != row.b.bates
        assert row.compare_url == f"/compare/{row.a.doc_id}/{row.b.doc_id}"
        assert row.a.citation.page == row.a.page and row.a.citation.bates == row.a.bates
        if row.difference.kind != "exemptions_differ":
            assert row.difference.before and row.difference.after


def test_filters_by_exemption_and_production(redaction_home: Home) -> None:
    home, expected = redaction_home
    store = Store(home)
    try:
        every = find_redactions(store)
        for label in ("b5", "b6", "b7c", "b7e"):
            limited = find_redactions(
                store,
                exemption=f"(b)({label[1]})" + (f"({label[2:].upper()})" if label[2:] else ""),
            )
            assert limited == [row for row in every if label in row.exemptions]
            want = [e for e in expected if label in e.labels_a + e.labels_b]
            assert len(limited) == len(want)
        for release in RELEASES:
            limited = find_redactions(store, production=release.name)
            assert limited and all(
                release.name in (r.a.production, r.b.production) for r in limited
            )
            assert len(limited) == sum(
                1 for e in expected if release.name in (e.release_a, e.release_b)
            )
        assert find_redactions(store, production="no such release") == []
        with pytest.raises(UnknownExemptionError):
            find_redactions(store, exemption="b10")
    finally:
        store.close()


def test_the_redactions_command(redaction_home: Home) -> None:
    home, expected = redaction_home
    runner = CliRunner()
    as_json = runner.invoke(main, ["--home", str(home), "redactions", "--json"])
    assert as_json.exit_code == 0
    body = json.loads(as_json.output)
    assert body["total"] == len(expected) == len(body["redactions"])
    first = body["redactions"][0]
    assert set(first) >= {"kind", "passage", "before", "after", "a", "b", "compare_url"}
    assert set(first["a"]) >= {"production", "release_date", "bates", "exemptions", "citation"}
    as_csv = runner.invoke(main, ["--home", str(home), "redactions", "--csv", "--exemption", "b6"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows and all("b6" in row["exemptions_a"] + row["exemptions_b"] for row in rows)
    assert all(row["citation_a"] and row["citation_b"] for row in rows)
    text = runner.invoke(main, ["--home", str(home), "redactions"]).output
    assert f"{len(expected)} inconsistent redactions" in text
    bad = runner.invoke(main, ["--home", str(home), "redactions", "--exemption", "b10"])
    assert bad.exit_code == 1 and "not an exemption" in bad.output
