"""The participant page and its actions: audit of every read, consents, status, merge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.encounters.helpers import visit
from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.encounters.services import log_encounter
from waypoint.participants.models import Consent, Participant, ParticipantStatus

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return ParticipantFactory(program=world.program, code="MAJO0203151980", alias="Sunny")


def _detail(participant) -> str:
    return reverse("participants:detail", args=[participant.pk])


def test_every_read_of_the_page_is_audited(world, client_for, person):
    peer = client_for(member(world.program, Role.PEER))
    assert peer.get(_detail(person)).status_code == 200
    assert peer.get(_detail(person)).status_code == 200
    assert (
        AuditEvent.unscoped.filter(action="participant.view", object_id=str(person.pk)).count() == 2
    )


def test_peers_see_the_record_but_not_consents_or_actions(world, client_for, person):
    text = client_for(member(world.program, Role.PEER)).get(_detail(person)).content.decode()
    assert person.code in text and "Sunny" in text
    assert "Consent" not in text and "Participant card" not in text


def test_another_programs_record_is_not_found(world, client_for, person):
    assert client_for(world.outsider).get(_detail(person)).status_code == 404


def test_sms_consent_stores_the_phone_encrypted_and_withdrawal_erases_it(world, client_for, person):
    staff = client_for(world.member)
    url = reverse("participants:consent", args=[person.pk])
    staff.post(url, {"kind": "sms_contact", "action": "grant", "phone": "(513) 555-0100"})
    person.refresh_from_db()
    assert person.phone_encrypted and "555" not in person.phone_encrypted
    with program_scope(world.program):
        from waypoint.participants.consents import phone_for

        assert phone_for(person, actor=world.member) == "5135550100"
    read = AuditEvent.unscoped.get(action="participant.phone_read")
    assert read.object_id == str(person.pk) and "5550100" not in str(read.extra)
    consent = Consent.unscoped.get(participant=person)
    assert consent.granted_at and consent.revoked_at is None and consent.granted_by == world.member

    staff.post(url, {"kind": "sms_contact", "action": "revoke"})
    person.refresh_from_db()
    consent.refresh_from_db()
    assert person.phone_encrypted == "" and consent.revoked_at is not None
    assert list(
        AuditEvent.unscoped.filter(action__startswith="consent.")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["consent.grant", "consent.revoke"]


def test_sms_consent_without_a_phone_is_refused(world, client_for, person):
    response = client_for(world.member).post(
        reverse("participants:consent", args=[person.pk]),
        {"kind": "sms_contact", "action": "grant"},
        follow=True,
    )
    assert "Enter a phone number" in response.content.decode()
    assert not Consent.unscoped.exists()


def test_referral_sharing_consent_is_revocable_and_kept_as_history(world, client_for, person):
    staff = client_for(world.member)
    url = reverse("participants:consent", args=[person.pk])
    staff.post(url, {"kind": "referral_sharing", "action": "grant"})
    staff.post(url, {"kind": "referral_sharing", "action": "revoke"})
    staff.post(url, {"kind": "referral_sharing", "action": "grant"})
    rows = list(Consent.unscoped.filter(participant=person).order_by("id"))
    assert [row.revoked_at is None for row in rows] == [False, True]


def test_deceased_status_blocks_visits_with_a_clear_message(world, client_for, person):
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    coordinator.post(reverse("participants:status", args=[person.pk]), {"status": "deceased"})
    person.refresh_from_db()
    assert person.status == ParticipantStatus.DECEASED and not person.can_visit
    text = coordinator.get(_detail(person)).content.decode()
    assert "recorded as deceased" in text


def test_staff_cannot_change_status(world, client_for, person):
    response = client_for(world.member).post(
        reverse("participants:status", args=[person.pk]), {"status": "opted_out"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.status == ParticipantStatus.ACTIVE


def test_merge_moves_visits_and_leaves_a_pointer(world, client_for, person):
    drop = ParticipantFactory(program=world.program, code="MAJO0203151981")
    with program_scope(world.program):
        log_encounter(world.program, visit(world.site, participant=drop), actor=world.owner)
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    url = reverse("participants:merge", args=[person.pk])
    assert drop.code in coordinator.get(url).content.decode()  # offered as a similar record

    refused = coordinator.post(url, {"other": drop.code})
    assert refused.status_code == 400
    response = coordinator.post(url, {"other": drop.code.lower(), "confirm": "on"})
    assert response.status_code == 302
    drop.refresh_from_db()
    assert drop.status == ParticipantStatus.MERGED and drop.merged_into == person
    assert Encounter.unscoped.filter(participant=person).count() == 1
    assert not Encounter.unscoped.filter(participant=drop).exists()
    event = AuditEvent.unscoped.get(action="participant.merge")
    assert event.extra == {"merged": drop.pk, "visits_moved": 1, "earlier_merges": 0}


def test_merge_refuses_an_unknown_or_foreign_code(world, client_for, person):
    ParticipantFactory(program=world.other_program, code="OTHR0203151980")
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    response = coordinator.post(
        reverse("participants:merge", args=[person.pk]),
        {"other": "OTHR0203151980", "confirm": "on"},
    )
    assert response.status_code == 400
    assert "No record of this program" in response.content.decode()
    assert not Participant.unscoped.filter(status=ParticipantStatus.MERGED).exists()


def test_edit_optional_details(world, client_for, person):
    staff = client_for(world.member)
    url = reverse("participants:edit", args=[person.pk])
    assert staff.post(url, {"alias": "Sun", "zip_code": "bad"}).status_code == 400
    assert (
        staff.post(url, {"alias": "Sun", "zip_code": "45202", "gender": "woman"}).status_code == 302
    )
    person.refresh_from_db()
    assert (person.alias, person.zip_code, person.gender) == ("Sun", "45202", "woman")


def test_list_searches_by_alias_and_hides_merged(world, client_for, person):
    ParticipantFactory(
        program=world.program,
        code="ZZZZ0101011990",
        alias="Other",
        status=ParticipantStatus.MERGED,
        merged_into=person,
    )
    peer = client_for(member(world.program, Role.PEER))
    text = peer.get(reverse("participants:list"), {"q": "sun"}).content.decode()
    assert person.code in text
    assert "ZZZZ" not in peer.get(reverse("participants:list")).content.decode()
