from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Membership, Role

NEW_PASSWORD = "blue kettle on the windowsill"


def _url(raw: str) -> str:
    return reverse("accounts:accept_invitation", args=[raw])


def _form(password=NEW_PASSWORD, again=None, name="Sam"):
    return {
        "display_name": name,
        "password1": password,
        "password2": password if again is None else again,
    }


def test_it_shows_the_program_and_role(world, client, make_invitation):
    _invitation, raw = make_invitation(world.program, role=Role.PEER)
    response = client.get(_url(raw))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Join Program A" in page
    assert "Peer worker" in page
    assert "new.person@example.org" in page


def test_a_new_person_gets_an_account_and_is_signed_in(world, client, make_invitation):
    invitation, raw = make_invitation(world.program, role=Role.PEER, invited_by=world.owner)

    response = client.post(_url(raw), _form())

    assert response.status_code == 302
    assert response["Location"] == reverse("today:home")
    user = get_user_model().objects.get(email="new.person@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.display_name == "Sam"
    membership = Membership.unscoped.get(user=user)
    assert (membership.program, membership.role, membership.is_active) == (
        world.program,
        Role.PEER,
        True,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

    home = client.get(reverse("today:home"))
    assert home.status_code == 200
    assert home.context["user"] == user
    assert "Welcome to Program A" in home.content.decode()

    event = AuditEvent.unscoped.get(action="membership.accept")
    assert event.actor == user
    assert event.program == world.program
    assert event.extra["new_account"] is True
    assert AuditEvent.unscoped.filter(action="auth.login", actor=user).exists()


def test_a_new_admin_is_sent_to_set_up_the_second_step(world, client, make_invitation):
    _invitation, raw = make_invitation(world.program, role=Role.ADMIN)
    client.post(_url(raw), _form())
    response = client.get(reverse("today:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_weak_password_is_refused_with_a_clear_reason(world, client, make_invitation):
    invitation, raw = make_invitation(world.program)
    response = client.post(_url(raw), _form(password="12345678"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This password is too short" in page
    assert "This password is entirely numeric" in page
    assert not get_user_model().objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_different_passwords_are_refused(world, client, make_invitation):
    invitation, raw = make_invitation(world.program)
    response = client.post(_url(raw), _form(again=NEW_PASSWORD + "x"))
    assert response.status_code == 400
    assert "The two passwords are not the same" in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_a_password_like_the_email_is_refused(world, client, make_invitation):
    _invitation, raw = make_invitation(world.program, email="riverbank.walker@example.org")
    response = client.post(_url(raw), _form(password="riverbank.walker"))
    assert response.status_code == 400
    assert "too similar" in response.content.decode()


def test_an_existing_user_must_sign_in_first(world, client, make_invitation):
    _invitation, raw = make_invitation(world.program, email=world.outsider.email, role=Role.VIEWER)
    response = client.get(_url(raw))
    assert response.status_code == 200
    assert "Sign in to accept" in response.content.decode()
    assert f"{reverse('account_login')}?next=%2Finvite%2F{raw}%2F" in response.content.decode()

    client.post(_url(raw), _form())
    assert not Membership.unscoped.filter(user=world.outsider, program=world.program).exists()
    assert world.outsider.check_password(PASSWORD)


def test_signing_in_brings_the_person_back_to_the_invitation(world, client, make_invitation):
    elsewhere = member(world.other_program, Role.STAFF)
    _invitation, raw = make_invitation(world.program, email=elsewhere.email)
    login_url = client.get(_url(raw)).context["login_url"]

    response = client.post(login_url, {"login": elsewhere.email, "password": PASSWORD})

    assert response["Location"] == _url(raw)
    client.post(_url(raw))
    assert Membership.unscoped.filter(
        user=elsewhere, program=world.program, is_active=True
    ).exists()


def test_an_existing_user_signed_in_accepts(world, client_for, make_invitation):
    invitation, raw = make_invitation(world.program, email=world.outsider.email, role=Role.VIEWER)
    client = client_for(world.outsider)
    assert "Join Program A" in client.get(_url(raw)).content.decode()

    response = client.post(_url(raw))

    assert response.status_code == 302
    membership = Membership.unscoped.get(user=world.outsider, program=world.program)
    assert membership.role == Role.VIEWER
    assert client.get(reverse("today:home")).context["current_program"] == world.program
    event = AuditEvent.unscoped.get(action="membership.accept")
    assert event.extra["new_account"] is False


def test_someone_signed_in_as_another_user_cannot_accept(world, client_for, make_invitation):
    invitation, raw = make_invitation(world.program, email=world.outsider.email)
    stranger = UserFactory()
    client = client_for(stranger)
    response = client.post(_url(raw))
    assert response.status_code == 403
    assert "You are signed in as" in response.content.decode()
    assert not Membership.unscoped.filter(
        program=world.program, user__in=[stranger, world.outsider]
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_signed_in_user_cannot_take_a_new_persons_invitation(world, client_for, make_invitation):
    _invitation, raw = make_invitation(world.program)
    response = client_for(world.outsider).post(_url(raw), _form())
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()


def test_it_reactivates_a_former_member_with_the_invited_role(world, client_for, make_invitation):
    Membership.unscoped.filter(user=world.member).update(is_active=False)
    _invitation, raw = make_invitation(
        world.program, email=world.member.email, role=Role.COORDINATOR
    )
    client_for(world.member).post(_url(raw))
    membership = Membership.unscoped.get(user=world.member, program=world.program)
    assert (membership.is_active, membership.role) == (True, Role.COORDINATOR)


def test_a_used_link_cannot_be_used_again(world, client, make_invitation):
    _invitation, raw = make_invitation(world.program)
    client.post(_url(raw), _form())
    again = client.get(_url(raw))
    assert again.status_code == 410
    assert "It was already used" in again.content.decode()


def test_an_expired_link_gets_a_plain_message(world, client, make_invitation):
    _invitation, raw = make_invitation(world.program, age_days=8)
    response = client.get(_url(raw))
    assert response.status_code == 410
    assert "It has expired." in response.content.decode()
    response = client.post(_url(raw), _form())
    assert response.status_code == 410
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()


def test_an_unknown_link_gets_a_plain_message(db, client):
    response = client.get(_url("not-a-real-token"))
    assert response.status_code == 404
    assert "We do not recognise this link" in response.content.decode()
