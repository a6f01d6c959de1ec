"""Draw the evaluation set's three PDFs with reportlab (their text is ours, written for the set).

    python tests/eval/make_pdfs.py

The PDFs are committed under tests/eval/docs/ (a few kB each), so that the set, the test and
the benchmark need no reportlab; run this again only to change them. `invariant=1` makes
the output byte-identical from run to run, so the paths' doc_ids stay put.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

DOCS_DIR = Path(__file__).resolve().parent / "docs"
LEFT = 72
TOP = 720
LINE = 14


def _page(pdf: canvas.Canvas, lines: list[str], corner: str | None = None) -> None:
    """One page of text lines from the top left; `corner` is a stamp at the bottom right."""
    pdf.setFont("Times-Roman", 11)
    y = TOP
    for line in lines:
        pdf.drawString(LEFT, y, line)
        y -= LINE
    if corner is not None:
        pdf.setFont("Helvetica", 8)
        pdf.drawRightString(letter[0] - 36, 30, corner)
    pdf.showPage()


def _write(path: Path, title: str, pages: list[tuple[list[str], str | None]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    pdf.setTitle(title)
    for lines, corner in pages:
        _page(pdf, lines, corner)
    pdf.save()


CBP_MEMO = [
    (
        [
            "U.S. Customs and Border Protection",
            "Office of Field Operations",
            "",
            "MEMORANDUM FOR:   Directors, Field Operations",
            "",
            "FROM:             Rashid Q. Bellamy-Torres",
            "                  Executive Director, Admissibility and Passenger Programs",
            "",
            "SUBJECT:          Priority I referrals and the revised referral template",
            "",
            "DATE:             February 2, 2021",
            "",
            "1. Ports of entry recorded 12,000 apprehensions at secondary inspection in the",
            "first quarter, a 1.5 percent increase over the same quarter of the prior year.",
            "",
            "2. The Office of the Principal Legal Advisor reviewed the revised referral template",
            "and asked that the narrative field state the basis for inadmissibility in full.",
        ],
        None,
    ),
    (
        [
            "3. Priority I referrals are cases with a match in a law enforcement database. They",
            "go to the duty supervisor before the traveler leaves secondary inspection; all",
            "other referrals may wait for the next shift.",
            "",
            "4. The revised template replaces the old one on March 1, 2021. Ports that built",
            "local forms on the old template should retire them on that date.",
        ],
        None,
    ),
]

NDCAL_MOTION = [
    (
        [
            "UNITED STATES DISTRICT COURT",
            "NORTHERN DISTRICT OF CALIFORNIA",
            "SAN FRANCISCO DIVISION",
            "",
            "PACIFIC COAST LABOR DEFENSE FUND,          Case No. 3:19-cv-04521-JSC",
            "      Plaintiff,",
            "   v.                                       DEFENDANTS' NOTICE OF MOTION AND",
            "U.S. DEPARTMENT OF HOMELAND SECURITY,       MOTION FOR PARTIAL SUMMARY JUDGMENT",
            "et al.,",
            "      Defendants.",
            "",
            "The Court has jurisdiction under 28 U.S.C. §§ 1331 and 1346. Defendants move for",
            "partial summary judgment on their withholdings under Exemption 5, which protects",
            "drafts and internal recommendations under the deliberative process privilege.",
            "See Ellison Water Co. v. Bureau of Reclamation, 388 F. Supp. 3d 1020, 1031",
            "(N.D. Cal. 2019).",
        ],
        "Defs.' Mot. Partial Summ. J., Case No. 3:19-cv-04521-JSC",
    ),
    (
        [
            "Eighty percent of the withheld pages are drafts of the worksite enforcement",
            "guidance that circulated among program offices before the final version issued.",
            "The remaining pages are e-mails in which staff recommend changes to those drafts.",
            "Each of them is both predecisional and deliberative.",
        ],
        "Defs.' Mot. Partial Summ. J., Case No. 3:19-cv-04521-JSC",
    ),
]

# The text layer an OCR program gave a scanned production: the stamps carry its slips.
FBI_SCAN = [
    (
        [
            "FD-302 (Rev. 5-8-10)",
            "FEDERAL BUREAU OF INVESTIGATION",
            "",
            "Date of entry 08/03/2020",
            "",
            "The interviewee, a notary in El Paso, Texas, said he had prepared about forty",
            "applications for clients of a travel agency. He did not check the identity",
            "documents the agency sent him and did not meet most of the applicants.",
        ],
        "FBI(21-cv-1143)-000087",
    ),
    (
        [
            "Continuation of FD-302 of interview of notary, On 08/03/2020, Page 2",
            "",
            "The interviewee provided copies of the applications he kept. Agents compared",
            "the photographs with the passport records and found that nine of them did not",
            "match the named applicants.",
        ],
        "FBl(2l-cv-1143)-0000B8",
    ),
    (
        [
            "Continuation of FD-302 of interview of notary, On 08/03/2020, Page 3",
            "",
            "The interviewee agreed to provide the agency's invoices and bank records by the",
            "end of the month. The interview ended at 3:40 p.m.",
        ],
        "FBI (21-cv-1143)-OOOO89",
    ),
]


def main() -> None:
    _write(
        DOCS_DIR / "memo" / "cbp-referral-memo.pdf",
        "Priority I referrals and the revised referral template",
        CBP_MEMO,
    )
    _write(
        DOCS_DIR / "court" / "ndcal-partial-summary-motion.pdf",
        "Defendants' Motion for Partial Summary Judgment",
        NDCAL_MOTION,
    )
    _write(DOCS_DIR / "bates" / "fbi-interview-scan.pdf", "FD-302 interview of a notary", FBI_SCAN)


if __name__ == "__main__":
    main()
