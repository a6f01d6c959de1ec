"""Agencies, offices, programs and FOIA case numbers; never personal identifiers."""

from __future__ import annotations

import pytest

from indexer.enrich.entities import AGENCY_NAMES, find_entities
from tests.conftest import sample_pdf_texts

DECLARATION = """\
UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF NEW YORK
NATIONAL DAY LABORER ORGANIZING NETWORK, et al.,    Civil Action No. 1O-CV-3488 (SAS)
        Plaintiffs,
    v.
UNITED STATES IMMIGRATION AND CUSTOMS ENFORCEMENT AGENCY, et al.,
        Defendants.

1. I am the Deputy FOIA Officer of U.S. Immigration and Customs Enforcement. The request,
numbered 2010FOIA2674, sought records on Secure Communities from ICE, the FBI's Criminal
Justice Information Services Division, and the Office of the Principal Legal Advisor.
2. Responsive records were referred to U.S. Citizenship and Immigration Services and to
Customs and Border Protection, and discussed with the Santa Clara County Sheriff's Office
and the HAMILTON COUNTY SHERIFF'S OFFICE about the 287(g) program.
Case 1:10-cv-03488-SAS Document 179 Filed 03/02/12 Page 1 of 35
"""

PERSONAL_DATA = """\
Subject: JONES, Anthony  A# 012-345-678  (A012345678)
SSN 123-45-6789, DOB 03/29/1969, phone (202) 732-0600, cell 202.555.0175
Address: 500 12th Street SW, Washington, DC 20536; P.O. Box 648010, Lee's Summit, MO 64064
"""


def test_declaration() -> None:
    assert find_entities(DECLARATION) == {
        "ICE",
        "FBI",
        "CJIS",
        "OPLA",
        "USCIS",
        "CBP",
        "Secure Communities",
        "287(g)",
        "Santa Clara County Sheriff's Office",
        "Hamilton County Sheriff's Office",
        "10-cv-3488",
        "2010-FOIA-2674",
    }


def test_personal_identifiers_are_never_entities() -> None:
    assert find_entities(PERSONAL_DATA) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Case 1:10-cv-03488-SAS Document 29-1", {"10-cv-3488"}),
        ("No. 10 Civ. 3488 (SAS)", {"10-cv-3488"}),
        ("FOIA request 2010FOIA2674", {"2010-FOIA-2674"}),
        ("2010-FOIA-2674", {"2010-FOIA-2674"}),
        ("FOIA Request No. 10-2674", {"2010-FOIA-2674"}),
        ("ICE FOIA 10-2674.0007281", {"ICE", "2010-FOIA-2674"}),
        ("DHS request 2011-ICFO-01234", {"DHS", "2011-ICFO-1234"}),
        ("DHS-ICE-000345", {"DHS", "ICE"}),
        ("ICE's ERO and HSI; DOJ", {"ICE", "ERO", "HSI", "DOJ"}),
        ("Detention and Removal Operations", {"DRO"}),
        ("Immigration & Customs Enforcement", {"ICE"}),
        ("the Department of Homeland Security", {"DHS"}),
        ("S-Comm and 287g", {"Secure Communities", "287(g)"}),
        ("Los Angeles County Sheriff's Department", {"Los Angeles County Sheriff's Department"}),
        ("Prince George's County Sheriff", {"Prince George's County Sheriff's Office"}),
        ("San Luis Obispo County Sheriffs Office", {"San Luis Obispo County Sheriff's Office"}),
        ("ICE met the Maricopa County Sheriff", {"ICE", "Maricopa County Sheriff's Office"}),
        # Words that contain or resemble acronyms are not agencies.
        ("NOTICE TO APPEAR; SERVICE; ZERO; the ice storm", set()),
        ("8 U.S.C. 1287g; 287 grams", set()),
    ],
)
def test_find_entities(text: str, expected: set[str]) -> None:
    assert find_entities(text) == expected


def test_every_agency_has_a_name() -> None:
    assert AGENCY_NAMES["ICE"] == "U.S. Immigration and Customs Enforcement"
    assert all(name.isupper() for name in AGENCY_NAMES)


def test_real_agreement() -> None:
    text = "\f".join(sample_pdf_texts("OwyheeCoID_TFM_MOA_03.07.25.pdf"))
    found = find_entities(text)
    assert {"ICE", "DHS", "287(g)", "Owyhee County Sheriff's Office"} <= found
    assert all(not any(char.isdigit() for char in name) or name == "287(g)" for name in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two-digit request years: 00-35 are 2000s, the rest 1900s
        ("FOIA Request No. 35-2674", {"2035-FOIA-2674"}),
        ("FOIA Request No. 36-2674", {"1936-FOIA-2674"}),
        ("FOIA Case 99-0012", {"1999-FOIA-12"}),
        # words before a county's name are not part of it
        ("The Maricopa County Sheriff", {"Maricopa County Sheriff's Office"}),
        ("Call Santa Clara County Sheriff", {"Santa Clara County Sheriff's Office"}),
        ("Dear Yuba County Sheriff", {"Yuba County Sheriff's Office"}),
        ("Said San Luis Obispo County Sheriff", {"San Luis Obispo County Sheriff's Office"}),
    ],
)
def test_request_years_and_county_names(text: str, expected: set[str]) -> None:
    assert find_entities(text) == expected
