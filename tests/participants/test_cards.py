"""Participant cards: print, reissue, revoke; the public check says valid-by-program or not valid."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from waypoint.audit.models import AuditEvent
from waypoint.core.scoping import program_scope
from waypoint.participants import services
from waypoint.participants.models import ParticipantCard, ParticipantSettings
from waypoint.participants.services import CARD_ALPHABET

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return ParticipantFactory(
        program=world.program, code="MAJO0203151980", alias="Sunny", zip_code="45202"
    )


def _issue(client, person):
    return client.post(reverse("participants:card_issue", args=[person.pk]))


def test_card_page_shows_program_number_and_qr_but_no_code_or_personal_data(
    world, client_for, person
):
    world.program.contact_phone = "513-555-0199"
    world.program.save()
    staff = client_for(world.member)
    _issue(staff, person)
    person.refresh_from_db()
    text = staff.get(reverse("participants:card", args=[person.pk])).content.decode()
    card_html = text[text.index('data-testid="participant-card"') : text.index("</article>")]
    assert world.program.name in card_html and "513-555-0199" in card_html
    assert person.card_number in card_html and "<svg" in card_html
    for private in (person.code, "Sunny", "45202"):
        assert private not in card_html


def test_card_number_is_short_and_unambiguous_with_prefix(world, person):
    ParticipantSettings.unscoped.create(program=world.program, card_prefix="nx")
    with program_scope(world.program):
        card = services.issue_card(person, actor=world.owner)
    assert card.card_number.startswith("NX") and len(card.card_number) == 8
    assert set(card.card_number[2:]) <= set(CARD_ALPHABET)
    person.refresh_from_db()
    assert person.card_number == card.card_number


def test_public_check_of_a_valid_card_names_only_the_program(world, person):
    with program_scope(world.program):
        card = services.issue_card(person, actor=world.owner)
    response = Client().get(reverse("card:verify", args=[card.token]))
    text = response.content.decode()
    assert response.status_code == 200
    assert f"Valid card issued by {world.program.name}" in text
    for private in (person.code, "Sunny", card.card_number):
        assert private not in text
    event = AuditEvent.unscoped.get(action="card.verify")
    assert event.extra == {"valid": True} and event.actor is None


def test_reissue_revokes_the_old_card(world, client_for, person):
    staff = client_for(world.member)
    _issue(staff, person)
    old = ParticipantCard.unscoped.get()
    _issue(staff, person)
    new = ParticipantCard.unscoped.exclude(pk=old.pk).get()
    old.refresh_from_db()
    person.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None
    assert person.card_number == new.card_number != old.card_number
    assert "not valid" in Client().get(reverse("card:verify", args=[old.token])).content.decode()
    assert "Valid card" in Client().get(reverse("card:verify", args=[new.token])).content.decode()


def test_revoked_card_and_unknown_token_are_not_valid(world, client_for, person):
    staff = client_for(world.member)
    _issue(staff, person)
    card = ParticipantCard.unscoped.get()
    staff.post(reverse("participants:card_revoke", args=[person.pk]))
    person.refresh_from_db()
    assert person.card_number == ""
    for token in (card.token, "no-such-token"):
        response = Client().get(reverse("card:verify", args=[token]))
        assert response.status_code == 200
        assert "This card is not valid" in response.content.decode()
        assert world.program.name not in response.content.decode()


def test_a_card_stops_being_valid_when_the_participant_is_deceased(world, person):
    with program_scope(world.program):
        card = services.issue_card(person, actor=world.owner)
        services.set_status(person, "deceased", actor=world.owner)
    assert "not valid" in Client().get(reverse("card:verify", args=[card.token])).content.decode()


def test_another_program_cannot_issue_or_revoke(world, client_for, person):
    outsider = client_for(world.outsider)
    assert _issue(outsider, person).status_code == 404
    assert outsider.post(reverse("participants:card_revoke", args=[person.pk])).status_code == 404
    assert not ParticipantCard.unscoped.exists()
