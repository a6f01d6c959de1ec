"""E-mail (From/Sent/To/Cc/Bcc/Subject) and memo (MEMORANDUM FOR/FROM/SUBJECT) header fields.

E-mail printouts: a header block is a run of `Field:` lines (From, Sent, Date, To, Cc, Bcc,
Subject, Importance, Attachments) holding at least two different fields; a new `From:` starts a
new message, so a thread (`-----Original Message-----`) gives one block per message. Labels
printed in a column with their values after them (Outlook) are paired first (`columns`).
Gmail-style "On <date>, <sender> wrote:" lines add a message with its sender and date. A value
wraps onto the next line when another field follows it, when a recipient list ends with `;` or
`,`, or when the next line is indented deeper than the field's line.
Memos: `MEMORANDUM FOR` and `TO` are recipients, `THROUGH`/`THRU` go to `cc` (they review it on
its way), `FROM`, `SUBJECT`/`RE`, `DATE`; the title line under a person's name is left out.
Names are kept as printed, one a person (`people.split_people`), with their addresses;
exemption labels and [REDACTED] are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.enrich.columns import pair_label_column
from indexer.enrich.exemptions import strip_labels
from indexer.enrich.memo_names import memo_people
from indexer.enrich.people import split_people

_EMAIL_FIELD = re.compile(
    r"^\s*(?P<field>From|Sent|Date|To|Cc|Bcc|Subject|Importance|Attachments?|Sensitivity)"
    r"\s?:[ \t]*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
_MEMO_FIELD = re.compile(
    r"^\s*(?P<field>MEMORANDUM\s+FOR|TO|FROM|THROUGH|THRU|SUBJECT|RE|DATE|CC)"
    r"(?:\s?:|(?<=FOR)\s)[ \t]*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
# A memo's field line (the titles module finds where the header block ends with it).
MEMO_FIELD = _MEMO_FIELD
_MEMO_MARK = re.compile(r"^\s*MEMORANDUM(?:\s+FOR\b|\s*$)", re.MULTILINE | re.IGNORECASE)
_MEMO_FIELDS = {
    "memorandum for": "to", "to": "to", "from": "from", "through": "cc", "thru": "cc",
    "cc": "cc", "subject": "subject", "re": "subject", "date": "date",
}  # fmt: skip
_EMAIL_FIELDS = {"sent": "date", "attachment": "attachments"}
_WROTE = re.compile(
    r"\bOn\s(?P<date>.{4,60}?(?:\d{4}|\d{1,2}:\d{2}(?:\s?[AP]M)?))(?:\s?,)?\s"
    r"(?P<who>[A-Z(<\"'].{1,100}?)\swrote:",
)
_SEPARATOR = re.compile(
    r"^\s*(?:-{3,}|_{5,}|.*\b(?:Original|Forwarded)\s+Message\b)", re.IGNORECASE
)
_REDACTED = re.compile(r"\[?\bREDACTED\b\]?|█+", re.IGNORECASE)
_MAX_WRAPPED_LINES = 3
# Lines a recipient list may wrap over when each one ends with ';' or ',' or is indented.
_MAX_LIST_LINES = 30
# Lines between two field lines of one block: wrapped values only.
_MAX_FIELD_GAP = _MAX_WRAPPED_LINES + 1


@dataclass(frozen=True)
class Headers:
    """Header fields of one page; `kind` is 'email', 'memo' or None, `messages` how many."""

    kind: str | None
    from_: list[str]
    to: list[str]
    cc: list[str]
    subject: list[str]
    dates: list[str]
    messages: int
    bcc: list[str] = field(default_factory=list)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _continued(
    lines: list[str], fields: list[re.Match[str] | None], index: int, previous: str
) -> list[str]:
    """The lines of a value (`previous`, on line `index`) that goes on: after a line ending
    with ';' or ',' (a recipient list), or indented deeper than the field's line."""
    indent = _indent(lines[index])
    following: list[str] = []
    for offset in range(index + 1, min(index + 1 + _MAX_LIST_LINES, len(lines))):
        line = lines[offset]
        if fields[offset] or not line.strip() or _SEPARATOR.match(line):
            break
        if not (previous.endswith((";", ",")) or (previous and _indent(line) > indent)):
            break
        following.append(line.strip())
        previous = line.strip()
    return following


def _wrapped(
    lines: list[str], fields: list[re.Match[str] | None], index: int, value: str
) -> list[str]:
    """Lines that continue the value of the field on line `index` (`value` on that line).

    An open or indented list (`_continued`); else lines up to the next field line; or one
    line, not a sentence, closed by a blank line (Outlook puts a blank line between header and
    body). Anything else after the last field is body text.
    """
    continued = _continued(lines, fields, index, value)
    if continued:
        return continued
    following: list[str] = []
    for offset in range(index + 1, min(index + 2 + _MAX_WRAPPED_LINES, len(lines))):
        line = lines[offset]
        if fields[offset]:
            return following
        if not line.strip():
            is_wrap = len(following) == 1 and not following[0].endswith((".", "?", "!"))
            return following if is_wrap else []
        if _SEPARATOR.match(line):
            break
        following.append(line.strip())
    return []


