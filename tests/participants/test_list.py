"""The participant list: its query count does not grow with the number of participants."""

from __future__ import annotations

import pytest

from tests.encounters.helpers import participant

pytestmark = pytest.mark.django_db


def test_the_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    participant(world.program, alias="Wren")
    client = client_for(world.member)
    client.get("/participants/")
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get("/participants/").status_code == 200
    for n in range(60):
        participant(world.program, alias=f"Wren {n}")
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get("/participants/").status_code == 200
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get("/participants/", {"q": "wren 1"}).status_code == 200
    with django_assert_num_queries(QUERIES_LIST - 1):
        assert client.get("/participants/", {"q": "nobody"}).status_code == 200


# Session, user, memberships, analyst grants, current site, the site switcher (base
# template); the page of participants; the participant.list (or .search) event's INSERT
# and one INSERT of the records it showed (its subjects, up to 50 rows in one statement;
# 8 before they were written). A search that finds no one writes the event alone.
QUERIES_LIST = 8
