"""A small corpus of productions with known numbers: a release named by its manifest (with a
slip sheet, a gap, a duplicate page, redactions), a folder of two Bates prefixes without a
release, and a press release that belongs to no production."""

from __future__ import annotations

import csv
from pathlib import Path

FILLER = (
    "The field office reviewed the detention schedule with headquarters staff and noted the "
    "transfer requests pending for the county jurisdiction during the reporting period"
)
RELEASE = "ICE FOIA 2019-0412 interim 1"
RELEASE_DATE = "2019-06-01"


def page(words: str, stamp: str | None) -> str:
    """A page of at least 20 words, its stamp alone on the last line."""
    return f"{words}\n{FILLER}.\n\n{stamp}" if stamp else f"{words}\n{FILLER}."


DUPLICATED = "Memorandum for the record: the quarterly inspection found no deficiency."
ICE_DOCS = {
    "memo-1.txt": [
        page(
            "Memorandum on the 287(g) agreement review under 28 U.S.C. § 1346(b)(1).", "ICE-000001"
        ),
        page("The officer (b)(6) met the detainee; the call log shows (b)(6) twice.", "ICE-000002"),
        page(DUPLICATED, "ICE-000003"),
    ],
    "slip-sheet.txt": [
        "Pages ICE-000004 through ICE-000006 withheld in full pursuant to exemption (b)(5).\n\n"
        "ICE-000004"
    ],
    "emails.txt": [
        page("From the deputy director about the inspection schedule, (b)(7)(C).", "ICE-000007"),
        page("Reply about the detention standards and the contract.", "ICE-000008"),
        page("Follow-up after the missing pages about the budget.", "ICE-000011"),
    ],
    "copy.txt": [page(DUPLICATED, "ICE-000012")],
}
# Two prefixes in one folder, no release: two productions.
BOX_DOCS = {
    "cbp-a.txt": [
        page("Border patrol report one.", "CBP 000101"),
        page("Report two.", "CBP 000102"),
    ],
    "cbp-b.txt": [page("Border patrol report after a gap.", "CBP 000104")],
    "doj-a.txt": [page("Office of Information Policy letter.", "DOJ-OIP-000050")],
    "doj-b.txt": [page("Office of Information Policy reply.", "DOJ-OIP-000051")],
}
PRESS = {"statement.txt": ["Press statement about the program, with no stamp at all. " + FILLER]}


def write(folder: Path, docs: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, pages in docs.items():
        (folder / name).write_text("\f".join(pages), encoding="utf-8")


def build(root: Path) -> Path:
    """The corpus under `root` (returned): release/, boxes/, press/."""
    write(root / "release", ICE_DOCS)
    with (root / "release" / "manifest.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["path", "title", "date", "release", "release_date"])
        for number, name in enumerate(ICE_DOCS, start=1):
            writer.writerow(
                [name, f"ICE record {number}", f"2018-0{number}-15", RELEASE, RELEASE_DATE]
            )
    write(root / "boxes", BOX_DOCS)
    write(root / "press", PRESS)
    return root
