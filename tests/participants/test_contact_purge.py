"""Contact data is erased once it is no longer needed: when a participant leaves (opted
out, deceased, merged), and nightly for numbers without consent or without a visit
within the retention period. Every erasure is audited; the number never is."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.concurrency import requires_postgres
from tests.encounters.helpers import visit
from tests.factories import NetworkFactory, ProgramFactory, member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope, scopes_disabled
from waypoint.encounters.services import log_encounter
from waypoint.participants import crypto, purge
from waypoint.participants.consents import grant_consent
from waypoint.participants.models import (
    Consent,
    ConsentKind,
    Participant,
    ParticipantStatus,
    WithdrawalReason,
)
from waypoint.participants.services import merge_participants
from waypoint.participants.tasks import task_purge_contact_data

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.timedelta(days=1)
SMS = ConsentKind.SMS_CONTACT
REFERRAL = ConsentKind.REFERRAL_SHARING


def _ago(days: int) -> dt.datetime:
    return timezone.now() - days * DAY


def _with_phone(program, actor, phone: str, *, last_visit_days=None, given_days=730, **fields):
    """A participant enrolled two years ago who gave ``phone`` with consent to texts
    ``given_days`` ago and last visited ``last_visit_days`` ago (None: never)."""
    person = ParticipantFactory(program=program, **fields)
    with program_scope(program):
        grant_consent(person, SMS, actor=actor, phone=phone)
        grant_consent(person, REFERRAL, actor=actor)
    Consent.unscoped.filter(participant=person).update(granted_at=_ago(given_days))
    Participant.unscoped.filter(pk=person.pk).update(
        created_at=_ago(800),
        last_visit_at=_ago(last_visit_days) if last_visit_days is not None else None,
    )
    person.refresh_from_db()
    return person


def _visit_today(world, person, site) -> None:
    with program_scope(person.program_id):
        log_encounter(person.program, visit(site, participant=person), actor=world.owner)


@dataclass
class Population:
    kept: dict[str, Participant]
    erased: dict[str, tuple[Participant, str]]  # name -> (participant, rule)
    phones: dict[str, str]  # name -> the number given


@pytest.fixture
def population(world) -> Population:
    """Program A holds one record for each case; program B one kept and two erased."""
    a, b = world.program, world.other_program
    phones = {}

    def make(name, program, **kwargs):
        phones[name] = f"513555{len(phones):04d}"
        return _with_phone(program, world.owner, phones[name], **kwargs)

    kept = {
        "visits": make("visits", a, last_visit_days=None),
        "visited_300_days_ago": make("visited_300_days_ago", a, last_visit_days=300),
        "gave_number_recently": make("gave_number_recently", a, last_visit_days=500, given_days=10),
        "b_visits": make("b_visits", b, last_visit_days=None),
    }
    _visit_today(world, kept["visits"], world.site)
    _visit_today(world, kept["b_visits"], world.other_site)
    new = ParticipantFactory(program=a)  # enrolled today, no visit yet
    phones["new"] = "5135559999"
    with program_scope(a):
        grant_consent(new, SMS, actor=world.owner, phone=phones["new"])
    kept["new"] = new

    erased = {
        "no_visit": (make("no_visit", a, last_visit_days=400), purge.NO_VISIT),
        "never_visited": (make("never_visited", a), purge.NO_VISIT),
        "withdrew": (make("withdrew", a, last_visit_days=5), purge.NO_CONSENT),
        "opted_out": (make("opted_out", a, last_visit_days=5), purge.NOT_ACTIVE),
        "deceased": (make("deceased", a, last_visit_days=5), purge.NOT_ACTIVE),
        "merged": (make("merged", a, last_visit_days=5), purge.NOT_ACTIVE),
        "b_no_visit": (make("b_no_visit", b, last_visit_days=400), purge.NO_VISIT),
        "b_opted_out": (make("b_opted_out", b, last_visit_days=5), purge.NOT_ACTIVE),
    }
    # Records changed the way they were before a status change or a withdrawal erased
    # the number: the nightly purge is what catches them.
    Consent.unscoped.filter(participant=erased["withdrew"][0], kind=SMS).update(revoked_at=_ago(3))
    for name, status in (
        ("opted_out", ParticipantStatus.OPTED_OUT),
        ("deceased", ParticipantStatus.DECEASED),
        ("b_opted_out", ParticipantStatus.OPTED_OUT),
    ):
        Participant.unscoped.filter(pk=erased[name][0].pk).update(status=status)
    Participant.unscoped.filter(pk=erased["merged"][0].pk).update(
        status=ParticipantStatus.MERGED, merged_into=kept["visits"]
    )
    for person, _rule in erased.values():
        person.refresh_from_db()
    return Population(kept=kept, erased=erased, phones=phones)


def _snapshot():
    return (
        sorted(Participant.unscoped.values_list("pk", "phone_encrypted", "status")),
        sorted(Consent.unscoped.values_list("pk", "revoked_at", "revoked_reason")),
        AuditEvent.unscoped.count(),
    )


def _columns_containing(text: str) -> list[str]:
    """Every table.column of the database whose value contains ``text``."""
    qn = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT 1 FROM {qn(table)} WHERE CAST({qn(column.name)} AS TEXT) LIKE %s",
                    [f"%{text}%"],
                )
                if cursor.fetchone():
                    found.append(f"{table}.{column.name}")
    return found


# --- leaving the program ------------------------------------------------------------------


@pytest.mark.parametrize("status", [ParticipantStatus.OPTED_OUT, ParticipantStatus.DECEASED])
def test_leaving_erases_the_phone_and_withdraws_every_consent(world, client_for, status):
    person = _with_phone(world.program, world.owner, "5135550100", last_visit_days=2)
    coordinator = client_for(member(world.program, Role.COORDINATOR))

    coordinator.post(reverse("participants:status", args=[person.pk]), {"status": status})

    person.refresh_from_db()
    assert person.status == status
    assert person.phone_encrypted == ""
    consents = Consent.unscoped.filter(participant=person)
    assert consents.count() == 2
    assert all(c.revoked_at is not None and c.revoked_reason == status for c in consents)
    change = AuditEvent.unscoped.get(action="participant.status", object_id=str(person.pk))
    assert change.extra["phone_erased"] is True
    assert sorted(change.extra["consents_withdrawn"]) == sorted([SMS, REFERRAL])
    withdrawals = AuditEvent.unscoped.filter(action="consent.revoke", object_id=str(person.pk))
    assert sorted((e.extra["kind"], e.extra["reason"]) for e in withdrawals) == sorted(
        [(SMS, status), (REFERRAL, status)]
    )
    assert not any("5550100" in str(e.extra) for e in AuditEvent.unscoped.all())
    # The record's consent history says why each consent ended.
    page = coordinator.get(reverse("participants:detail", args=[person.pk])).content.decode()
    reason = {ParticipantStatus.OPTED_OUT: "Participant opted out"}.get(
        status, "Participant deceased"
    )
    assert f"({reason})" in page


def test_coming_back_restores_no_consent(world, client_for):
    person = _with_phone(world.program, world.owner, "5135550100", last_visit_days=2)
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    url = reverse("participants:status", args=[person.pk])
    coordinator.post(url, {"status": ParticipantStatus.OPTED_OUT})
    coordinator.post(url, {"status": ParticipantStatus.ACTIVE})
    person.refresh_from_db()
    assert person.status == ParticipantStatus.ACTIVE and person.phone_encrypted == ""
    assert not Consent.unscoped.filter(participant=person, revoked_at__isnull=True).exists()


def test_merging_withdraws_the_dropped_records_consents_and_erases_its_phone(world):
    keep = _with_phone(world.program, world.owner, "5135550100", last_visit_days=2)
    drop = _with_phone(world.program, world.owner, "5135550111", last_visit_days=2)
    with program_scope(world.program):
        merge_participants(keep, drop, actor=world.owner)
    drop.refresh_from_db()
    keep.refresh_from_db()
    assert drop.phone_encrypted == "" and keep.phone_encrypted != ""
    assert set(
        Consent.unscoped.filter(participant=drop).values_list("revoked_reason", flat=True)
    ) == {WithdrawalReason.MERGED}
    assert not Consent.unscoped.filter(participant=keep, revoked_at__isnull=False).exists()


def test_withdrawing_consent_on_the_record_says_why(world, client_for):
    person = _with_phone(world.program, world.owner, "5135550100", last_visit_days=2)
    client_for(world.member).post(
        reverse("participants:consent", args=[person.pk]), {"kind": SMS, "action": "revoke"}
    )
    consent = Consent.unscoped.get(participant=person, kind=SMS)
    assert consent.revoked_reason == WithdrawalReason.WITHDRAWN


# --- the nightly purge ----------------------------------------------------------------------


def test_nightly_purge_erases_exactly_the_numbers_no_longer_needed(world, population):
    assert task_purge_contact_data.call_local() == len(population.erased)

    for name, person in population.kept.items():
        person.refresh_from_db()
        assert crypto.decrypt(person.phone_encrypted) == population.phones[name], name
        assert Consent.unscoped.get(participant=person, kind=SMS).is_active, name
    for name, (person, _rule) in population.erased.items():
        person.refresh_from_db()
        assert person.phone_encrypted == "", name
        assert not Consent.unscoped.filter(
            participant=person, kind=SMS, revoked_at__isnull=True
        ).exists(), name


def test_purge_withdraws_consent_for_retention(world, population):
    task_purge_contact_data.call_local()

    stale, _rule = population.erased["no_visit"]
    assert Consent.unscoped.get(participant=stale, kind=SMS).revoked_reason == "retention"
    # An active participant keeps other consents; one who left has none standing.
    assert Consent.unscoped.get(participant=stale, kind=REFERRAL).is_active
    for name in ("opted_out", "deceased", "merged", "b_opted_out"):
        person, _rule = population.erased[name]
        assert set(
            Consent.unscoped.filter(participant=person).values_list("revoked_reason", flat=True)
        ) == {WithdrawalReason.RETENTION}, name
    # A consent withdrawn earlier keeps its own time and reason.
    withdrew, _rule = population.erased["withdrew"]
    assert Consent.unscoped.get(participant=withdrew, kind=SMS).revoked_reason == ""


def test_purge_writes_one_audit_event_per_participant_in_its_own_program(world, population):
    task_purge_contact_data.call_local()

    events = AuditEvent.unscoped.filter(action="participant.contact_erase")
    assert sorted((e.program_id, e.object_id, e.extra["rule"]) for e in events) == sorted(
        (person.program_id, str(person.pk), rule) for person, rule in population.erased.values()
    )
    assert all(e.extra["reason"] == "retention" and e.actor is None for e in events)
    assert all(e.object_type == "participants.participant" for e in events)


def test_erased_numbers_leave_no_trace_in_the_database(world, population):
    tokens = {name: person.phone_encrypted for name, (person, _) in population.erased.items()}
    kept_token = population.kept["visits"].phone_encrypted
    task_purge_contact_data.call_local()

    assert _columns_containing(kept_token) == ["participants_participant.phone_encrypted"]
    for name, token in tokens.items():
        assert _columns_containing(token) == [], name
        assert _columns_containing(population.phones[name]) == [], name


def test_a_second_run_changes_nothing(world, population):
    task_purge_contact_data.call_local()
    before = _snapshot()
    assert task_purge_contact_data.call_local() == 0
    assert _snapshot() == before


def test_small_batches_erase_the_same_records(world, population):
    with scopes_disabled():
        erased = purge.purge_contact_data(batch_size=2)
    assert sum(sum(c.values()) for c in erased.values()) == len(population.erased)
    assert set(
        AuditEvent.unscoped.filter(action="participant.contact_erase").values_list(
            "object_id", flat=True
        )
    ) == {str(person.pk) for person, _rule in population.erased.values()}


def test_a_program_scope_purges_only_that_program(world, population):
    with program_scope(world.other_program):
        erased = purge.purge_contact_data()
    assert list(erased) == [world.other_program.pk]
    assert sum(erased[world.other_program.pk].values()) == 2
    person, _rule = population.erased["no_visit"]  # program A
    person.refresh_from_db()
    assert person.phone_encrypted != ""


def test_the_retention_period_is_the_setting(world, population, settings):
    settings.CONTACT_RETENTION_DAYS = 200
    task_purge_contact_data.call_local()
    person = population.kept["visited_300_days_ago"]
    person.refresh_from_db()
    assert person.phone_encrypted == ""
    event = AuditEvent.unscoped.get(action="participant.contact_erase", object_id=str(person.pk))
    assert event.extra["rule"] == purge.NO_VISIT


def test_cost_grows_with_batches_not_participants(world):
    def run_with(count: int) -> int:
        token = crypto.encrypt("5135550100")
        Participant.unscoped.bulk_create(
            Participant(
                program=world.program,
                code=f"BULK{count:03d}{n:05d}",
                network_key=f"{count}-{n}",
                phone_encrypted=token,
            )
            for n in range(count)
        )
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            erased = purge.purge_contact_data(batch_size=100)
        assert sum(erased[world.program.pk].values()) == count
        return len(queries)

    few, many = run_with(3), run_with(90)
    assert few == many
    assert many < 15


# --- the command --------------------------------------------------------------------------


def test_dry_run_counts_per_program_and_changes_nothing(world, population):
    before = _snapshot()
    out = io.StringIO()
    call_command("purge_contact_data", "--dry-run", stdout=out)
    assert _snapshot() == before
    text = out.getvalue()
    assert (
        "Program A: 6 participant(s) would be erased (3 merged, opted out or deceased, "
        "1 no consent to text messages, 2 no visit in 365 days)"
    ) in text
    assert (
        "Program B: 2 participant(s) would be erased "
        "(1 merged, opted out or deceased, 1 no visit in 365 days)"
    ) in text
    assert "Contact data would be erased for 8 participant(s) in total." in text


def test_command_erases_and_says_so(world, population):
    out = io.StringIO()
    call_command("purge_contact_data", stdout=out)
    assert "Contact data erased for 8 participant(s) in total." in out.getvalue()
    assert set(
        AuditEvent.unscoped.filter(action="participant.contact_erase").values_list(
            "actor_label", flat=True
        )
    ) == {"purge_contact_data command"}
    call_command("purge_contact_data", stdout=(again := io.StringIO()))
    assert "for 0 participant(s)" in again.getvalue()


# --- the setting --------------------------------------------------------------------------


def _start(**env_overrides) -> subprocess.CompletedProcess:
    """Start Django with only the given Waypoint variables (and a secret key)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WAYPOINT_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="waypoint.settings",
        WAYPOINT_DATA_DIR=os.environ["WAYPOINT_DATA_DIR"],
        WAYPOINT_SECRET_KEY="x" * 40,
        **env_overrides,
    )
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CONTACT_RETENTION_DAYS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_retention_defaults_to_a_year_and_can_be_set():
    assert _start().stdout.strip() == "365"
    assert _start(WAYPOINT_CONTACT_RETENTION_DAYS="90").stdout.strip() == "90"


