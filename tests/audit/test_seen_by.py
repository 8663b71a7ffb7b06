"""Who has seen this participant: the audit trail finds every event that read them.

A read names the participant, or one of their visits, as its record; or a list or search
showed them or one of their visits (the event's subjects). Program admins only, their
own program's participants only; retention scrubbing takes the subjects away.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from tests.encounters.helpers import catalog, device, participant, visit
from tests.factories import member
from waypoint.audit.models import AuditEvent, AuditSubject
from waypoint.audit.services import log_event, scrub_old_events
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.services import log_encounter
from waypoint.participants.services import merge_participants

from .test_person_reads import _api

pytestmark = pytest.mark.django_db

URL = "/audit/"
REFUSED = "This program has no participant with that record number."


def listed(response) -> list[int]:
    """The ids of the events on the page, in page order."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<tr data-event="(\d+)">', response.content.decode())]


def during(call) -> tuple[object, set[int]]:
    """What ``call()`` returned, and the ids of the events written while it ran."""
    before = AuditEvent.unscoped.aggregate(last=Max("id"))["last"] or 0
    result = call()
    return result, set(AuditEvent.unscoped.filter(pk__gt=before).values_list("pk", flat=True))


def written(call) -> set[int]:
    """The ids of the events a request wrote (it must succeed)."""
    response, events = during(call)
    assert response.status_code == 200, response.content[:300]
    return events


@pytest.fixture
def items(world):
    return catalog(world.program)


@pytest.fixture
def reads(world, client_for, items):
    """Reads of participant X and of participant Y, as staff, a peer and a device make
    them: ``reads.x``/``reads.y`` are the ids of the events about each, ``reads.both``
    those about both (a search that showed them together)."""
    x = participant(world.program, alias="Sparrow")
    y = participant(world.program, alias="Sparrowhawk")
    others = [participant(world.program, alias=f"Sparrow {n}") for n in range(2)]
    staff = client_for(world.member)
    peer = client_for(member(world.program, Role.PEER))
    raw, _ = device(world.program, "staff")

    def logged(person):
        with program_scope(world.program):
            data = visit(world.site, participant=person, items={items["kit"]: 1})
            return log_encounter(world.program, data, actor=world.member).encounter

    # Logging a visit is an event about it too (encounter.create).
    y_visit, y_events = during(lambda: logged(y))
    x_first, x_events = during(lambda: logged(x))
    x_last, more = during(lambda: logged(x))
    x_events |= more
    x_events |= written(lambda: peer.get(f"/window/?participant={x.pk}"))  # the panel
    x_events |= written(lambda: staff.get(f"/window/history/{x.pk}/"))  # the history
    x_events |= written(lambda: staff.get(f"/visits/{x_first.pk}/"))  # one visit
    # The API's newest visit is X's last: a list that showed one of X's visits.
    api_list = written(lambda: _api(staff, "GET", "/visits?limit=1", raw))
    x_events |= api_list
    # A search that showed X among others (Y too).
    both = written(lambda: staff.get("/participants/", {"q": "sparrow"}))
    assert set(
        AuditSubject.unscoped.filter(event__in=both).values_list("object_id", flat=True)
    ) == {str(p.pk) for p in [x, y, *others]}
    y_events |= written(lambda: peer.get(f"/window/?participant={y.pk}"))
    y_events |= written(lambda: staff.get(f"/visits/{y_visit.pk}/"))
    y_events |= written(lambda: staff.get("/window/", {"q": "sparrowhawk"}))  # Y alone
    y_events |= written(lambda: _api(staff, "GET", f"/visits?participant_id={y.pk}", raw))
    # Another kind of record that happens to carry X's number is not X.
    log_event(
        "test.other",
        program=world.program,
        object_type="core.site",
        object_id=x.pk,
        shown=("core.site", [x.pk]),
    )
    return SimpleNamespace(
        x_person=x,
        y_person=y,
        x_visits=[x_first, x_last],
        x=x_events,
        y=y_events,
        both=both,
        api_list=api_list,
    )


def test_an_admin_finds_every_read_of_the_participant_and_no_other(world, client_for, reads):
    client = client_for(world.owner)
    found = listed(client.get(URL, {"participant": reads.x_person.pk}))
    assert set(found) == reads.x | reads.both
    assert found == sorted(found, reverse=True)  # newest first, each event once
    actions = {e.action for e in AuditEvent.unscoped.filter(pk__in=found)}
    assert actions == {
        "encounter.create",
        "window.panel",
        "encounter.history",
        "encounter.read",
        "encounter.list",
        "participant.search",
    }
    other = listed(client.get(URL, {"participant": reads.y_person.pk}))
    assert set(other) == reads.y | reads.both


