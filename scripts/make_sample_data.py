"""Regenerate the synthetic sample datasets under releases/ reproducibly.

The unredacted synthetic rows exist only in memory: they pass through the generator's
own redaction (the same code as `python -m generator redact`) and only the redacted CSV
is written. Run from the repository root: `python scripts/make_sample_data.py`.
A test checks that running it reproduces the committed files byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from generator.config import RoomConfig
from generator.errors import ErrorLog
from generator.redact import redact_table
from generator.releases import load_spec
from generator.render.downloads import csv_bytes
from generator.tables import Table

ROOT = Path(__file__).resolve().parent.parent

# The six categories as the Brennan Center opinion prints them.
LIONS_CATEGORIES = (
    "International Terrorism Incidents Which Impact U.S.",
    "Domestic Terrorism",
    "Terrorism Related Hoaxes",
    "Terrorist Financing",
    "Export Enforcement Terrorism-Related",
    "Critical Infrastructure Protection",
)
LIONS_TOTAL, LIONS_NOT_CONVICTED = 4496, 724
# The disposition column's values: release.yml lists exactly these as its constraints.enum,
# since the withholding rule's condition reads the column (write() checks the two agree).
LIONS_DISPOSITIONS = ("convicted", "acquitted", "dismissed")
DISTRICTS = (
    ("D.D.C.", "District of Columbia"),
    ("S.D.N.Y.", "Southern District of New York"),
    ("E.D.N.Y.", "Eastern District of New York"),
    ("E.D. Va.", "Eastern District of Virginia"),
    ("N.D. Ill.", "Northern District of Illinois"),
    ("C.D. Cal.", "Central District of California"),
    ("S.D. Cal.", "Southern District of California"),
    ("S.D. Fla.", "Southern District of Florida"),
    ("D. Minn.", "District of Minnesota"),
    ("N.D. Tex.", "Northern District of Texas"),
    ("W.D. Wash.", "Western District of Washington"),
    ("D. Mass.", "District of Massachusetts"),
)

FIRST_NAMES = (
    "María",
    "José",
    "Ana",
    "Luis",
    "Carmen",
    "Jorge",
    "Rosa",
    "Carlos",
    "Elena",
    "Miguel",
    "Lucía",
    "Pedro",
    "Sofía",
    "Juan",
    "Gabriela",
    "Andrés",
    "Daniela",
    "Ramón",
    "Valeria",
    "Óscar",
)
LAST_NAMES = (
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Reyes",
    "Ortiz",
    "Castillo",
)
COUNTRIES = ("Honduras", "Guatemala", "El Salvador", "Cuba", "Venezuela", "Mexico", "Nicaragua", "Haiti")
CITIES = ("Ciudad A", "Ciudad B", "Ciudad C", "Ciudad D", "Ciudad E")
OCCUPATIONS = ("farmer", "teacher", "mechanic", "nurse", "student", "vendor", "driver", "cook", "builder")
EDUCATION = ("none", "primary", "secondary", "university")
BLOOD_TYPES = ("O+", "O-", "A+", "A-", "B+", "AB+")
ID_DOCUMENTS = ("passport", "national identity card", "birth certificate", "none")
ENTRY_POINTS = ("Tapachula", "Ciudad Hidalgo", "Tenosique", "Palenque")
TRAVEL = ("bus", "on foot", "car", "train")
REASONS = ("violence", "political persecution", "economic hardship", "family reunification")
PERSECUTION = ("gang violence", "political opinion", "domestic violence", "religion", "none stated")
MEDICAL = ("none reported", "asthma", "diabetes", "pregnancy", "hypertension")


def lions_rows(rng: random.Random) -> list[tuple[str, ...]]:
    convicted, acquitted, dismissed = LIONS_DISPOSITIONS
    dispositions = [convicted] * (LIONS_TOTAL - LIONS_NOT_CONVICTED)
    count = rng.randint(200, 300)
    dispositions += [acquitted] * count + [dismissed] * (LIONS_NOT_CONVICTED - count)
    rng.shuffle(dispositions)
    rows: list[tuple[str, ...]] = []
    for number, disposition in enumerate(dispositions, start=1):
        abbreviation, _ = rng.choice(DISTRICTS)
        year = rng.randint(2004, 2017)
        docket = f"{rng.randint(1, 4)}:{year % 100:02d}-cr-{rng.randint(1, 999):05d}"
        rows.append((f"SYN-{number:05d}", abbreviation, rng.choice(LIONS_CATEGORIES), str(year), docket, disposition))
    return rows


def waitlist_rows(rng: random.Random, count: int = 1200) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for number in range(1, count + 1):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 45))
        rows.append(
            (
                str(number),
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                birth.isoformat(),
                rng.choice(("female", "male")),
                rng.choice(("not stated", "heterosexual", "LGBTQ")),
                rng.choice(COUNTRIES),
                f"{rng.choice(CITIES)}, Estado {rng.randint(1, 9)}",
                f"CBP-SYN-{rng.randint(100000, 999999)}",
                rng.choice(MEDICAL),
                rng.choice(BLOOD_TYPES),
                rng.choice(OCCUPATIONS),
                rng.choice(EDUCATION),
                rng.choice(ID_DOCUMENTS),
                rng.choice(("none reported", "prior removal", "none stated")),
                rng.choice(PERSECUTION),
                rng.choice(ENTRY_POINTS),
                rng.choice(TRAVEL),
                rng.choice(REASONS),
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                f"+52 656 555 {rng.randint(0, 9999):04d}",
            )
        )
    return rows


WAITLIST_HEADER = (
    "list_number",
    "name",
    "birthdate",
    "gender",
    "sexual_orientation",
    "country_of_origin",
    "city_state_of_origin",
    "cbp_identification_number",
    "medical_conditions",
    "blood_type",
    "previous_occupation",
    "level_of_education",
    "identification_document",
    "criminal_immigration_history",
    "persecution_type",
    "entry_point_mexico",
    "method_of_travel",
    "reason_for_leaving",
    "emergency_contact_name",
    "emergency_contact_phone",
)
LIONS_HEADER = ("case_id", "district", "category", "year_filed", "docket_number", "disposition")


def write(release_id: str, dataset: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = Table(header, tuple(rows))
    target = ROOT / "releases" / release_id / f"{dataset}.csv"
    log = ErrorLog(ROOT)
    redacted = redact_table(RoomConfig.at(ROOT), release_id, dataset, table, target, log)
    if redacted is None:
        sys.exit("\n".join(str(error) for error in log.errors))
    target.write_bytes(csv_bytes([redacted.table.header, *redacted.table.rows]))
    counts = ", ".join(f"{code}: {n}" for code, n in sorted(redacted.withheld.by_basis.items()))
    print(f"{target.relative_to(ROOT)}: {len(rows)} rows; withheld {counts}", file=sys.stderr)


def check_enum(release_id: str, dataset: str, column: str, values: tuple[str, ...]) -> None:
    """The generated values of a condition column are exactly those its schema's enum lists."""
    log = ErrorLog(ROOT)
    spec = load_spec(ROOT / "releases" / release_id, RoomConfig.at(ROOT), log)
    fields = [] if spec is None else [f for d in spec.datasets if d.name == dataset for f in d.schema_.fields]
    enum = next((f.constraints.enum for f in fields if f.name == column and f.constraints), None)
    if enum is None or sorted(enum) != sorted(values):
        sys.exit(f"releases/{release_id}/release.yml: the enum of column '{column}' must list {', '.join(values)}")


def main() -> None:
    check_enum("lions-terrorism-cases", "cases", "disposition", LIONS_DISPOSITIONS)
    write("lions-terrorism-cases", "cases", LIONS_HEADER, lions_rows(random.Random(4496)))
    write("ciudad-juarez-waitlist", "waitlist", WAITLIST_HEADER, waitlist_rows(random.Random(2019)))


if __name__ == "__main__":
    main()
