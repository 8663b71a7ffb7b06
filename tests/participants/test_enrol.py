"""Enrolment by the program's recipe: guided questions, live candidates, refusals that store nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.participants.crypto import network_key_for
from waypoint.participants.models import MatchKey, Participant, ParticipantSettings
from waypoint.participants.uic import CUSTOM

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "mother2": "María",
    "father2": "José",
    "birth_order": "2",
    "month": "3",
    "day": "15",
    "year4": "1980",
}
URL = "/participants/enrol/"


@pytest.fixture
def peer(world, client_for):
    return client_for(member(world.program, Role.PEER))


def test_form_asks_the_default_recipe_questions(peer):
    response = peer.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "First two letters of your mother&#x27;s first name" in text
    assert "Your own initials" in text


def test_enrol_stores_code_and_network_key_then_opens_the_window(world, peer):
    response = peer.post(
        URL, {**ANSWERS, "alias": "Sunny", "zip_code": "45202", "birth_year": "1980"}
    )
    person = Participant.unscoped.get(program=world.program)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('encounters:window')}?participant={person.pk}"
    assert (person.code, person.alias, person.zip_code, person.birth_year) == (
        "MAJO0203151980",
        "Sunny",
        "45202",
        1980,
    )
    assert person.network_key == network_key_for("MAJO0203151980")
    assert AuditEvent.unscoped.filter(
        action="participant.create", object_id=str(person.pk)
    ).exists()


def test_same_code_in_two_programs_has_the_same_network_key(world, peer, client_for):
    peer.post(URL, ANSWERS)
    client_for(world.outsider).post(URL, ANSWERS)
    keys = set(Participant.unscoped.values_list("program_id", "network_key"))
    assert len(keys) == 2 and len({key for _program, key in keys}) == 1


def test_unknown_parent_uses_initials_and_is_remembered(world, peer):
    peer.post(URL, {**ANSWERS, "mother2": "", "mother2_unknown": "on", "initials": "rt"})
    person = Participant.unscoped.get(program=world.program)
    assert person.code == "RTJO0203151980"
    assert person.fallback_parts == ["mother2"]


@pytest.mark.parametrize(
    "change,message",
    [
        ({"month": "13"}, "birth month must be between 1 and 12"),
        ({"mother2": "", "mother2_unknown": "on"}, "Enter your own initials"),
        ({"zip_code": "4520"}, "Enter a 5-digit ZIP code"),
        ({"birth_year": "1800"}, "greater than or equal to 1900"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(world, peer, change, message):
    response = peer.post(URL, {**ANSWERS, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Participant.unscoped.exists()


def test_an_existing_code_is_refused_with_a_link_to_the_record(world, peer):
    existing = ParticipantFactory(program=world.program, code="MAJO0203151980")
    response = peer.post(URL, ANSWERS)
    assert response.status_code == 400
    text = response.content.decode()
    assert "already enrolled" in text
    assert reverse("participants:detail", args=[existing.pk]) in text
    assert Participant.unscoped.count() == 1


def test_suffix_recipe_adds_a_letter_for_a_confirmed_different_person(world, peer):
    ParticipantSettings.unscoped.create(program=world.program, recipe="surname_mother_day_site")
    ParticipantFactory(program=world.program, code="GAM15N")
    answers = {"surname2": "Garcia", "mother1": "Marta", "day": "15", "site": "North"}
    assert peer.post(URL, answers).status_code == 400
    assert peer.post(URL, {**answers, "different_person": "on"}).status_code == 302
    assert set(Participant.unscoped.values_list("code", flat=True)) == {"GAM15N", "GAM15NX"}


def test_optional_fields_switched_off_are_not_asked_or_stored(world, peer):
    ParticipantSettings.unscoped.create(
        program=world.program, collect_alias=False, collect_zip=False
    )
    text = peer.get(URL).content.decode()
    assert 'name="alias"' not in text and 'name="zip_code"' not in text
    peer.post(URL, {**ANSWERS, "alias": "Sunny", "zip_code": "45202"})
    person = Participant.unscoped.get()
    assert person.alias == "" and person.zip_code == ""


def test_custom_recipe_asks_only_its_parts(world, peer):
    ParticipantSettings.unscoped.create(
        program=world.program, recipe=CUSTOM, custom_components=["given2", "year2"]
    )
    text = peer.get(URL).content.decode()
    assert "First two letters of your first name" in text
    assert "mother" not in text
    peer.post(URL, {"given2": "Lu", "year2": "85"})
    assert Participant.unscoped.get().code == "LU85"


def test_typed_code_is_normalized(world, peer):
    peer.post(URL, {"code": " ma-jo 02 03 15 1980 "})
    assert Participant.unscoped.get().code == "MAJO0203151980"


def test_candidates_show_similar_records_while_typing(world, peer):
    similar = ParticipantFactory(program=world.program, code="MAJO0203151981", alias="Sunny")
    response = peer.post(reverse("participants:candidates"), ANSWERS, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert "MAJO0203151980" in text  # the code so far
    assert similar.code in text and "birth year: one year apart" in text


def test_candidates_for_a_partial_code_list_prefix_matches(world, peer):
    ParticipantFactory(program=world.program, code="MAJO0203151981")
    ParticipantFactory(program=world.program, code="ZZJO0203151981")
    response = peer.post(reverse("participants:candidates"), {"mother2": "Ma", "father2": "Jo"})
    text = response.content.decode()
    assert "MAJO0203151981" in text and "ZZJO" not in text
    assert "not finished" in text


def test_candidates_never_show_other_programs(world, peer):
    ParticipantFactory(program=world.other_program, code="MAJO0203151980")
    text = peer.post(reverse("participants:candidates"), ANSWERS).content.decode()
    assert "No similar record found" in text


def test_viewer_cannot_enrol(world, client_for):
    viewer = client_for(member(world.program, Role.VIEWER))
    assert viewer.post(URL, ANSWERS).status_code == 403
    assert not Participant.unscoped.exists()


def _queries_for_candidates(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("participants:candidates"), ANSWERS).status_code == 200
    return len(queries)


def test_live_candidates_cost_the_same_queries_for_one_or_many_matches(world, peer):
    ParticipantFactory(program=world.program, code="MAJO0203151981")
    _queries_for_candidates(peer)  # the first request of a session also records the session
    one = _queries_for_candidates(peer)
    for last in "2345":
        ParticipantFactory(program=world.program, code=f"MAJO020315198{last}")
    assert _queries_for_candidates(peer) == one


def test_the_gender_recipe_enrols_with_gender_answered(world, peer):
    ParticipantSettings.unscoped.create(program=world.program, recipe="gender_year_parents")
    text = peer.get(URL).content.decode()
    assert 'name="gender"' in text and 'name="recorded_gender"' in text
    assert "Gender in more detail (optional)" in text
    response = peer.post(
        URL,
        {
            "gender": "F",
            "year4": "1980",
            "mother2": "María",
            "father2": "José",
            "recorded_gender": "trans_woman",
        },
    )
    assert response.status_code == 302
    person = Participant.unscoped.get(program=world.program)
    assert (person.code, person.gender) == ("F1980MAJO", "trans_woman")


def test_a_candidate_shows_its_last_visit_what_differs_and_a_way_to_confirm(world, peer):
    when = timezone.make_aware(dt.datetime(2026, 3, 4, 10, 0))
    similar = ParticipantFactory(program=world.program, code="ELJO0203071980", last_visit_at=when)
    # Beth now, Elizabeth then; day and month swapped.
    answers = {**ANSWERS, "mother2": "Beth", "month": "7", "day": "3"}
    text = peer.post(reverse("participants:candidates"), answers).content.decode()
    assert similar.code in text
    assert "mother&#x27;s name: another form of the same name" in text
    assert "birth day and month swapped" in text
    assert "Last visit:" in text and "2026" in text
    assert f'href="{reverse("encounters:window")}?participant={similar.pk}"' in text


def test_a_different_person_with_the_same_code_is_one_tap_away(world, peer):
    ParticipantFactory(program=world.program, code="MAJO0203151980")
    refused = peer.post(URL, ANSWERS)
    text = refused.content.decode()
    assert refused.status_code == 400 and 'data-testid="different-person"' in text
    # Enter in any box presses the first button: it must be Enrol, never "different person".
    assert text.index('data-testid="enrol-submit"') < text.index('data-testid="different-person"')
    live = peer.post(reverse("participants:candidates"), ANSWERS).content.decode()
    assert 'hx-swap-oob="true"' in live and 'data-testid="different-person"' in live
    assert peer.post(URL, {**ANSWERS, "different_person": "on"}).status_code == 302
    codes = set(Participant.unscoped.values_list("code", flat=True))
    assert codes == {"MAJO0203151980", "MAJO0203151980X"}
    event = AuditEvent.unscoped.filter(action="participant.create").latest("pk")
    assert event.extra["suffix"] is True


def test_no_different_person_button_without_the_same_code(world, peer):
    ParticipantFactory(program=world.program, code="MAJO0203151981")
    live = peer.post(reverse("participants:candidates"), ANSWERS).content.decode()
    assert 'data-testid="different-person"' not in live


def test_names_given_are_never_stored(world, peer):
    peer.post(URL, {**ANSWERS, "mother2": "Bethany", "father2": "Guillermo"})
    person = Participant.unscoped.get()
    stored = " ".join(
        str(v) for v in Participant.unscoped.filter(pk=person.pk).values().first().values()
    )
    events = " ".join(str(e.extra) for e in AuditEvent.unscoped.all())
    for name in ("BETHANY", "GUILLERMO", "Bethany", "Guillermo"):
        assert name not in stored and name not in events
    keys = MatchKey.unscoped.filter(participant=person).values_list("value", flat=True)
    assert keys and all(isinstance(v, int) for v in keys)
