"""Each identifier pattern: what it must find, and look-alikes from real releases it must not."""

from __future__ import annotations

import pytest

from generator.gate.identifiers import PATTERNS, find_identifiers
from generator.models import FindingApproval

MUST_FIND = [
    ("SSN 123-45-6789 on file", "ssn"),
    ("social security number: 123456789", "ssn"),
    ("ITIN 912-78-1234", "ssn"),
    ("call (619) 555-0143", "phone"),
    ("cell 619-555-0143", "phone"),
    ("office 619.555.0143", "phone"),
    ("+1 619 555 0143", "phone"),
    ("+52 656 555 1234", "phone"),  # a number in US format is flagged whatever its country code
    ("write to officer.name@cbp.dhs.gov", "email"),
    ("born on 1984-03-02", "birthdate"),
    ("DOB: 03/02/1984", "birthdate"),
    ("date of birth March 2, 1984", "birthdate"),
    ("fecha de nacimiento 2 marzo 1984".replace("marzo", "mar"), "birthdate"),
    ("A-123-456-789", "a-number"),
    ("A123456789", "a-number"),
    ("alien registration number 12345678", "a-number"),
    ("passport no. X1234567", "passport"),
    ("passport number 123456789", "passport"),
    ("account number 000123456789", "account"),
    ("card # 4111 1111 1111 1111", "account"),
    ("(202)5550143", "phone"),
    ("202/555-0143", "phone"),
    ("Passport: X12345678", "passport"),
    ("SSN123-45-6789", "ssn"),
    ("123 45 6789", "ssn"),
    ("DOB: 03.04.1980", "birthdate"),
]

MUST_NOT_FIND = [
    "last four 6789",                       # last four digits alone are allowed
    "000-12-3456",                          # not a valid SSN area
    "4:13-cr-00482",                        # a docket number
    "3:17-cv-02366-BAS-KSC",                # a case number
    "AOL-DEF-00556914",                     # a Bates number
    "CBP-SYN-533956",                       # a synthetic identifier
    "SHA-256 567fa645c7526e14d7a2c70352b5b694148b3fa36acad3dfefb1c31444c5e7bf",
    "2,947 pages identified on July 13, 2021",
    "released 2020-06-26",                  # a date without birth context
    "1:13-cr-00482 convicted 2013",
    "the passport was returned",
    "a court account of the hearing",
    "5 U.S.C. § 552(b)(7)(C)",
    "Fed. R. Civ. P. 5.2",
    "passport number required",
]


@pytest.mark.parametrize(("text", "kind"), MUST_FIND)
def test_pattern_finds(text, kind):
    assert kind in {match.kind for match in find_identifiers(text)}


@pytest.mark.parametrize("text", MUST_NOT_FIND)
def test_pattern_ignores_look_alikes(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(("value", "column", "kind"), [
    ("1984-03-02", "birthdate", "birthdate"), ("1984-03-02", "born_on", "birthdate"), ("123456789", "ssn", "ssn"),
    ("2025550143", "phone", "phone"), ("X12345678", "passport_no", "passport"), ("A12345678", "a_number", "a-number"),
    ("000123456789", "account_number", "account"),
])
def test_column_name_gives_context_to_a_bare_value(value, column, kind):
    assert [m.kind for m in find_identifiers(value, column=column)] == [kind]
    assert find_identifiers(value, column="release_note") == [] or kind == "a-number"


def test_every_kind_can_be_approved():
    assert set(PATTERNS) == set(FindingApproval.model_fields["kind"].annotation.__args__)
