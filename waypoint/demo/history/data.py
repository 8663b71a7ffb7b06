"""The fixed data of the demo history: supplies, program profiles, names and survey answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from waypoint.participants import uic
from waypoint.participants.models import Participant
from waypoint.surveys.standard import PREFER_NOT

SEED = 513
MONTHS = 5
DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)

NASAL = "Naloxone nasal spray 4 mg (2 doses)"
INJECTABLE = "Naloxone injectable kit (3 vials)"
KIT = "Syringe kit, 10 × 1 mL 28G"
FENTANYL = "Fentanyl test strip"
XYLAZINE = "Xylazine test strip"
# Item: (reorder point, tracks lots and expiry, lot number prefix)
STOCK_SETTINGS = {
    NASAL: (24, True, "NS"),
    INJECTABLE: (6, True, "NI"),
    KIT: (40, False, ""),
    FENTANYL: (50, False, ""),
    XYLAZINE: (25, False, ""),
}
# Counted at each program's first site at the end of the last two full months.
COUNTED = (KIT, "Cookers", FENTANYL, NASAL)
SUPPLIER = "Tri-State Harm Reduction Supply (DEMO)"
DONOR = "Partner clinic donation (DEMO)"


@dataclass(frozen=True)
class Profile:
    people: int  # participants who visit during the history
    rate: float  # scales how often each of them comes
    anonymous: float  # share of visits logged without a participant
    zips: tuple[str, ...]
    recipe: str = uic.DEFAULT_RECIPE
    hub: str = ""  # the site that takes every delivery and sends stock on to the others
    duplicates: int = 0  # visits saved twice by mistake, then voided


PROFILES = {
    "demo-queen-city": Profile(
        150,
        1.0,
        0.10,
        ("45202", "45203", "45206", "45210", "45214", "45219"),
        hub="Over-the-Rhine Center",
        duplicates=2,
    ),
    "demo-northside": Profile(75, 0.9, 0.12, ("45223", "45225", "45232"), duplicates=1),
    "demo-covington": Profile(
        45, 0.8, 0.08, ("41011", "41014", "41016"), "surname_mother_day_site", duplicates=1
    ),
    "demo-naloxone-project": Profile(70, 0.5, 0.05, ("45229", "45237", "45207", "45212")),
    "demo-price-hill": Profile(35, 0.9, 0.15, ("45205", "45204", "45238")),
    "demo-butler": Profile(35, 0.8, 0.10, ("45011", "45013", "45044"), "gender_year_parents"),
    "demo-clermont": Profile(20, 0.7, 0.08, ("45103", "45102", "45150")),
}
# The program that ran a point-in-time survey and publishes a community page.
SHOWCASE = "demo-queen-city"
# (program, site, item): a box got wet yesterday; what is left is below the reorder point.
WRITTEN_OFF = ("demo-price-hill", "Warsaw Avenue Window", XYLAZINE)
# (program, site, item, units): a small donated lot that expires within weeks.
SHORT_DATED = ("demo-clermont", "Clermont Delivery", NASAL, 12)

MOTHERS = "Mary Linda Patricia Barbara Susan Deborah Karen Donna Sandra Teresa Angela Rosa Gloria Brenda Denise Carmen Tammy Sharon Janet Yolanda".split()  # noqa: E501
FATHERS = "James Robert John Michael William David Richard Thomas Charles Gary Larry Ronald Dennis Jose Kenneth Terry Roger Wayne Curtis Eddie".split()  # noqa: E501
GIVEN = "Ashley Brandon Crystal Dustin Erica Frank Heather Jason Kayla Luis Megan Nathan Olivia Paul Rachel Shawn Tiffany Victor Whitney Zach".split()  # noqa: E501
SURNAMES = "Adkins Baker Collins Dunn Evans Fields Gray Hughes Ingram Jenkins Keller Lopez Mason Nolan Owens Perry Reyes Spencer Tucker Walsh".split()  # noqa: E501
ALIASES = "Sunny Red Tex Birdie Lucky Junior Peaches Bear Sparky Dee Moe Slim".split()
VOID_REASONS = ("Logged twice by mistake", "Saved twice when the tablet lost its connection")


@dataclass
class Person:
    answers: dict  # answers to every UIC question, so any recipe can build a code
    facts: dict  # the optional facts given at enrolment
    home: object  # Site
    participant: Participant | None = None
    had_naloxone: bool = False


@dataclass
class Visit:
    at: dt.datetime
    site: object
    person: Person | None
    items: dict[str, int] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # the rest of the VisitInput
    duplicate: bool = False


@dataclass
class Stamps:
    """When the rows the services wrote really happened, applied by ``_settle_times``."""

    receipts: dict[int, dt.datetime] = field(default_factory=dict)
    transfers: dict[int, tuple[dt.datetime, dt.datetime | None]] = field(default_factory=dict)
    counts: dict[int, dt.datetime] = field(default_factory=dict)
    voids: dict[int, dt.datetime] = field(default_factory=dict)
    participants: dict[int, dt.datetime] = field(default_factory=dict)
    movements: dict[int, dt.datetime] = field(default_factory=dict)


SURVEY_ANSWERS = {
    "age_range": (("under_25", "25_34", "35_44", "45_54", "55_plus", PREFER_NOT), (8, 30, 32, 18, 8, 4)),
    "gender": (("man", "woman", "trans_woman", "non_binary", PREFER_NOT), (57, 36, 2, 2, 3)),
    "race_ethnicity": (("white", "black", "hispanic", "american_indian", "another", PREFER_NOT), (66, 24, 4, 2, 1, 3)),
    "overdose_6m": (("yes", "no", PREFER_NOT), (28, 66, 6)),
    "reversals_6m": ((0, 1, 2, 3, 5, 8), (55, 20, 12, 7, 4, 2)),
    "injected_30d": (("yes", "no", PREFER_NOT), (76, 20, 4)),
    "naloxone_ran_out_3m": (("yes", "no", PREFER_NOT), (22, 72, 6)),
}  # fmt: skip
