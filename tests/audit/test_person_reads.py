"""Every response that shows person-level records writes exactly one audit event.

Lists and searches record how many records were shown and, as the event's subjects,
which (never the typed text, which may be a code or an alias); a page about one record
names it. Refused requests and pages that show no one write no read event.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.db.models import Max

from tests.encounters.helpers import catalog, device, participant, visit
from tests.factories import member
from tests.participants.factories import ParticipantFactory
from waypoint.audit.models import AuditEvent, AuditSubject
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.services import log_encounter
from waypoint.participants.models import ParticipantStatus

pytestmark = pytest.mark.django_db

PARTICIPANT = "participants.participant"
ENCOUNTER = "encounters.encounter"


@pytest.fixture
def items(world):
    return catalog(world.program)


@pytest.fixture
def peer(world):
    return member(world.program, Role.PEER)


def written_by(call) -> tuple[object, list[AuditEvent]]:
    """The response of ``call()`` and the audit events written while it ran."""
    before = AuditEvent.unscoped.aggregate(last=Max("id"))["last"] or 0
    response = call()
    return response, list(AuditEvent.unscoped.filter(pk__gt=before).order_by("id"))


def one_event(call, status: int = 200) -> AuditEvent:
    response, events = written_by(call)
    assert response.status_code == status, response.content[:500]
    assert len(events) == 1, [e.action for e in events]
    return events[0]


def no_event(call, status: int) -> None:
    response, events = written_by(call)
    assert response.status_code == status
    assert events == [], [e.action for e in events]


def shown(event: AuditEvent, object_type: str = PARTICIPANT) -> list[int]:
    """The records the event showed, in the order shown; all of ``object_type``."""
    subjects = list(AuditSubject.unscoped.filter(event=event).order_by("id"))
    assert {s.object_type for s in subjects} <= {object_type}
    return [int(s.object_id) for s in subjects]


def assert_by(event: AuditEvent, action: str, actor, program) -> None:
    assert (event.action, event.actor, event.program) == (action, actor, program)


def logged(world, person=None, items=None, **fields):
    with program_scope(world.program):
        return log_encounter(
            world.program,
            visit(world.site, participant=person, items=items or {}, **fields),
            actor=world.member,
        ).encounter


# --- Participant list and search ---------------------------------------------------------


def test_the_participant_list_records_who_was_listed(world, client_for):
    ours = [participant(world.program, alias=f"Ours {n}") for n in range(3)]
    participant(world.other_program, alias="Theirs")
    client = client_for(world.member)
    event = one_event(lambda: client.get("/participants/"))
    assert_by(event, "participant.list", world.member, world.program)
    assert event.object_type == PARTICIPANT
    assert event.extra == {"count": 3}
    assert shown(event) == sorted(p.pk for p in ours)


def test_a_status_filter_is_recorded_with_the_list(world, client_for):
    participant(world.program)
    gone = participant(world.program, status=ParticipantStatus.DECEASED)
    client = client_for(world.member)
    event = one_event(lambda: client.get("/participants/?status=deceased"))
    assert event.extra == {"count": 1, "status": "deceased"}
    assert shown(event) == [gone.pk]


def test_a_search_records_what_was_shown_but_not_what_was_typed(world, client_for):
    found = participant(world.program, code="REDB0101011990", alias="Redbird")
    participant(world.program, alias="Blue")
    client = client_for(world.member)
    for typed in ("redbird", "REDB01"):
        event = one_event(lambda typed=typed: client.get("/participants/", {"q": typed}))
        assert_by(event, "participant.search", world.member, world.program)
        assert event.extra == {"count": 1} and shown(event) == [found.pk]
        assert typed.lower() not in json.dumps(event.extra).lower()


def test_a_search_that_finds_no_one_is_recorded_too(world, client_for):
    client = client_for(world.member)
    event = one_event(lambda: client.get("/participants/?q=ZZTOP"))
    assert event.extra == {"count": 0} and shown(event) == []


def test_the_list_shows_at_most_a_page_and_records_that_page(world, client_for):
    for n in range(52):
        participant(world.program, code=f"PAGE{n:05d}")
    client = client_for(world.member)
    event = one_event(lambda: client.get("/participants/"))
    assert event.extra["count"] == 50 and len(shown(event)) == 50


# --- Other participant pages -------------------------------------------------------------


def test_live_enrolment_candidates_are_recorded(world, client_for, peer):
    # Written as enrolment writes them: matching reads the code's parts.
    similar = ParticipantFactory(program=world.program, code="MAJO0203151981")
    answers = {
        "mother2": "María",
        "father2": "José",
        "birth_order": "2",
        "month": "3",
        "day": "15",
        "year4": "1980",
    }
    client = client_for(peer)
    event = one_event(lambda: client.post("/participants/enrol/candidates/", answers))
    assert_by(event, "participant.candidates", peer, world.program)
    assert event.extra == {"count": 1} and shown(event) == [similar.pk]
    assert "MAJO" not in json.dumps(event.extra)
    # Before any answer there is nothing to look up and nothing to record.
    no_event(lambda: client.post("/participants/enrol/candidates/", {}), 200)


def test_an_enrolment_refused_as_a_duplicate_records_the_record_it_shows(world, client_for, peer):
    existing = ParticipantFactory(program=world.program, code="MAJO0203151980")
    client = client_for(peer)
    event = one_event(lambda: client.post("/participants/enrol/", {"code": "MAJO0203151980"}), 400)
    assert event.action == "participant.candidates" and existing.pk in shown(event)


def test_edit_merge_and_card_pages_are_reads_of_the_record(world, client_for):
    person = ParticipantFactory(program=world.program, code="MAJO0203151980")
    similar = ParticipantFactory(program=world.program, code="MAJO0203151981")
    staff = client_for(world.member)
    coordinator = member(world.program, Role.COORDINATOR)

    edit = one_event(lambda: staff.get(f"/participants/{person.pk}/edit/"))
    assert_by(edit, "participant.view", world.member, world.program)
    assert (edit.object_type, edit.object_id, edit.extra) == (
        PARTICIPANT,
        str(person.pk),
        {"page": "edit"},
    )

    card = one_event(lambda: staff.get(f"/participants/{person.pk}/card/"))
    assert_by(card, "card.view", world.member, world.program)
    assert card.object_id == str(person.pk)

    client = client_for(coordinator)
    merge = one_event(lambda: client.get(f"/participants/{person.pk}/merge/"))
    assert_by(merge, "participant.candidates", coordinator, world.program)
    assert merge.object_id == str(person.pk)
    assert merge.extra == {"count": 1} and shown(merge) == [similar.pk]


def test_the_participant_page_still_writes_one_event(world, client_for):
    person = participant(world.program)
    client = client_for(world.member)
    event = one_event(lambda: client.get(f"/participants/{person.pk}/"))
    assert_by(event, "participant.view", world.member, world.program)


# --- The walk-up window ------------------------------------------------------------------


def test_a_peers_window_panel_read_is_recorded_with_the_last_visit(world, client_for, peer, items):
    person = participant(world.program, alias="Sunny")
    last = logged(world, person, {items["kit"]: 2})
    client = client_for(peer)
    for call in (
        lambda: client.get(f"/window/?participant={person.pk}"),
        lambda: client.get(f"/window/panel/?participant={person.pk}", HTTP_HX_REQUEST="true"),
        lambda: client.get(f"/window/?participant={person.pk}&prefill=last"),
    ):
        event = one_event(call)
        assert_by(event, "window.panel", peer, world.program)
        assert (event.object_type, event.object_id) == (PARTICIPANT, str(person.pk))
        assert event.extra == {"last_visit": last.pk}


def test_a_first_visit_panel_is_recorded_without_a_last_visit(world, client_for, peer):
    person = participant(world.program)
    client = client_for(peer)
    event = one_event(lambda: client.get(f"/window/?participant={person.pk}"))
    assert event.action == "window.panel" and event.extra == {}


def test_a_blocked_participant_shown_in_the_window_is_recorded(world, client_for, peer):
    person = participant(world.program, status=ParticipantStatus.DECEASED, alias="Gone")
    client = client_for(peer)
    event = one_event(lambda: client.get(f"/window/?participant={person.pk}"))
    assert event.action == "window.panel" and event.object_id == str(person.pk)


def test_window_search_records_the_matches_but_not_the_typed_text(world, client_for, peer):
    first = participant(world.program, alias="Redbird")
    second = participant(world.program, alias="Redwing")
    participant(world.other_program, alias="Redstart")
    client = client_for(peer)
    event = one_event(lambda: client.get("/window/panel/?q=redb", HTTP_HX_REQUEST="true"))
    assert_by(event, "window.search", peer, world.program)
    assert event.object_type == PARTICIPANT
    assert event.extra == {"count": 1} and shown(event) == [first.pk]
    assert "redb" not in json.dumps(event.extra).lower()
    both = one_event(lambda: client.get("/window/?q=red"))
    assert sorted(shown(both)) == sorted([first.pk, second.pk])
    nobody = one_event(lambda: client.get("/window/panel/?q=zz", HTTP_HX_REQUEST="true"))
    assert nobody.extra == {"count": 0} and shown(nobody) == []


def test_enter_on_a_card_number_records_the_panel_it_opens(world, client_for, peer):
    person = participant(world.program, card_number="700321")
    client = client_for(peer)
    event = one_event(lambda: client.get("/window/?q=700321&enter=1"))
    assert event.action == "window.panel" and event.object_id == str(person.pk)
    assert "700321" not in json.dumps(event.extra)


def test_a_visit_refused_at_the_window_records_the_panel_shown_again(
    world, client_for, peer, items
):
    person = participant(world.program)
    form = {
        "client_uuid": str(uuid.uuid4()),
        "participant": str(person.pk),
        "site": str(world.site.pk),
        f"item-{items['kit'].pk}": "100000",
    }
    client = client_for(peer)
    event = one_event(lambda: client.post("/window/save/", form), 422)
    assert event.action == "window.panel" and event.object_id == str(person.pk)


def test_window_pages_that_show_no_one_write_nothing(world, client_for, peer):
    stranger = participant(world.other_program, card_number="700777")
    client = client_for(peer)
    no_event(lambda: client.get("/window/"), 200)
    no_event(lambda: client.get("/window/?anonymous=1"), 200)
    no_event(lambda: client.get(f"/window/?participant={stranger.pk}"), 200)
    no_event(
        lambda: client.get(f"/window/panel/?participant={stranger.pk}", HTTP_HX_REQUEST="true"),
        200,
    )


# --- Visit history and single visits -----------------------------------------------------


def test_the_visit_history_records_the_visits_shown(world, client_for, items):
    person = participant(world.program)
    visits = [logged(world, person, {items["kit"]: 1}) for _ in range(3)]
    client = client_for(world.member)
    event = one_event(lambda: client.get(f"/window/history/{person.pk}/"))
    assert_by(event, "encounter.history", world.member, world.program)
    assert (event.object_type, event.object_id) == (PARTICIPANT, str(person.pk))
    assert event.extra == {"count": 3, "page": 1}
    # The page is about the participant; the records it showed are their visits.
    assert shown(event, ENCOUNTER) == [v.pk for v in reversed(visits)]


def test_a_visit_page_and_its_edit_form_are_reads_of_the_visit(world, client_for, items):
    person = participant(world.program)
    encounter = logged(world, person, {items["kit"]: 1})
    staff = client_for(world.member)
    page = one_event(lambda: staff.get(f"/visits/{encounter.pk}/"))
    assert_by(page, "encounter.read", world.member, world.program)
    assert (page.object_type, page.object_id) == (ENCOUNTER, str(encounter.pk))
    assert page.extra == {"participant": person.pk}
    edit = one_event(lambda: staff.get(f"/visits/{encounter.pk}/edit/"))
    assert edit.action == "encounter.read" and edit.extra == {
        "participant": person.pk,
        "page": "edit",
    }


def test_an_anonymous_visit_page_is_recorded_too(world, client_for, items):
    encounter = logged(world, None, {items["kit"]: 1})
    client = client_for(world.member)
    event = one_event(lambda: client.get(f"/visits/{encounter.pk}/"))
    assert event.object_id == str(encounter.pk) and event.extra == {"participant": None}


# --- Refused requests ----------------------------------------------------------------------


def test_another_programs_records_are_not_found_and_not_recorded(world, client_for, items):
    person = participant(world.program)
    encounter = logged(world, person, {items["kit"]: 1})
    outsider = client_for(member(world.other_program, Role.STAFF))
    for url in (
        f"/participants/{person.pk}/",
        f"/participants/{person.pk}/edit/",
        f"/participants/{person.pk}/card/",
        f"/window/history/{person.pk}/",
        f"/visits/{encounter.pk}/",
        f"/visits/{encounter.pk}/edit/",
    ):
        no_event(lambda url=url: outsider.get(url), 404)


def test_a_viewer_is_refused_and_nothing_is_recorded(world, client_for, items):
    person = participant(world.program)
    encounter = logged(world, person, {items["kit"]: 1})
    viewer = client_for(member(world.program, Role.VIEWER))
    for url in (
        "/participants/",
        "/participants/?q=TEST",
        f"/participants/{person.pk}/",
        f"/window/?participant={person.pk}",
        "/window/?q=TEST",
        f"/window/history/{person.pk}/",
        f"/visits/{encounter.pk}/",
    ):
        no_event(lambda url=url: viewer.get(url), 403)


def test_a_peer_is_refused_the_history_and_nothing_is_recorded(world, client_for, peer, items):
    person = participant(world.program)
    encounter = logged(world, person, {items["kit"]: 1})
    client = client_for(peer)
    no_event(lambda: client.get(f"/window/history/{person.pk}/"), 403)
    no_event(lambda: client.get(f"/visits/{encounter.pk}/"), 403)


# --- The API -------------------------------------------------------------------------------


def _api(client, method: str, path: str, raw: str, body=None):
    return client.generic(
        method,
        f"/api/v1{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def test_api_search_records_the_ids_returned(world, client):
    raw, token = device(world.program, "peer")
    found = participant(world.program, alias="Redbird")
    event = one_event(lambda: _api(client, "GET", "/participants?q=redbird", raw))
    assert (event.action, event.program, event.actor_label) == (
        "participant.search",
        world.program,
        f"device {token.pk}",
    )
    assert event.extra == {"count": 1} and shown(event) == [found.pk]
    assert "redbird" not in json.dumps(event.extra).lower()


def test_api_visit_list_and_read_record_the_visits(world, client, items):
    raw, _ = device(world.program, "staff")
    person = participant(world.program)
    encounters = [logged(world, person, {items["kit"]: 1}) for _ in range(2)]
    listed = one_event(lambda: _api(client, "GET", f"/visits?participant_id={person.pk}", raw))
    assert (listed.action, listed.program, listed.object_type) == (
        "encounter.list",
        world.program,
        ENCOUNTER,
    )
    assert listed.extra["count"] == 2
    assert shown(listed, ENCOUNTER) == [e.pk for e in reversed(encounters)]
    one = one_event(lambda: _api(client, "GET", f"/visits/{encounters[0].pk}", raw))
    assert (one.action, one.object_id, one.extra) == (
        "encounter.read",
        str(encounters[0].pk),
        {"participant": person.pk},
    )
    other = participant(world.other_program)
    no_event(lambda: _api(client, "GET", f"/participants/{other.pk}", raw), 404)


def test_an_api_replay_that_returns_the_stored_visit_is_recorded(world, client, items):
    raw, _ = device(world.program, "peer")
    body = {
        "client_uuid": str(uuid.uuid4()),
        "site_id": world.site.pk,
        "items": [{"item_id": items["kit"].pk, "quantity": 1}],
    }
    created, events = written_by(lambda: _api(client, "POST", "/visits", raw, body))
    assert created.status_code == 201 and [e.action for e in events] == ["encounter.create"]
    event = one_event(lambda: _api(client, "POST", "/visits", raw, body))
    assert event.action == "encounter.read" and event.object_id == str(created.json()["id"])
    assert event.extra == {"participant": None, "replay": True}


# --- The audit trail shows them ------------------------------------------------------------


def test_the_audit_trail_lists_reads_by_action_and_record_type(world, client_for, peer):
    person = participant(world.program, alias="Sunny")
    client = client_for(peer)
    client.get("/window/?q=sunny")
    client.get(f"/window/?participant={person.pk}")
    admin = client_for(world.owner)
    window = admin.get("/audit/", {"action": "window."}).content.decode()
    assert "<code>window.panel</code>" in window and "<code>window.search</code>" in window
    assert "sunny" not in window.lower()
    lists = admin.get("/audit/", {"object_type": PARTICIPANT}).content.decode()
    assert "<code>window.search</code>" in lists and "<code>window.panel</code>" in lists
