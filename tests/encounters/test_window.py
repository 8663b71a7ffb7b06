"""The window page and its save: what a peer or staff member sees and what gets stored."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.factories import member
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.encounters.services import log_encounter
from waypoint.supplies.models import StockBalance, SupplyItem

from .helpers import catalog, participant, visit


@pytest.fixture
def items(world):
    return catalog(world.program)


@pytest.fixture
def peer(world):
    return member(world.program, Role.PEER)


def client_uuid_of(html: str) -> str:
    return re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', html).group(1)


def form_for(response) -> dict:
    return {"client_uuid": client_uuid_of(response.content.decode()), "site": ""}


def test_the_empty_window_has_an_autofocused_search(world, client_for, peer):
    html = client_for(peer).get("/window/").content.decode()
    assert re.search(r'<input id="window-q"[^>]*autofocus', html)
    assert "Anonymous visit" in html and 'name="client_uuid"' not in html


def test_a_participant_panel_shows_the_last_visit_and_same_as_last_time(
    world, client_for, peer, items
):
    person = participant(world.program, alias="Sunny")
    with program_scope(world.program):
        log_encounter(world.program, visit(world.site, participant=person, items={items["kit"]: 2}))
    html = client_for(peer).get(f"/window/?participant={person.pk}").content.decode()
    assert "Sunny" in html and "2 × Syringe kit" in html
    assert 'data-testid="same-as-last"' in html
    assert 'data-last="2"' in html
    assert "All visits" not in html  # peers see the last visit only


def test_same_as_last_time_prefills_without_javascript(world, client_for, peer, items):
    person = participant(world.program)
    with program_scope(world.program):
        log_encounter(world.program, visit(world.site, participant=person, items={items["kit"]: 3}))
    html = client_for(peer).get(f"/window/?participant={person.pk}&prefill=last").content.decode()
    assert re.search(rf'name="item-{items["kit"].pk}"[^>]*value="3"', html)


def test_saving_the_form_stores_one_visit_even_when_sent_twice(world, client_for, peer, items):
    person = participant(world.program)
    client = client_for(peer)
    form = form_for(client.get(f"/window/?participant={person.pk}"))
    form.update(
        {"participant": person.pk, f"item-{items['kit'].pk}": "2", f"item-{items['strip'].pk}": "0"}
    )
    first = client.post("/window/save/", form)
    second = client.post("/window/save/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    with program_scope(world.program):
        encounter = Encounter.objects.get()
    assert (
        encounter.participant == person and encounter.site == world.site and encounter.staff == peer
    )
    assert encounter.syringes_given == 20
    assert StockBalance.unscoped.get(item=items["kit"]).on_hand == -2
    page = client.get(first["Location"]).content.decode()
    assert "Visit saved for" in page and "already saved" in page


def test_every_render_carries_a_new_client_uuid(world, client_for, peer):
    client = client_for(peer)
    first = client_uuid_of(client.get("/window/?anonymous=1").content.decode())
    second = client_uuid_of(client.get("/window/?anonymous=1").content.decode())
    assert first != second


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"item": "-2"}, "cannot be negative"),
        ({"item": "5000"}, "more than the 20"),
        ({"item": "lots"}, "not a whole number"),
        ({"occurred_at": "2999-01-01T10:00"}, "in the future"),
        ({"collection_method": "weight", "pounds": "a bag"}, "pounds"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    world, client_for, peer, items, change, message
):
    client = client_for(peer)
    form = form_for(client.get("/window/?anonymous=1"))
    form[f"item-{items['kit'].pk}"] = change.pop("item", "1")
    form.update(change)
    response = client.post("/window/save/", form)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and 'data-testid="visit-errors"' in html
    assert client_uuid_of(html) == form["client_uuid"]
    assert not Encounter.unscoped.exists() and not StockBalance.unscoped.exists()


def test_unknown_or_inactive_items_and_other_programs_are_refused(world, client_for, peer, items):
    client = client_for(peer)
    theirs = catalog(world.other_program)
    SupplyItem.unscoped.filter(pk=items["smoking"].pk).update(is_active=False)
    cases = [
        ({f"item-{theirs['kit'].pk}": "1"}, "not in this program"),
        ({f"item-{items['smoking'].pk}": "1"}, "no longer handed out"),
        ({"site": world.other_site.pk}, "open sites"),
        ({"participant": participant(world.other_program).pk}, "not in this program"),
    ]
    for fields, message in cases:
        form = {"client_uuid": str(uuid.uuid4()), **fields}
        response = client.post("/window/save/", form)
        assert response.status_code == 422 and message in response.content.decode(), fields
    assert not Encounter.unscoped.exists()


def test_a_deceased_participants_visit_is_refused(world, client_for, peer, items):
    closed = participant(world.program, status="deceased")
    client = client_for(peer)
    panel = client.get(f"/window/?participant={closed.pk}").content.decode()
    assert "marked deceased" in panel and 'name="client_uuid"' not in panel
    response = client.post(
        "/window/save/",
        {
            "client_uuid": str(uuid.uuid4()),
            "participant": closed.pk,
            f"item-{items['kit'].pk}": "1",
        },
    )
    assert response.status_code == 422 and "marked deceased" in response.content.decode()
    assert not Encounter.unscoped.exists()


def test_a_refill_with_a_used_kit_stores_a_reversal_report(world, client_for, peer, items):
    from waypoint.overdoses.models import OverdoseReport

    client = client_for(peer)
    form = form_for(client.get("/window/?anonymous=1"))
    form.update(
        {
            f"item-{items['naloxone'].pk}": "1",
            "kit_outcome": "used_overdose",
            "od-relationship": "friend",
            "od-naloxone_worked": "yes",
            "od-called_911": "",
            "od-naloxone_doses": "2",
            "od-area": "45202",
        }
    )
    assert client.post("/window/save/", form).status_code == 302
    report = OverdoseReport.unscoped.get()
    assert (
        report.relationship == "friend"
        and report.naloxone_worked is True
        and report.called_911 is None
    )


def test_the_window_page_query_count_does_not_grow(
    world, client_for, peer, items, django_assert_num_queries
):
    person = participant(world.program)
    client = client_for(peer)
    url = f"/window/?participant={person.pk}"
    with program_scope(world.program):
        log_encounter(world.program, visit(world.site, participant=person, items={items["kit"]: 1}))
    client.get(url)  # session and caches warm
    with django_assert_num_queries(QUERIES_WITH_PARTICIPANT):
        assert client.get(url).status_code == 200
    SupplyItem.unscoped.bulk_create(
        SupplyItem(
            program=world.program, name=f"Extra {n}", category="hygiene", is_quick=n % 2 == 0
        )
        for n in range(40)
    )
    with program_scope(world.program):
        for _ in range(30):
            log_encounter(
                world.program,
                visit(world.site, participant=person, items={items["kit"]: 1, items["strip"]: 2}),
            )
    with django_assert_num_queries(QUERIES_WITH_PARTICIPANT):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(QUERIES_EMPTY):
        assert client.get("/window/").status_code == 200


# Session, user, memberships, analyst grants, the program's sites (the current one and
# the header's switcher, one query); then participant, catalog, last visit + its lines, sites, settings; and the
# one INSERT of the read's audit event (window.panel), which was 12 before reads were
# audited. The empty window shows no one and writes no event.
QUERIES_EMPTY = 5
QUERIES_WITH_PARTICIPANT = 12


def test_enter_on_an_exact_card_number_opens_the_visit_form(world, client_for, peer):
    person = participant(world.program, card_number="700321", alias="Red")
    client = client_for(peer)
    page = client.get("/window/?q=700321&enter=1").content.decode()
    assert 'data-testid="visit-who"' in page and person.code in page and 'data-focus="save"' in page
    partial = client.get("/window/panel/?q=700321&enter=1", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'name="client_uuid"' in partial


def test_typing_lists_matches_without_opening_one(world, client_for, peer):
    participant(world.program, card_number="700321", alias="Redbird")
    participant(world.program, alias="Red")
    client = client_for(peer)
    partial = client.get("/window/panel/?q=red", HTTP_HX_REQUEST="true").content.decode()
    assert "2 matches" in partial and 'name="client_uuid"' not in partial
    nothing = client.get("/window/panel/?q=zzz&enter=1", HTTP_HX_REQUEST="true").content.decode()
    assert "Nobody matches" in nothing


def test_a_plain_request_for_the_panel_gets_the_whole_page(world, client_for, peer):
    response = client_for(peer).get("/window/panel/?anonymous=1")
    assert response.status_code == 302 and response["Location"] == "/window/?anonymous=1"


def test_another_programs_participant_is_not_shown(world, client_for, peer):
    stranger = participant(world.other_program, card_number="700777")
    client = client_for(peer)
    assert stranger.code not in client.get(f"/window/?participant={stranger.pk}").content.decode()
    assert "Nobody matches" in client.get("/window/?q=700777&enter=1").content.decode()


def test_the_card_search_query_count_does_not_grow(
    world, client_for, peer, items, django_assert_max_num_queries
):
    person = participant(world.program, card_number="700999")
    client = client_for(peer)
    url = "/window/?q=700999&enter=1"
    client.get(url)
    with program_scope(world.program):
        for _ in range(20):
            log_encounter(
                world.program, visit(world.site, participant=person, items={items["kit"]: 1})
            )
    for n in range(30):
        participant(world.program, alias=f"Other {n}")
    with django_assert_max_num_queries(QUERIES_WITH_PARTICIPANT + SEARCH_QUERIES):
        assert client.get(url).status_code == 200


# find_for_window: card number, code, code prefix, alias.
SEARCH_QUERIES = 4


def test_the_search_results_query_count_does_not_grow(
    world, client_for, peer, django_assert_num_queries
):
    participant(world.program, alias="Redbird")
    client = client_for(peer)
    client.get("/window/?q=red")
    with django_assert_num_queries(QUERIES_SEARCH_RESULTS):
        assert client.get("/window/?q=red").status_code == 200
    for n in range(30):
        participant(world.program, alias=f"Red {n}")
    with django_assert_num_queries(QUERIES_SEARCH_RESULTS):
        assert client.get("/window/?q=red").status_code == 200
    with django_assert_num_queries(QUERIES_SEARCH_RESULTS - 1):
        assert client.get("/window/?q=zzz").status_code == 200


# An alias search: the 6 of the empty window, the four steps of find_for_window, the
# window.search event's INSERT and one INSERT of the records it showed (its subjects, up
# to 8 rows in one statement; 11 before they were written). A search that finds no one
# writes the event alone, so it stays at 11.
QUERIES_SEARCH_RESULTS = 11
