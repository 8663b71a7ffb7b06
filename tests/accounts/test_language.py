from django.urls import reverse

from waypoint.audit.models import AuditEvent

URL = reverse("accounts:set_language")


def test_it_saves_the_language_on_the_signed_in_user(world, client_for):
    client = client_for(world.member)
    response = client.post(URL, {"language": "es", "next": "/sites/"})

    assert response.status_code == 302
    assert response["Location"] == "/sites/"
    world.member.refresh_from_db()
    assert world.member.language == "es"
    assert AuditEvent.unscoped.filter(action="account.language", actor=world.member).exists()
    # The saved choice wins over the browser's language on the next visit.
    client.cookies.pop("django_language", None)
    page = client.get("/sites/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="es"' in page.content.decode()


def test_an_unknown_language_falls_back_to_english(world, client_for):
    client_for(world.member).post(URL, {"language": "xx"})
    world.member.refresh_from_db()
    assert world.member.language == "en"


def test_an_outside_next_url_is_ignored(world, client_for):
    response = client_for(world.member).post(
        URL, {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_anonymous_visitors_get_a_cookie_only(db, client):
    response = client.post(URL, {"language": "es"})
    assert response.cookies["django_language"].value == "es"
    assert not AuditEvent.unscoped.filter(action="account.language").exists()
