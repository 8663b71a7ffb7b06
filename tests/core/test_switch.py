from waypoint.core.models import Role

from ..factories import MembershipFactory, SiteFactory


def test_member_of_two_programs_switches(world, client_for):
    MembershipFactory(user=world.member, program=world.other_program, role=Role.PEER)
    client = client_for(world.member)
    assert client.get("/").context["current_program"] == world.program
    client.post("/switch/", {"program": world.other_program.pk})
    response = client.get("/")
    assert response.context["current_program"] == world.other_program
    assert response.context["membership"].role == Role.PEER


def test_cannot_switch_to_a_program_without_membership(world, client_for):
    client = client_for(world.member)
    response = client.post("/switch/", {"program": world.other_program.pk}, follow=True)
    assert "You are not a member of that program." in response.content.decode()
    assert client.get("/").context["current_program"] == world.program


def test_site_switch_is_limited_to_the_current_program(world, client_for):
    second = SiteFactory(program=world.program, name="Van")
    client = client_for(world.member)
    client.post("/switch/", {"site": second.pk})
    assert client.get("/").context["current_site"] == second
    response = client.post("/switch/", {"site": world.other_site.pk}, follow=True)
    assert "not part of your current program" in response.content.decode()
    assert client.get("/").context["current_site"] == second


def test_switch_never_redirects_off_site(world, client_for):
    response = client_for(world.member).post(
        "/switch/", {"site": world.site.pk, "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/"


def test_user_without_program_sees_a_plain_explanation(db, client_for):
    from ..factories import UserFactory

    response = client_for(UserFactory()).get("/")
    assert response.status_code == 403
    assert "not part of a program yet" in response.content.decode()
