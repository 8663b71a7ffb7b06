"""Program admins choose the recipe, optional facts and card prefix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.participants.models import ParticipantSettings

pytestmark = pytest.mark.django_db
URL = "/participants/settings/"


def _form(**changes):
    data = {
        "recipe": "parents_dob",
        "collect_alias": "on",
        "collect_birth_year": "on",
        "collect_gender": "on",
        "collect_zip": "on",
        "card_prefix": "",
        "expected_participants": "5000",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_switches_to_a_preset_and_turns_off_zip(world, client_for):
    admin = client_for(world.owner)
    assert admin.get(URL).status_code == 200
    response = admin.post(URL, _form(recipe="slk581", collect_zip=None, card_prefix="nx"))
    assert response.status_code == 302
    saved = ParticipantSettings.unscoped.get(program=world.program)
    assert (saved.recipe, saved.collect_zip, saved.card_prefix) == ("slk581", False, "NX")
    assert AuditEvent.unscoped.filter(action="participant_settings.update").exists()
    assert "Your last name" in admin.get(reverse("participants:enrol")).content.decode()


def test_custom_recipe_needs_parts(world, client_for):
    admin = client_for(world.owner)
    response = admin.post(URL, _form(recipe="custom"))
    assert response.status_code == 400
    assert "Choose at least one part" in response.content.decode()
    assert not ParticipantSettings.unscoped.exists()
    assert (
        admin.post(
            URL, {**_form(recipe="custom"), "custom_components": ["surname2", "year2"]}
        ).status_code
        == 302
    )
    assert ParticipantSettings.unscoped.get().custom_components == ["surname2", "year2"]


def test_bad_prefix_is_refused(world, client_for):
    response = client_for(world.owner).post(URL, _form(card_prefix="A1"))
    assert response.status_code == 400
    assert "letters A–Z only" in response.content.decode()


def test_coordinator_cannot_change_settings(world, client_for):
    coordinator = client_for(member(world.program, Role.COORDINATOR))
    assert coordinator.post(URL, _form(recipe="slk581")).status_code == 403
    assert not ParticipantSettings.unscoped.exists()


SHORT = "surname_mother_day_site"


def test_choosing_a_short_recipe_warns_about_shared_codes(world, client_for):
    admin = client_for(world.owner)
    page = admin.get(URL).content.decode()
    # Each short preset is marked where the admin chooses; the default is not.
    assert page.count('data-testid="recipe-flagged"') == 3
    assert 'data-testid="collision-warning"' not in page
    response = admin.post(URL, _form(recipe=SHORT), follow=True)
    text = response.content.decode()
    assert "This recipe makes short codes" in text and "1 in " in text
    assert 'data-testid="collision-warning"' in text


def test_the_warning_follows_the_programs_expected_size(world, client_for):
    admin = client_for(world.owner)
    text = admin.post(URL, _form(recipe=SHORT, expected_participants="50"), follow=True)
    text = text.content.decode()
    assert "This recipe makes short codes" not in text
    assert 'data-testid="recipe-flagged"' not in text
    assert ParticipantSettings.unscoped.get().expected_participants == 50