def test_the_page_names_the_record_and_what_each_list_showed(world, client_for, reads):
    html = client_for(world.owner).get(URL, {"participant": reads.x_person.pk}).content.decode()
    assert f"Who has seen participant record {reads.x_person.pk}" in html
    assert f'href="/participants/{reads.x_person.pk}/"' in html
    shown = re.findall(r'<code data-testid="shown">([^<]+)</code>', html)
    assert f"encounters.encounter {reads.x_visits[-1].pk}" in shown
    # No person-level data: the record number, never the code or alias.
    assert reads.x_person.code not in html and "Sparrow" not in html


def test_the_participant_filter_combines_with_the_others(world, client_for, reads):
    client = client_for(world.owner)
    by_peer = listed(client.get(URL, {"participant": reads.x_person.pk, "action": "window."}))
    assert [AuditEvent.unscoped.get(pk=pk).action for pk in by_peer] == ["window.panel"]


def test_visits_moved_by_a_merge_and_the_merged_record_count_as_the_person(
    world, client_for, items
):
    keep = participant(world.program)
    drop = participant(world.program)
    staff = client_for(world.member)
    with program_scope(world.program):
        moved = log_encounter(
            world.program, visit(world.site, participant=drop, items={items["kit"]: 1})
        ).encounter
    before = written(lambda: staff.get(f"/visits/{moved.pk}/"))
    before |= written(lambda: staff.get(f"/participants/{drop.pk}/"))
    with program_scope(world.program):
        merge_participants(keep, drop, actor=world.owner)
    client = client_for(world.owner)
    for asked in (keep, drop):
        found = set(listed(client.get(URL, {"participant": asked.pk})))
        assert before <= found
        assert "participant.merge" in {e.action for e in AuditEvent.unscoped.filter(pk__in=found)}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF, Role.PEER, Role.VIEWER])
def test_roles_below_admin_cannot_ask(world, client_for, reads, role):
    response = client_for(member(world.program, role)).get(URL, {"participant": reads.x_person.pk})
    assert response.status_code == 403
    assert "window.panel" not in response.content.decode()


def test_another_programs_admin_learns_nothing(world, client_for, reads):
    client = client_for(world.outsider)
    theirs = client.get(URL, {"participant": reads.x_person.pk})
    assert listed(theirs) == []
    html = theirs.content.decode()
    assert REFUSED in html and "Correct the filters above to see events." in html
    # The same answer as for a number no participant has.
    unused = reads.x_person.pk + 1000
    nobody = client.get(URL, {"participant": unused}).content.decode()
    typed = re.compile(r'(name="participant"[^>]*value=")\d+"')

    def main(page: str) -> str:
        body = re.search(r"<main\b.*</main>", page, re.S).group(0)
        assert typed.search(body)  # the number typed is shown back, and only there
        return typed.sub(r'\1N"', body)

    assert main(html) == main(nobody)


def test_a_number_that_is_not_a_participant_is_refused(world, client_for, reads):
    client = client_for(world.owner)
    for value in ("0", "abc", str(2**70)):
        response = client.get(URL, {"participant": value})
        assert listed(response) == []
        assert "Correct the filters above to see events." in response.content.decode()


def test_scrubbing_takes_away_what_lists_showed(world, client_for, reads):
    assert AuditSubject.unscoped.exists()
    scrub_old_events(older_than_days=0)
    assert not AuditSubject.unscoped.exists()
    found = set(listed(client_for(world.owner).get(URL, {"participant": reads.x_person.pk})))
    # Events that name X or X's visit keep their record (who did what to which record
    # stays); which records a list or search showed is gone with its details.
    assert found == reads.x - reads.api_list


def test_pages_of_fifty_keep_the_participant(world, client_for):
    person = participant(world.program)
    for n in range(51):
        log_event(
            f"bulk.read{n:02d}",
            program=world.program,
            object_type="participants.participant",
            shown=("participants.participant", [person.pk]),
        )
    client = client_for(world.owner)
    first = client.get(URL, {"participant": person.pk})
    assert len(listed(first)) == 50
    assert f"participant={person.pk}&amp;page=2" in first.content.decode()
    assert len(listed(client.get(URL, {"participant": person.pk, "page": 2}))) == 1


def test_queries_do_not_grow_with_events_or_records_shown(world, client_for):
    person = participant(world.program)
    others = [participant(world.program) for _ in range(30)]
    client = client_for(world.owner)

    def read(n: int) -> None:
        log_event(
            "participant.list",
            program=world.program,
            shown=("participants.participant", [person.pk, *[p.pk for p in others[:n]]]),
        )

    read(0)
    client.get(URL, {"participant": person.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"participant": person.pk})
    for _ in range(20):
        read(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"participant": person.pk})
    assert len(listed(response)) == 21
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_participant_page_links_admins_to_who_has_seen_it(world, client_for):
    person = participant(world.program)
    page = client_for(world.owner).get(f"/participants/{person.pk}/").content.decode()
    assert f'href="/audit/?participant={person.pk}" data-testid="seen-by-link"' in page
    for role in (Role.COORDINATOR, Role.STAFF, Role.PEER):
        page = client_for(member(world.program, role)).get(f"/participants/{person.pk}/")
        assert page.status_code == 200 and "seen-by-link" not in page.content.decode()
