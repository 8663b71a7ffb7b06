"""QR codes on cards and posters point at WAYPOINT_SITE_URL when it is set."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from waypoint.core.links import shareable_url

pytestmark = pytest.mark.django_db


def test_links_use_the_public_address_when_it_is_set(settings):
    request = RequestFactory().get("/participants/1/card/", HTTP_HOST="10.1.2.3:8000")
    settings.SITE_URL_SET = False
    settings.ALLOWED_HOSTS = ["10.1.2.3"]
    assert shareable_url(request, "/card/abc/") == "http://10.1.2.3:8000/card/abc/"
    settings.SITE_URL_SET, settings.SITE_URL = True, "https://waypoint.example.org"
    assert shareable_url(request, "/card/abc/") == "https://waypoint.example.org/card/abc/"
    assert shareable_url(None, "/s/xyz/") == "https://waypoint.example.org/s/xyz/"
