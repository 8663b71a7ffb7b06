"""The window page's server time and query count, measured in-process on the real settings.

Times are from the request entering Django to the rendered response (the test client's
own overhead is well under a millisecond). Query counts are taken on a separate pass so
that capturing SQL does not slow the timed one.
"""

from __future__ import annotations

import random
import statistics
import time

from .common import percentile


def measure(data, *, requests: int = 200, seed: int = 11) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from waypoint.core.models import Site
    from waypoint.core.scoping import scopes_disabled
    from waypoint.encounters.models import Encounter
    from waypoint.participants.models import Participant

    with scopes_disabled():
        staff = get_user_model().objects.get(email=data.staff_email)
        busiest = list(
            Encounter.objects.filter(program_id=data.program_id, participant__isnull=False)
            .values("participant")
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("participant", "n")[:20]
        )
        visits = Encounter.objects.filter(program_id=data.program_id).count()
        people = Participant.objects.filter(program_id=data.program_id).count()
        site = Site.objects.get(pk=data.site_ids[0])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    session = client.session
    session["waypoint_site_id"] = site.pk
    session.save()
    rng = random.Random(seed)
    has_search = _has_search()

    scenarios = [
        ("empty window", lambda: "/window/", {}),
        (
            "participant, random",
            lambda: f"/window/?participant={rng.choice(data.participant_ids)}",
            {},
        ),
        (
            f"participant, busiest ({busiest[0][1]} visits)",
            lambda: f"/window/?participant={rng.choice(busiest)[0]}",
            {},
        ),
        (
            "panel partial (htmx)",
            lambda: f"/window/panel/?participant={rng.choice(data.participant_ids)}",
            {"HTTP_HX_REQUEST": "true"},
        ),
    ]
    if has_search:
        scenarios.append(
            (
                "card number + Enter",
                lambda: f"/window/?q={rng.choice(data.card_numbers)}&enter=1",
                {},
            )
        )
    results = []
    for name, url, headers in scenarios:
        for _ in range(10):
            client.get(url(), **headers)  # warm caches and connections
        times = []
        for _ in range(requests):
            target = url()
            started = time.perf_counter()
            response = client.get(target, **headers)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (target, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url(), **headers)
        results.append(
            {
                "page": name,
                "requests": requests,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1),
                "queries": len(queries.captured_queries),
                "visits_in_db": visits,
                "participants": people,
            }
        )
    return results


def _has_search() -> bool:
    try:
        from waypoint.participants.queries import find_for_window  # noqa: F401
    except ImportError:
        return False
    return True
