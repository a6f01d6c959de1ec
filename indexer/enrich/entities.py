"""Agencies, offices, programs and FOIA case numbers a page names, in one display form each.

Only institutions and case numbers: never people, A-numbers, phone numbers, addresses or SSNs.
Display forms: acronyms (`ICE`, `ERO`), `<Name> County Sheriff's Office` (or `... Department`),
programs `Secure Communities` and `287(g)`, civil cases `10-cv-3488`, FOIA requests
`2010-FOIA-2674` (the same request printed `ICE FOIA 10-2674` or `2010FOIA2674`).
"""

from __future__ import annotations

import re

AGENCY_NAMES: dict[str, str] = {
    "ICE": "U.S. Immigration and Customs Enforcement",
    "ERO": "Enforcement and Removal Operations (ICE)",
    "DRO": "Detention and Removal Operations (ICE, until 2010)",
    "HSI": "Homeland Security Investigations (ICE)",
    "OPLA": "Office of the Principal Legal Advisor (ICE)",
    "DHS": "U.S. Department of Homeland Security",
    "USCIS": "U.S. Citizenship and Immigration Services",
    "CBP": "U.S. Customs and Border Protection",
    "DOJ": "U.S. Department of Justice",
    "FBI": "Federal Bureau of Investigation",
    "CJIS": "Criminal Justice Information Services (FBI)",
}
_LONG_NAMES = {
    "ICE": r"Immigration\s+(?:and|&)\s+Customs\s+Enforcement",
    "ERO": r"Enforcement\s+(?:and|&)\s+Removal\s+Operations",
    "DRO": r"Detention\s+(?:and|&)\s+Removal\s+Operations",
    "HSI": r"Homeland\s+Security\s+Investigations",
    "OPLA": r"Principal\s+Legal\s+Advisor",
    "DHS": r"Department\s+of\s+Homeland\s+Security",
    "USCIS": r"Citizenship\s+(?:and|&)\s+Immigration\s+Services",
    "CBP": r"Customs\s+(?:and|&)\s+Border\s+Protection",
    "DOJ": r"Department\s+of\s+Justice",
    "FBI": r"Federal\s+Bureau\s+of\s+Investigation",
    "CJIS": r"Criminal\s+Justice\s+Information\s+Services?",
}
# Acronyms are matched as written in capitals: "ice" and "Ero" are words, "ICE" is the agency.
# One pass per pattern, each alternative a named group (the canonical form).
_ACRONYMS = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(f"(?P<{name}>{name})" for name in AGENCY_NAMES)
    + r")(?![A-Za-z])"
)
_AGENCY_NAMES = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{long})" for name, long in _LONG_NAMES.items()) + r")\b",
    re.IGNORECASE,
)
_PROGRAMS = [
    ("Secure Communities", re.compile(r"\bSecure\s+Communities\b|\bS-?Comm\b", re.IGNORECASE)),
    ("287(g)", re.compile(r"(?<![\d.§])287\s?\(?g\)?(?![A-Za-z0-9])", re.IGNORECASE)),
]
_SHERIFF = re.compile(
    r"(?P<name>(?:[A-Z][A-Za-z'.-]*[ ]){1,3})(?i:County\s+Sheriff(?:'s|’s|s)?"
    r"(?:\s+(?P<kind>Office|Department|Dept\b\.?))?)"
)
_NAME_STOP_WORDS = frozenset({
    "the", "a", "an", "and", "of", "in", "for", "by", "with", "from", "to", "at", "on", "said",
    "both", "this", "that", "its", "our", "your", "their", "dear", "re", "subject", "county",
})  # fmt: skip
_COUNTY_STARTS = frozenset({
    "san", "santa", "los", "las", "el", "de", "del", "la", "st.", "saint", "prince", "fort",
    "palm",
})  # fmt: skip
# "10-cv-3488", "1:10-cv-03488-SAS", "10 Civ. 3488", OCR "1O-CV-3488".
_CIVIL = re.compile(
    r"(?<![\w:])(?:\d{1,2}:)?(?P<year>[0-9O]{2})\s?-?\s?(?:cv|civ\.?)\s?-?\s?(?P<number>\d{2,6})"
    r"(?!\d)",
    re.IGNORECASE,
)
_FOIA_YEAR_FIRST = re.compile(
    r"(?<![\w-])(?P<year>(?:19|20)\d{2})\s?-?\s?(?P<office>FOIA|[A-Z]{2}FO)\s?-?\s?(?P<number>\d{3,6})"
    r"(?!\d)"
)
_FOIA_SHORT = re.compile(
    r"\bFOIA\s+(?:(?:Request|Case|Control)\s+)?(?:(?:No\.?|Number|#)\s*)?"
    r"(?P<year>\d{2})\s?-\s?(?P<number>\d{3,6})(?!\d)"
)


def _century(year: str) -> int:
    value = int(year)
    return value + (2000 if value <= 35 else 1900) if len(year) == 2 else value


def _sheriff_name(words: str) -> str | None:
    names = words.split()
    while names and (names[0].lower() in _NAME_STOP_WORDS or names[0] in AGENCY_NAMES):
        names.pop(0)
    if len(names) == 3 and names[0].lower() not in _COUNTY_STARTS:
        names.pop(0)
    if not names:
        return None
    return " ".join(name.title() if name.isupper() else name for name in names)


def _sheriffs(text: str) -> set[str]:
    found: set[str] = set()
    for match in _SHERIFF.finditer(text):
        name = _sheriff_name(match["name"])
        if name:
            kind = "Department" if (match["kind"] or "").lower().startswith("dep") else "Office"
            found.add(f"{name} County Sheriff's {kind}")
    return found


def _case_numbers(text: str) -> set[str]:
    found = {
        f"{int(m['year'].upper().replace('O', '0')):02d}-cv-{int(m['number'])}"
        for m in _CIVIL.finditer(text)
    }
    found |= {
        f"{m['year']}-{m['office']}-{int(m['number'])}" for m in _FOIA_YEAR_FIRST.finditer(text)
    }
    found |= {f"{_century(m['year'])}-FOIA-{int(m['number'])}" for m in _FOIA_SHORT.finditer(text)}
    return found


def find_entities(text: str) -> set[str]:
    """Display forms of the agencies, offices, programs and FOIA case numbers in `text`."""
    found = {match.lastgroup for match in _ACRONYMS.finditer(text) if match.lastgroup}
    found |= {match.lastgroup for match in _AGENCY_NAMES.finditer(text) if match.lastgroup}
    found |= {name for name, pattern in _PROGRAMS if pattern.search(text)}
    return found | _sheriffs(text) | _case_numbers(text)
