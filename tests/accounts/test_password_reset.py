import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

RESET = reverse("account_reset_password")
NEW_PASSWORD = "lantern by the north gate"


def test_it_emails_a_reset_link_that_sets_a_new_password(world, client):
    response = client.post(RESET, {"email": world.member.email})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    world.member.refresh_from_db()
    assert world.member.check_password(NEW_PASSWORD)
    assert not world.member.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer(db, client):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
