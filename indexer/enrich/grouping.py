"""Grouping near-duplicate documents: disjoint sets joined through LSH candidates."""

from __future__ import annotations

from collections.abc import Sequence

from indexer.enrich.duplicates import (
    SIMILARITY_THRESHOLD,
    band_keys,
    estimate,
    is_same_record,
    signature,
)
from indexer.enrich.fingerprint_text import Runs, document_words


class UnionFind:
    """Disjoint sets of strings; `find` returns a set's root, compressing paths."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        root = item
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while item != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[b] = a

    def sets(self) -> list[list[str]]:
        """Every set, members in the order they were added."""
        found: dict[str, list[str]] = {}
        for item in self.parent:
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())


def group_documents(documents: Sequence[tuple[str, Sequence[str]]]) -> list[list[str]]:
    """Groups of the keys of (key, page texts) whose documents are copies of one record,
    connected through LSH candidates; every key appears once, groups in input order."""
    finder = UnionFind()
    buckets: dict[tuple[int, int], list[str]] = {}
    runs: dict[str, list[Runs]] = {}
    signatures: dict[str, tuple[int, ...]] = {}
    for key, texts in documents:
        finder.add(key)
        runs[key] = document_words(texts)
        found = signature(runs[key])
        if found is None:
            continue
        signatures[key] = found
        for band in band_keys(found):
            for other in buckets.setdefault(band, []):
                if finder.find(other) == finder.find(key):
                    continue
                if estimate(found, signatures[other]) >= SIMILARITY_THRESHOLD and is_same_record(
                    runs[key], runs[other]
                ):
                    finder.union(other, key)
            buckets[band].append(key)
    return finder.sets()
