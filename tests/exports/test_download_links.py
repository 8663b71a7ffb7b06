"""The download block for report pages (``exports/_download_links.html``), rendered in
each report page's own context as the page's ``{% include %}`` line does: its buttons
ask for the figures the page shows, suppressed as the page shows them."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from tests.factories import member
from waypoint.core.models import NetworkAnalyst, Role

from .helpers import csv_rows, download_forms

Q1 = "?start=2025-01-01&end=2025-03-31"


def block_on(client, url: str, *, dashboard: bool = False) -> tuple[object, list[dict]]:
    """The report page's response and the forms of the block included in it."""
    page = client.get(url)
    assert page.status_code == 200
    context = page.context[0].flatten()  # the page template's own context
    if dashboard:
        period = context["board"].period
        extra = {"export_key": "dashboard", "start": period.start, "end": period.end}
    else:
        result = context["result"]
        extra = {"export_key": context["template"].key, "start": result.start, "end": result.end}
    html = render_to_string(
        "exports/_download_links.html", {**context, **extra}, request=page.wsgi_request
    )
    return page, download_forms(html)


def csv_figures(content: bytes) -> dict[str, str]:
    return {row[1]: row[2] for row in csv_rows(content) if len(row) == 3 and row[0]}


@pytest.mark.parametrize(
    "role,query,suppressed",
    [
        (Role.VIEWER, "", True),
        (Role.VIEWER, "&published=0", True),
        (Role.COORDINATOR, "", False),
        (Role.COORDINATOR, "&published=1", True),
        (Role.ADMIN, "", False),
    ],
)
def test_the_block_exports_what_the_report_page_shows(scn, client_for, role, query, suppressed):
    client = client_for(member(scn.program, role))
    page, forms = block_on(client, "/reports/sharp/" + Q1 + query)
    assert [(f["action"], f["format"]) for f in forms] == [
        ("/exports/new/", "csv"),
        ("/exports/new/", "xlsx"),
        ("/exports/new/", "pdf"),
    ]
    response = client.post(forms[0]["action"], {**forms[0]["fields"], "format": "csv"})
    shown = page.context["result"]
    assert shown.suppressed is suppressed
    figures = csv_figures(response.content)
    for table in shown.tables():
        for row in table.rows:
            if row.number and len(row.cells) == 1 and not isinstance(row.cells[0].value, str):
                cell = row.cells[0]
                if cell.suppressed:
                    assert figures[row.label] == "suppressed"
                elif cell.value is not None and cell.unit != "percent":
                    assert float(figures[row.label]) == cell.value


def test_the_block_keeps_the_chosen_site(scn, client_for):
    client = client_for(member(scn.program, Role.COORDINATOR))
    _page, forms = block_on(client, f"/reports/utah/{Q1}&site={scn.s2.pk}")
    assert forms[0]["fields"]["site"] == str(scn.s2.pk)
    response = client.post(forms[0]["action"], {**forms[0]["fields"], "format": "csv"})
    assert ["Program", "Riverside, site Van"] in csv_rows(response.content)


def test_the_block_on_the_dashboard_exports_its_tables(scn, client_for):
    client = client_for(member(scn.program, Role.VIEWER))
    _page, forms = block_on(client, "/reports/dashboard/" + Q1, dashboard=True)
    assert forms[1]["fields"]["report"] == "dashboard"
    response = client.post(forms[1]["action"], {**forms[1]["fields"], "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('_dashboard_2025-01-01_2025-03-31.xlsx"')


def test_the_block_on_a_network_report_makes_a_network_export(scn, client_for):
    analyst = member(scn.program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=analyst, network=scn.network)
    client = client_for(analyst)
    _page, forms = block_on(client, "/reports/network/network/" + Q1)
    assert forms[0]["action"] == "/exports/network/new/"
    assert forms[0]["fields"]["network"] == str(scn.network.pk)
    response = client.post(forms[0]["action"], {**forms[0]["fields"], "format": "csv"})
    assert ["Network", "Network: Metro network"] in csv_rows(response.content)
