"""The audit viewer: program admins only, their own program only, filters and pages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from waypoint.audit.services import scrub_old_events
from waypoint.core.models import Role

from ..factories import member
from .conftest import at

URL = "/audit/"


def _actions(response) -> list[str]:
    """The actions listed, in page order."""
    assert response.status_code == 200
    row = r"<td>\d{4}-\d\d-\d\d [\d:]+</td>\s*<td><code>([^<]+)</code></td>"
    return re.findall(row, response.content.decode())


@pytest.fixture
def trail(world, event_at):
    """A small trail in program A and one event in program B."""
    coordinator = member(world.program, Role.COORDINATOR)
    event_at(at(2025, 3, 1), "site.create", actor=world.owner, obj=world.site)
    event_at(at(2025, 3, 10), "site.update", actor=coordinator, obj=world.site)
    event_at(at(2025, 3, 20), "account.login", actor=world.member, program=world.program)
    event_at(
        at(2025, 4, 2),
        "participant.view",
        actor=world.member,
        program=world.program,
        object_type="participants.participant",
        object_id="42",
    )
    event_at(at(2025, 3, 10), "site.update", actor=world.outsider, obj=world.other_site)
    return coordinator


def test_admin_sees_the_programs_events_newest_first(world, client_for, trail):
    response = client_for(world.owner).get(URL)
    assert _actions(response) == ["participant.view", "account.login", "site.update", "site.create"]


def test_admin_of_another_program_never_sees_this_programs_events(world, client_for, trail):
    client = client_for(world.outsider)
    assert _actions(client.get(URL)) == ["site.update"]
    # Not by asking for program A's record or people either.
    assert _actions(client.get(URL, {"object_type": "core.site", "object_id": world.site.pk})) == []
    refused = client.get(URL, {"actor": world.member.pk})
    assert _actions(refused) == []
    assert "Select a valid choice" in refused.content.decode()
    # Program A's people are not offered in the person filter; B's own admin is.
    select = re.search(r'<select name="actor".*?</select>', client.get(URL).content.decode(), re.S)
    options = re.findall(r'<option value="(\d+)"', select.group(0))
    assert options == [str(world.outsider.pk)]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF, Role.PEER, Role.VIEWER])
def test_roles_below_admin_get_403(world, client_for, trail, role):
    response = client_for(member(world.program, role)).get(URL)
    assert response.status_code == 403
    assert "participant.view" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(world):
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_filter_by_action_prefix(world, client_for, trail):
    response = client_for(world.owner).get(URL, {"action": "site."})
    assert _actions(response) == ["site.update", "site.create"]


def test_filter_by_person(world, client_for, trail):
    client = client_for(world.owner)
    assert _actions(client.get(URL, {"actor": world.member.pk})) == [
        "participant.view",
        "account.login",
    ]
    assert _actions(client.get(URL, {"actor": trail.pk})) == ["site.update"]


def test_filter_by_record(world, client_for, trail):
    client = client_for(world.owner)
    by_type = client.get(URL, {"object_type": "core.site"})
    assert _actions(by_type) == ["site.update", "site.create"]
    by_record = client.get(URL, {"object_type": "participants.participant", "object_id": "42"})
    assert _actions(by_record) == ["participant.view"]
    assert _actions(client.get(URL, {"object_id": "43"})) == []


def test_filter_by_date_range_includes_both_ends(world, client_for, trail):
    client = client_for(world.owner)
    march = client.get(URL, {"since": "2025-03-10", "until": "2025-03-20"})
    assert _actions(march) == ["account.login", "site.update"]
    assert _actions(client.get(URL, {"since": "2025-04-01"})) == ["participant.view"]
    assert _actions(client.get(URL, {"until": "2025-03-01"})) == ["site.create"]


def test_filters_combine(world, client_for, trail):
    response = client_for(world.owner).get(
        URL, {"action": "site.", "actor": trail.pk, "since": "2025-03-05"}
    )
    assert _actions(response) == ["site.update"]


def test_inverted_date_range_is_explained_and_lists_nothing(world, client_for, trail):
    response = client_for(world.owner).get(URL, {"since": "2025-04-01", "until": "2025-03-01"})
    html = response.content.decode()
    assert _actions(response) == []
    assert "The start date must be on or before the end date." in html
    assert 'role="alert"' in html
    assert "Correct the filters above to see events." in html


def test_pages_of_fifty_keep_the_filters(world, client_for, event_at):
    for n in range(51):
        event_at(
            at(2025, 5, 1, hour=n % 24),
            f"bulk.event{n:02d}",
            actor=world.owner,
            program=world.program,
        )
    event_at(at(2025, 5, 2), "other.event", actor=world.owner, program=world.program)
    client = client_for(world.owner)

    first = client.get(URL, {"action": "bulk."})
    assert len(_actions(first)) == 50
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert "action=bulk.&amp;page=2" in html

    second = client.get(URL, {"action": "bulk.", "page": 2})
    assert len(_actions(second)) == 1
    assert "Page 2 of 2" in second.content.decode()
    listed = set(_actions(first)) | set(_actions(second))
    assert listed == {f"bulk.event{n:02d}" for n in range(51)}


def test_page_queries_do_not_grow_with_events(world, client_for, event_at):
    client = client_for(world.owner)
    event_at(at(2025, 5, 1), "one.event", actor=world.owner, program=world.program)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(20):
        person = member(world.program, Role.STAFF)
        event_at(at(2025, 5, 2), f"more.event{n}", actor=person, program=world.program)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(_actions(response)) == 21
    assert len(many.captured_queries) == len(few.captured_queries)


def test_scrubbed_event_says_its_details_were_removed(world, client_for, event_at):
    event_at(
        at(2020, 1, 1), "site.update", actor=world.owner, obj=world.site, extra={"name": "Old"}
    )
    scrub_old_events(older_than_days=30)
    html = client_for(world.owner).get(URL).content.decode()
    assert "details removed (retention)" in html
    assert "Old" not in html.split("<tbody>")[1]
