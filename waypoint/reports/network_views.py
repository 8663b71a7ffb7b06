"""Network reports for network analysts: aggregates across the programs of a network,
always with small cells suppressed. They never list or link to a participant, and
they never show one program another program's codes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from waypoint.core.access import network_analyst

from .compose import build_report
from .definitions import TEMPLATES, network_templates
from .forms import NetworkPeriodForm
from .period import Scope
from .views import default_period


@network_analyst
@require_GET
def network_index(request: HttpRequest) -> HttpResponse:
    reports = [
        {"template": t, "url": reverse(f"reports:network_{t.key}")} for t in network_templates()
    ]
    return render(
        request,
        "reports/network_index.html",
        {"reports": reports, "networks": request.analyst_networks},
    )


@network_analyst
@require_GET
def network_report(request: HttpRequest, report_key: str) -> HttpResponse:
    template = TEMPLATES[report_key]
    form = NetworkPeriodForm(
        request.GET or None, networks=request.analyst_networks, default=default_period(template)
    )
    result = None
    if not form.is_bound or form.is_valid():
        scope = Scope.of_network(form.chosen_network)
        result = build_report(template, form.period, scope, suppressed=True)
    return render(
        request,
        template.html_template,
        {
            "template": template,
            "form": form,
            "result": result,
            "can_see_exact": False,
            "network_report": True,
        },
    )