@pytest.mark.parametrize("value", ["0", "a year"])
def test_a_bad_retention_stops_start_up_naming_the_variable(value):
    result = _start(WAYPOINT_CONTACT_RETENTION_DAYS=value)
    assert result.returncode != 0
    assert "WAYPOINT_CONTACT_RETENTION_DAYS" in result.stderr


# --- a consent given while the purge runs -------------------------------------------------


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_number_given_while_the_purge_waits_for_the_record_is_kept():
    program = ProgramFactory(network=NetworkFactory())
    staff = member(program, Role.STAFF)
    with program_scope(program):
        person = Participant.objects.create(
            program=program,
            code="RACE0101011990",
            network_key="race",
            phone_encrypted=crypto.encrypt("5135550100"),  # no consent stands for it
        )
    granting, release = threading.Event(), threading.Event()

    def give_consent() -> None:
        try:
            with program_scope(program), transaction.atomic():
                grant_consent(
                    Participant.objects.get(pk=person.pk),
                    ConsentKind.SMS_CONTACT,
                    actor=staff,
                    phone="5135550199",
                )
                granting.set()  # the record is locked, the consent not yet committed
                release.wait(timeout=30)
        finally:
            connection.close()

    def purge_now() -> None:
        try:
            with scopes_disabled():
                purge.purge_contact_data()
        finally:
            connection.close()

    giver = threading.Thread(target=give_consent)
    giver.start()
    assert granting.wait(timeout=30)
    purger = threading.Thread(target=purge_now)
    purger.start()
    time.sleep(1)  # the purge is now waiting for the record's lock
    release.set()
    giver.join(timeout=60)
    purger.join(timeout=60)
    person.refresh_from_db()
    assert crypto.decrypt(person.phone_encrypted) == "5135550199"
    assert Consent.unscoped.filter(
        participant=person, kind=ConsentKind.SMS_CONTACT, revoked_at__isnull=True
    ).exists()
