"""A network analyst sets the network's estimate of people who inject drugs; network
reports then show coverage and reach across the network. Analysts of one network can
never change another's."""

from __future__ import annotations

import pytest

from tests.factories import NetworkFactory, ProgramFactory, member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import NetworkAnalyst, Role
from waypoint.reports.models import NetworkReportSettings

pytestmark = pytest.mark.django_db
URL = "/reports/network/settings/"
Q1_QUERY = "?start=2025-01-01&end=2025-03-31"


@pytest.fixture
def analyst(scn):
    user = member(scn.program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=user, network=scn.network)
    return user


def values(**changes):
    data = {"pwid_population": "4", "area_name": "Metro county", "coverage_low_below": "100"}
    data["coverage_high_above"] = "200"
    data.update(changes)
    return data


def row_value(result, label):
    for section in result.sections:
        for table in section.tables:
            for row in table.rows:
                if row.label == label:
                    return row.cells[0]
    raise AssertionError(label)


def test_an_analyst_sets_the_estimate_and_network_reports_use_it(scn, analyst, client_for):
    client = client_for(analyst)
    page = client.get(URL)
    assert page.status_code == 200 and "Metro network" in page.content.decode()
    response = client.post(URL, {"network": scn.network.pk, **values()})
    assert response.status_code == 302
    saved = NetworkReportSettings.objects.get(network=scn.network)
    assert (saved.pwid_population, saved.area_name) == (4, "Metro county")
    event = AuditEvent.unscoped.get(action="reports.network_settings_create")
    assert event.program is None and event.actor == analyst
    assert event.extra["network"] == scn.network.pk and event.extra["pwid_population"] == 4

    result = client.get("/reports/network/network/" + Q1_QUERY).context["result"]
    # 110 syringes in the quarter → 446 a year, over 4 people; 3 people of 4 reached.
    assert (
        row_value(result, "Syringes distributed per person who injects drugs per year").value
        == 111.5
    )
    assert row_value(result, "Syringe coverage level").value == "Medium"
    # 75 % comes from 3 people: a small count, so the published page hides it.
    reached = row_value(result, "People who inject drugs reached")
    assert reached.suppressed and reached.value is None


def test_bad_values_change_nothing_and_say_why(scn, analyst, client_for):
    client = client_for(analyst)
    response = client.post(
        URL, {"network": scn.network.pk, **values(coverage_low_below="300", pwid_population="0")}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "pwid_population" in form.errors
    assert not NetworkReportSettings.objects.exists()
    assert not AuditEvent.unscoped.filter(action__startswith="reports.network_settings").exists()


def test_an_analyst_cannot_set_another_networks_estimate(scn, analyst, client_for):
    elsewhere = NetworkFactory(name="Elsewhere")
    ProgramFactory(network=elsewhere)
    client = client_for(analyst)
    assert client.get(f"{URL}?network={elsewhere.pk}").status_code == 404
    response = client.post(URL, {"network": elsewhere.pk, **values()})
    assert response.status_code == 404
    assert client.post(URL, {"network": "not-a-number", **values()}).status_code == 404
    assert not NetworkReportSettings.objects.exists()


def test_program_admins_and_viewers_who_are_not_analysts_are_refused(scn, client_for):
    for role in (Role.ADMIN, Role.VIEWER):
        client = client_for(member(scn.program, role))
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"network": scn.network.pk, **values()}).status_code == 403
    assert not NetworkReportSettings.objects.exists()