def _blocks(
    lines: list[str], pattern: re.Pattern[str], names: dict[str, str]
) -> list[dict[str, list[str]]]:
    """Header blocks (field -> printed lines); a repeated field or body text starts a new one."""
    fields = [pattern.match(line) for line in lines]
    blocks: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    last_field_line = 0
    for index, match in enumerate(fields):
        if match is None:
            continue
        field = " ".join(match["field"].lower().split())
        name = names.get(field, field)
        if current and (name in current or index - last_field_line > _MAX_FIELD_GAP):
            blocks.append(current)
            current = {}
        current[name] = [match["value"], *_wrapped(lines, fields, index, match["value"])]
        last_field_line = index
    if current:
        blocks.append(current)
    return [block for block in blocks if len(block) >= 2]


def _names(values: list[str]) -> list[str]:
    """Names as printed, one a person ("Smith, John" stays one, see `people.split_people`)."""
    names: list[str] = []
    for value in values:
        names.extend(split_people(_clean(value)))
    return names


def _clean(value: str) -> str:
    value = _REDACTED.sub(" ", strip_labels(value))
    value = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", value)
    return " ".join(value.split()).strip(" ,;")


def _wrote_lines(text: str) -> list[tuple[str, str]]:
    """(date, sender) of each "On <date>, <sender> wrote:" line, also when wrapped."""
    flat = " ".join(text.split())
    return [(m["date"], _clean(m["who"])) for m in _WROTE.finditer(flat)]


def _people(blocks: list[dict[str, list[str]]], name: str, *, join_lines: bool) -> list[str]:
    """Names of one field over all blocks.

    In e-mail a wrapped line continues the value; in a memo each line is a name or the title
    under a name ("Executive Director, Secure Communities"), which is left out.
    """
    if not join_lines:
        return memo_people([_clean(line) for block in blocks for line in block.get(name, [])])
    return _names([_join_list(block.get(name, [])) for block in blocks])


def _join_list(lines: list[str]) -> str:
    """A recipient list's lines as one value. A line that does not end with ';' or ',' ends a
    name when the next one starts a "Last, First" name of its own ("Holm, Eva" / "Dahl, Siv");
    else the name wrapped ("Holm, Eva" / "Maria")."""
    value = lines[0] if lines else ""
    for line in lines[1:]:
        starts_name = "," in line.split(";")[0]
        glue = "; " if value and not value.endswith((";", ",")) and starts_name else " "
        value = f"{value}{glue}{line}"
    return value


def _collect(kind: str, blocks: list[dict[str, list[str]]], text: str) -> Headers:
    is_email = kind == "email"
    wrote = _wrote_lines(text) if is_email else []
    subjects = [_clean(" ".join(block["subject"])) for block in blocks if "subject" in block]
    dates = [_clean(" ".join(block["date"])) for block in blocks if "date" in block]
    return Headers(
        kind=kind,
        from_=_people(blocks, "from", join_lines=is_email) + [who for _, who in wrote if who],
        to=_people(blocks, "to", join_lines=is_email),
        cc=_people(blocks, "cc", join_lines=is_email),
        bcc=_people(blocks, "bcc", join_lines=is_email),
        subject=[subject for subject in subjects if subject],
        dates=[date for date in dates if date] + [date for date, _ in wrote],
        messages=len(blocks) + len(wrote),
    )


def _email_blocks(lines: list[str]) -> list[dict[str, list[str]]]:
    blocks = _blocks(lines, _EMAIL_FIELD, _EMAIL_FIELDS)
    return [block for block in blocks if "from" in block or "date" in block]


def _memo_blocks(text: str, mark: re.Match[str]) -> list[dict[str, list[str]]]:
    """The memo's one header block, starting at its MEMORANDUM line."""
    blocks = _blocks(text[mark.start() :].splitlines(), _MEMO_FIELD, _MEMO_FIELDS)
    return blocks[:1]


def parse_headers(text: str) -> Headers:
    """The e-mail or memo header fields printed on a page; kind None when it has none.

    A page that starts as a memo (its MEMORANDUM line comes before any From/Sent/To line) is a
    memo even when e-mail headers follow; otherwise e-mail headers win.
    """
    mark = _MEMO_MARK.search(text)
    first_email_field = re.search(r"^\s*(?:From|Sent|To)\s?:", text, re.MULTILINE)
    if mark and (first_email_field is None or mark.start() < first_email_field.start()):
        memo = _memo_blocks(text, mark)
        if memo:
            return _collect("memo", memo, text)
    email = _email_blocks(pair_label_column(text.splitlines()))
    if email or _wrote_lines(text):
        return _collect("email", email, text)
    return Headers(None, [], [], [], [], [], 0)
