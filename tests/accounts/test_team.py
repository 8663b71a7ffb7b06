import pytest
from django.urls import reverse

from tests.factories import member
from waypoint.core.models import Membership, Role

URL = reverse("accounts:team")


def test_it_lists_members_and_open_invitations(world, client_for, make_invitation):
    make_invitation(world.program, "waiting@example.org", Role.PEER)
    make_invitation(world.program, "gone@example.org", age_days=30)
    make_invitation(world.other_program, "elsewhere@example.org")
    Membership.unscoped.filter(user=world.member).update(is_active=False)

    response = client_for(world.owner).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert world.owner.email in page
    assert world.member.email in page
    assert "deactivated" in page
    assert "waiting@example.org" in page
    assert "gone@example.org" not in page  # expired
    assert "elsewhere@example.org" not in page
    assert world.outsider.email not in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF, Role.PEER, Role.VIEWER])
def test_it_refuses_roles_below_admin(world, client_for, role):
    response = client_for(member(world.program, role)).get(URL)
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_shows_only_the_current_program(world, client_for):
    response = client_for(world.outsider).get(URL)
    page = response.content.decode()
    assert world.outsider.email in page
    assert world.owner.email not in page


def test_its_query_count_does_not_grow_with_the_team(
    world, client_for, django_assert_max_num_queries, make_invitation
):
    client = client_for(world.owner)
    client.get(URL)  # warm the session
    for n in range(10):
        member(world.program, Role.STAFF)
        make_invitation(world.program, f"invitee{n}@example.org")
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.content.decode().count('data-testid="member-') == 12
