"""Network reports for network analysts: aggregates across the programs of a network,
always with small cells suppressed. They never list or link to a participant, and
they never show one program another program's codes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waypoint.core.access import network_analyst

from . import services
from .compose import build_report
from .definitions import TEMPLATES, network_templates
from .forms import NetworkPeriodForm, NetworkReportSettingsForm
from .grid import default_period
from .models import NetworkReportSettings
from .period import Scope


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


@network_analyst
def network_settings(request: HttpRequest) -> HttpResponse:
    """The network's estimate of people who inject drugs in its whole area, behind
    coverage and reach in network reports. Only for the analyst's own networks."""
    networks = {network.pk: network for network in request.analyst_networks}
    wanted = request.POST.get("network") or request.GET.get("network")
    try:
        network = networks[int(wanted)] if wanted else next(iter(networks.values()))
    except (KeyError, ValueError):
        raise Http404 from None
    current = NetworkReportSettings.objects.filter(network=network).first()
    current = current or NetworkReportSettings(network=network)
    form = NetworkReportSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_network_report_settings(form.save(commit=False), actor=request.user)
        messages.success(request, _("Network report settings saved."))
        return redirect(f"{reverse('reports:network_settings')}?network={network.pk}")
    return render(
        request,
        "reports/network_settings.html",
        {"form": form, "network": network, "networks": list(networks.values())},
    )
