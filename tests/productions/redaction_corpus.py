"""A generated corpus of records released several times, redacted differently on purpose.

Each record is a few pages of invented prose with sensitive passages (names, numbers,
places) at known places. Each release (its own agency, Bates prefix, label style and
year) prints or redacts each passage by a seeded draw, so the differences between every
two copies are known in advance: `expected` lists them as the finder must report them.
Records released once are added too: nothing may be found in them.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

VOCABULARY = [
    "agency",
    "office",
    "program",
    "review",
    "detention",
    "facility",
    "transfer",
    "report",
    "request",
    "field",
    "staff",
    "operation",
    "county",
    "state",
    "jurisdiction",
    "schedule",
    "memo",
    "guidance",
    "policy",
    "officer",
    "removal",
    "case",
    "custody",
    "analysis",
    "meeting",
    "training",
    "budget",
    "contract",
    "system",
    "data",
    "record",
    "agreement",
    "response",
    "inspection",
    "audit",
    "unit",
    "region",
    "headquarters",
    "division",
    "partner",
    "local",
    "federal",
    "public",
    "notice",
    "interview",
    "summary",
    "update",
    "draft",
    "briefing",
    "plan",
    "timeline",
    "status",
    "action",
    "item",
    "follow",
]
FIRST = ("Maria", "Tomas", "Alice", "Yusuf", "Grace", "Ivan", "Nadia", "Oscar", "Petra", "Ruben")
LAST = ("Okafor", "Lindqvist", "Moreau", "Castillo", "Haddad", "Novak", "Brennan", "Sato")
# How each release prints a label, by exemption.
STYLES = {
    "paren": {"b5": "(b)(5)", "b6": "(b)(6)", "b7c": "(b)(7)(C)", "b7e": "(b)(7)(E)"},
    "spaced": {"b5": "(b) (5)", "b6": "(b) (6)", "b7c": "(b) (7)(C)", "b7e": "(b) (7)(E)"},
    "bare": {"b5": "b5", "b6": "b6", "b7c": "b7c", "b7e": "b7e"},
}
LABELS = ("b5", "b6", "b7c", "b7e")


@dataclass(frozen=True)
class Release:
    name: str
    prefix: str
    style: str
    release_date: str
    folder: str


RELEASES = (
    Release("ICE FOIA 2019-0412 interim 1", "ICE-2019-FOIA", "paren", "2019-06-01", "ice-2019"),
    Release("CBP FOIA 2020-0077", "CBP", "spaced", "2020-03-15", "cbp-2020"),
    Release("DOJ OIP 2021-0105 final", "DOJ OIP 2021", "bare", "2021-11-30", "doj-2021"),
)


@dataclass(frozen=True)
class Expected:
    """One difference the finder must report: the record, its page, the two releases (A
    the earlier), what kind, and the passage (or the label pair)."""

    record: int
    page: int
    release_a: str
    release_b: str
    kind: str
    passage: str
    labels_a: tuple[str, ...]
    labels_b: tuple[str, ...]


def _passage(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if kind == 1:
        return f"extension {rng.randrange(1000, 9999)}"
    return f"{rng.choice(LAST)} Street {rng.randrange(10, 999)}"


def _states(rng: random.Random, copies: int) -> list[str | None]:
    """Per copy: None (printed) or the exemption it is redacted under."""
    shape = rng.randrange(4)
    if shape == 0:  # printed everywhere
        return [None] * copies
    label = rng.choice(LABELS)
    if shape == 1:  # redacted everywhere, the same label
        return [label] * copies
    if shape == 2:  # printed in some, redacted in others
        states: list[str | None] = [rng.choice((None, label)) for _ in range(copies)]
        states[rng.randrange(copies)] = None
        states[rng.randrange(copies)] = label
        return states
    other = rng.choice([x for x in LABELS if x != label])
    return [rng.choice((label, other)) for _ in range(copies)]


def _page(rng: random.Random, passages: list[str]) -> list[str | int]:
    """Words of a page with the index of each passage where it goes."""
    words: list[str | int] = [rng.choice(VOCABULARY) for _ in range(25)]
    for index in range(len(passages)):
        words.append(index)
        words += [rng.choice(VOCABULARY) for _ in range(18)]
    return words


def build(folder: Path, records: int = 6, singles: int = 4, seed: int = 7) -> list[Expected]:
    """Write the releases under `folder` (a folder and a manifest.csv each) and return the
    differences between every two copies of every record."""
    rng = random.Random(seed)
    expected: list[Expected] = []
    files: dict[str, list[tuple[str, str]]] = {r.name: [] for r in RELEASES}
    numbers = {r.name: rng.randrange(100, 900) for r in RELEASES}
    for record in range(records + singles):
        is_single = record >= records
        releases = [rng.choice(RELEASES)] if is_single else rng.sample(RELEASES, rng.choice((2, 3)))
        releases.sort(key=lambda r: r.release_date)
        pages = []
        for _ in range(rng.choice((1, 2, 3))):
            passages = [_passage(rng) for _ in range(rng.randrange(3, 6))]
            states = [_states(rng, len(releases)) for _ in passages]
            pages.append((_page(rng, passages), passages, states))
        for copy, release in enumerate(releases):
            texts = []
            for layout, passages, states in pages:
                shown = []
                for item in layout:
                    if isinstance(item, int):
                        label = states[item][copy]
                        shown.append(STYLES[release.style][label] if label else passages[item])
                    else:
                        shown.append(item)
                numbers[release.name] += 1
                stamp = f"{release.prefix} {numbers[release.name]:06d}"
                texts.append(_lines(shown) + "\n\n" + stamp)
            name = f"record-{record:02d}.txt"
            (folder / release.folder).mkdir(parents=True, exist_ok=True)
            (folder / release.folder / name).write_text("\f".join(texts), encoding="utf-8")
            files[release.name].append((name, f"Record {record} as released"))
        if not is_single:
            expected += _differences(record, releases, pages)
    for release in RELEASES:
        _manifest(folder / release.folder, release, files[release.name])
    return expected


def _lines(words: list[str]) -> str:
    return "\n".join(" ".join(words[start : start + 12]) for start in range(0, len(words), 12))


def _manifest(folder: Path, release: Release, files: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["path", "title", "release", "release_date"])
        for name, title in files:
            writer.writerow([name, title, release.name, release.release_date])


def _differences(record: int, releases: list[Release], pages: list) -> list[Expected]:  # type: ignore[type-arg]
    found = []
    for first in range(len(releases)):
        for second in range(first + 1, len(releases)):
            for number, (_, passages, states) in enumerate(pages, start=1):
                for index, passage in enumerate(passages):
                    a, b = states[index][first], states[index][second]
                    if a == b:
                        continue
                    if a is None or b is None:
                        kind = "redacted_in_b" if a is None else "redacted_in_a"
                        labels_a, labels_b = (
                            (() if a is None else (a,)),
                            (() if b is None else (b,)),
                        )
                        found.append(Expected(record, number, releases[first].name,
                                              releases[second].name, kind, passage,
                                              labels_a, labels_b))  # fmt: skip
                    else:
                        found.append(Expected(record, number, releases[first].name,
                                              releases[second].name, "exemptions_differ",
                                              "[redaction]", (a,), (b,)))  # fmt: skip
    return found


def _real_passages(words: list[str], rng: random.Random, wanted: int) -> list[int]:
    """Starts of two-word passages a reviewer would redact in real text (two capitalised
    words: names, places, offices), at least 20 words apart."""
    starts = [
        i for i in range(len(words) - 1)
        if words[i][:1].isupper() and words[i + 1][:1].isupper()
        and words[i].isalpha() and words[i + 1].strip(".,;:").isalpha()
    ]  # fmt: skip
    rng.shuffle(starts)
    chosen: list[int] = []
    for start in starts:
        if all(abs(start - other) >= 20 for other in chosen):
            chosen.append(start)
        if len(chosen) == wanted:
            break
    return sorted(chosen)


def build_from_texts(folder: Path, records: list[list[str]], seed: int = 7) -> list[Expected]:
    """Like `build`, but each record is a real document's page texts: its passages are
    pairs of capitalised words chosen in the text, released two or three times."""
    rng = random.Random(seed)
    expected: list[Expected] = []
    files: dict[str, list[tuple[str, str]]] = {r.name: [] for r in RELEASES}
    numbers = {r.name: rng.randrange(100, 900) for r in RELEASES}
    for record, texts in enumerate(records):
        releases = sorted(rng.sample(RELEASES, rng.choice((2, 3))), key=lambda r: r.release_date)
        pages = []
        for text in texts:
            words = text.split()
            starts = _real_passages(words, rng, 4)
            layout: list[str | int] = []
            passages = []
            position = 0
            for index, start in enumerate(starts):
                layout += words[position:start]
                layout.append(index)
                passages.append(" ".join(words[start : start + 2]))
                position = start + 2
            layout += words[position:]
            pages.append((layout, passages, [_states(rng, len(releases)) for _ in passages]))
        for copy, release in enumerate(releases):
            shown_pages = []
            for layout, passages, states in pages:
                labels = STYLES[release.style]
                shown = [
                    item if not isinstance(item, int)
                    else labels[states[item][copy]] if states[item][copy] else passages[item]
                    for item in layout
                ]  # fmt: skip
                numbers[release.name] += 1
                stamp = f"{release.prefix} {numbers[release.name]:06d}"
                shown_pages.append(_lines(shown) + "\n\n" + stamp)
            name = f"record-{record:02d}.txt"
            (folder / release.folder).mkdir(parents=True, exist_ok=True)
            (folder / release.folder / name).write_text("\f".join(shown_pages), encoding="utf-8")
            files[release.name].append((name, f"Record {record} as released"))
        expected += _differences(record, releases, pages)
    for release in RELEASES:
        _manifest(folder / release.folder, release, files[release.name])
    return expected
