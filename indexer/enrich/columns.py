"""Outlook headers laid out in a label column: "From:", "Sent:", "To:" alone, values after.

Outlook's printout (and a PDF's text layer of it) can put the labels in one column and the
values in the next, which reads as a run of bare labels followed by the values in the same
order. `pair_label_column` rewrites such a run as ordinary "Label: value" lines, so that the
header parser reads it like any other. A value wrapped over several lines (a long To: list)
is recognised by its line ending with ';' or ','.
"""

from __future__ import annotations

import re

_BARE_LABEL = re.compile(
    r"^\s*(?P<label>From|Sent|Date|To|Cc|Bcc|Subject|Importance|Attachments?|Sensitivity)"
    r"\s?:\s*$",
    re.IGNORECASE,
)
# Blank lines allowed between the labels and their values.
_MAX_GAP = 2


def _label_runs(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of every run of two or more bare labels, each label once."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        end, seen = index, set()
        while end < len(lines) and (match := _BARE_LABEL.match(lines[end])):
            label = match["label"].lower()
            if label in seen:
                break
            seen.add(label)
            end += 1
        if end - index >= 2:
            runs.append((index, end))
            index = end
        else:
            index += 1
    return runs


def _value_lines(lines: list[str], start: int) -> list[int]:
    """Indexes of the value lines after a run ending at `start`: after at most _MAX_GAP blank
    lines, the lines up to the next blank line or label."""
    index = start
    while index < len(lines) and index - start < _MAX_GAP and not lines[index].strip():
        index += 1
    found: list[int] = []
    while index < len(lines) and lines[index].strip() and not _BARE_LABEL.match(lines[index]):
        found.append(index)
        index += 1
    return found


def _assign(labels: int, values: list[str]) -> list[list[str]] | None:
    """The value lines of each label, in order; None when they cannot be paired."""
    if len(values) < labels:
        return None
    assigned: list[list[str]] = []
    position = 0
    for label in range(labels):
        taken = [values[position]]
        position += 1
        spare = len(values) - position - (labels - label - 1)
        while spare > 0 and taken[-1].endswith((";", ",")):
            taken.append(values[position])
            position += 1
            spare -= 1
        assigned.append(taken)
    return assigned


def pair_label_column(lines: list[str]) -> list[str]:
    """`lines` with every label column rewritten as "Label: value" lines (value lines blanked,
    so that line numbers stay); other lines unchanged."""
    result = list(lines)
    for start, end in _label_runs(lines):
        value_indexes = _value_lines(lines, end)
        assigned = _assign(end - start, [lines[i].strip() for i in value_indexes])
        if assigned is None:
            continue
        for offset, values in enumerate(assigned):
            label = lines[start + offset].strip()
            result[start + offset] = f"{label} {' '.join(values)}"
        used = sum(len(values) for values in assigned)
        for index in value_indexes[:used]:
            result[index] = ""
    return result
