"""A small, hand-countable world for indicator tests (quarter 1 of 2025, New York time).

Program A ("Riverside") has two active sites and one closed one; program B
("Lakeside") is in the same network. Every expected figure in ``tests/reports`` is worked
out by hand from the visits listed here.

Participants of A: p1; p2; p3 (a duplicate of p1, merged into it); p4 (only a voided
visit). Program B: q1 (same code as p1, so the same network key), q5.

Visits of A in the quarter (items: kit = 10 syringes, naloxone = 2 doses):
  v1  Jan  2 10:00  S1 fixed   p1   kit 2, naloxone 1, returns 15 counted, HIV test
  v2  Feb  5 11:00  S1 fixed   p1   kit 1, naloxone 1, returns 30 by weight, strips 5,
                                    last kit used in an overdose
  v3  Mar 10 12:00  S2 mobile  p3   kit 3, leaflets 2, supplies for 2 others
  v4  Jan 20 15:00  S2 mobile  p2   kit 1, naloxone 2, last kit still with them, HCV test
  v5  Mar 31 23:30  S1 window  p2   strips 3, information on treatment (MOUD)
  v6  Mar 15 09:00  S1 window  anonymous  kit 1, naloxone 1
  v7  Feb  1        S1 fixed   p4   VOIDED (kit 10, naloxone 1, HIV test)
and outside the quarter: Dec 31 23:30 (p4) and Apr 1 00:30 (p4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tests.factories import NetworkFactory, ProgramFactory, SiteFactory, SiteHoursFactory, member
from tests.surveys.helpers import make_survey, submit
from waypoint.core.models import Membership, Role, SiteKind
from waypoint.encounters.models import Encounter, EncounterItem, EncounterService
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants.models import Participant, ParticipantStatus
from waypoint.reports.period import Period
from waypoint.supplies.models import StockMovement, SupplyCategory, SupplyItem
from waypoint.surveys.models import SurveyResponse

NY = ZoneInfo("America/New_York")
Q1 = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def at(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=NY)


def key(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def participant(program, code: str, created: dt.datetime, **fields) -> Participant:
    person = Participant.unscoped.create(
        program=program, code=code, network_key=key(fields.pop("same_as", code)), **fields
    )
    Participant.unscoped.filter(pk=person.pk).update(created_at=created)
    return person


def items(program) -> dict[str, SupplyItem]:
    def item(name, category, syringes=0, doses=0):
        return SupplyItem.unscoped.create(
            program=program,
            name=name,
            category=category,
            syringes_per_unit=syringes,
            naloxone_doses_per_unit=doses,
        )

    return {
        "kit": item("Syringe kit (10)", SupplyCategory.SYRINGES, syringes=10),
        "naloxone": item("Naloxone spray (2 doses)", SupplyCategory.NALOXONE, doses=2),
        "strip": item("Fentanyl test strip", SupplyCategory.TEST_STRIPS),
        "leaflet": item("Overdose leaflet", SupplyCategory.EDUCATION),
    }


def visit(
    program,
    site,
    when,
    *,
    person=None,
    given=None,
    collected=0,
    method="",
    services=(),
    voided=False,
    **fields,
) -> Encounter:
    given = given or {}
    encounter = Encounter.unscoped.create(
        program=program,
        site=site,
        participant=person,
        occurred_at=when,
        modality=fields.pop("modality", "fixed"),
        client_uuid=uuid.uuid4(),
        syringes_given=sum(item.syringes_per_unit * n for item, n in given.items()),
        naloxone_doses_given=sum(item.naloxone_doses_per_unit * n for item, n in given.items()),
        syringes_collected=collected,
        collection_method=method,
        voided_at=when + dt.timedelta(hours=1) if voided else None,
        **fields,
    )
    for item, quantity in given.items():
        EncounterItem.unscoped.create(encounter=encounter, item=item, quantity=quantity)
    for service in services:
        EncounterService.unscoped.create(encounter=encounter, service=service)
    return encounter


def movement(program, site, item, quantity: int, when: dt.datetime, kind="adjust") -> None:
    moved = StockMovement.unscoped.create(
        program=program, site=site, item=item, kind=kind, quantity=quantity
    )
    StockMovement.unscoped.filter(pk=moved.pk).update(created_at=when)


def overdose(program, site, created: dt.datetime, **fields) -> OverdoseReport:
    report = OverdoseReport.unscoped.create(program=program, site=site, **fields)
    OverdoseReport.unscoped.filter(pk=report.pk).update(created_at=created)
    return report


@dataclass
class Scenario:
    network: object
    program: object
    other_program: object
    s1: object
    s2: object
    closed_site: object
    other_site: object
    people: dict
    visits: dict
    items: dict
    admin: object


def build() -> Scenario:
    network = NetworkFactory(name="Metro network")
    program = ProgramFactory(network=network, name="Riverside")
    other = ProgramFactory(network=network, name="Lakeside")
    s1 = SiteFactory(
        program=program,
        name="Main Street",
        kind=SiteKind.FIXED,
        services=["syringes", "naloxone", "hiv_test"],
    )
    s2 = SiteFactory(
        program=program, name="Van", kind=SiteKind.MOBILE, services=["syringes", "hcv_test"]
    )
    closed = SiteFactory(program=program, name="Old office", kind=SiteKind.MAIL, is_active=False)
    sb = SiteFactory(program=other, name="Lake clinic")
    SiteHoursFactory(site=s1, weekday=0, opens=dt.time(10), closes=dt.time(16))
    SiteHoursFactory(site=s1, weekday=2, opens=dt.time(9), closes=dt.time(12))
    SiteHoursFactory(site=s2, weekday=4, opens=dt.time(18), closes=dt.time(20))
    SiteHoursFactory(site=closed, weekday=1, opens=dt.time(9), closes=dt.time(14))
    SiteHoursFactory(site=sb, weekday=1, opens=dt.time(9), closes=dt.time(13))
    admin = member(program, Role.ADMIN)
    member(program, Role.PEER)
    peer_left = member(program, Role.PEER)
    Membership.unscoped.filter(user=peer_left).update(is_active=False)
    member(other, Role.PEER)

    p1 = participant(program, "AAA1", at(1, 5))
    p2 = participant(program, "BBB2", at(2, 10))
    p3 = participant(program, "CCC3", at(12, 1, year=2024), status=ParticipantStatus.MERGED)
    Participant.unscoped.filter(pk=p3.pk).update(merged_into=p1)
    p4 = participant(program, "DDD4", at(6, 1, year=2024))
    q1 = participant(other, "ZZZ1", at(3, 1), same_as="AAA1")
    q5 = participant(other, "EEE5", at(2, 1))

    it = items(program)
    kit, nal, strip, leaflet = it["kit"], it["naloxone"], it["strip"], it["leaflet"]
    v = {
        "v1": visit(
            program,
            s1,
            at(1, 2, 10),
            person=p1,
            given={kit: 2, nal: 1},
            collected=15,
            method="count",
            services=["hiv_test"],
        ),
        "v2": visit(
            program,
            s1,
            at(2, 5, 11),
            person=p1,
            given={kit: 1, nal: 1, strip: 5},
            collected=30,
            method="weight",
            kit_outcome="used_overdose",
        ),
        "v3": visit(
            program,
            s2,
            at(3, 10, 12),
            person=p3,
            given={kit: 3, leaflet: 2},
            modality="mobile",
            secondary_recipients=2,
        ),
        "v4": visit(
            program,
            s2,
            at(1, 20, 15),
            person=p2,
            given={kit: 1, nal: 2},
            modality="mobile",
            kit_outcome="still_have",
            services=["hcv_test"],
        ),
        "v5": visit(
            program,
            s1,
            at(3, 31, 23, 30),
            person=p2,
            given={strip: 3},
            modality="window",
            services=["moud_info"],
        ),
        "v6": visit(program, s1, at(3, 15, 9), given={kit: 1, nal: 1}, modality="window"),
        "v7": visit(
            program,
            s1,
            at(2, 1),
            person=p4,
            given={kit: 10, nal: 1},
            services=["hiv_test"],
            voided=True,
        ),
        "before": visit(program, s1, at(12, 31, 23, 30, year=2024), person=p4, given={kit: 1}),
        "after": visit(program, s1, at(4, 1, 0, 30), person=p4, given={kit: 1, nal: 1}),
    }
    other_items = items(other)
    other_kit = other_items["kit"]
    visit(other, sb, at(1, 10), person=q1, given={other_kit: 1})
    visit(other, sb, at(2, 10), person=q5, given={other_kit: 2}, collected=5, method="count")

    # Naloxone stock. S1: 5 on hand before the quarter, 3 given, 2 written off on Mar 20
    # -> out Mar 20..31 (12 days). S2: 2 received Jan 10, 2 given Jan 20 -> out until 3
    # more arrive Jan 25 (Jan 20..24, 5 days). Program B's shelf is not A's business.
    movement(program, s1, nal, 5, at(12, 15, year=2024), "receive")
    movement(program, s1, nal, -1, at(1, 2, 10), "distribute")
    movement(program, s1, nal, -1, at(2, 5, 11), "distribute")
    movement(program, s1, nal, -1, at(3, 15, 9), "distribute")
    movement(program, s1, nal, -2, at(3, 20, 17))
    movement(program, s2, nal, 2, at(1, 10), "receive")
    movement(program, s2, nal, -2, at(1, 20, 15), "distribute")
    movement(program, s2, nal, 3, at(1, 25), "receive")
    movement(program, s1, kit, -50, at(2, 1))  # not naloxone
    movement(other, sb, other_items["naloxone"], -1, at(1, 10))

    overdose(program, s1, at(2, 5, 11), encounter=v["v2"], relationship="friend")
    overdose(program, s1, at(2, 6), relationship="self")
    overdose(program, s1, at(2, 7), relationship="stranger", voided_at=at(2, 8))
    overdose(program, s1, at(2, 1, 13), encounter=v["v7"], relationship="friend")
    overdose(program, s2, at(3, 20), relationship="stranger")
    overdose(program, s2, at(4, 2), relationship="stranger")

    survey = make_survey(program, admin, open_it=True)
    answers = [
        (
            at(1, 15),
            {
                "age_range": "under_25",
                "gender": "woman",
                "race_ethnicity": ["black", "hispanic"],
                "overdose_6m": "yes",
                "reversals_6m": 2,
                "injected_30d": "yes",
                "naloxone_ran_out_3m": "no",
            },
        ),
        (
            at(2, 15),
            {
                "age_range": "25_34",
                "gender": "man",
                "race_ethnicity": ["white"],
                "overdose_6m": "no",
                "reversals_6m": 0,
                "naloxone_ran_out_3m": "yes",
            },
        ),
        (at(3, 15), {"age_range": "25_34"}),
        (at(4, 15), {"age_range": "55_plus"}),
    ]
    for when, given_answers in answers:
        response = submit(survey, given_answers, site=s1).response
        SurveyResponse.unscoped.filter(pk=response.pk).update(submitted_at=when)

    return Scenario(
        network=network,
        program=program,
        other_program=other,
        s1=s1,
        s2=s2,
        closed_site=closed,
        other_site=sb,
        people={"p1": p1, "p2": p2, "p3": p3, "p4": p4, "q1": q1, "q5": q5},
        visits=v,
        items=it,
        admin=admin,
    )
