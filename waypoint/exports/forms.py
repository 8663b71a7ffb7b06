"""What an export asks for: a report, a period (and a site, or a network), a format.

The period and site (or network) are the report pages' own filter forms, so an export
accepts exactly the periods and sites the page accepts.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.reports.forms import NetworkPeriodForm, PeriodForm
from waypoint.reports.period import Period

from .documents import default_period, report_title
from .models import ExportFormat


def export_form(
    data=None, *, keys: list[str], program=None, networks=None, with_format=True, published=True
):
    """A report-period form (the program's, or the analyst's networks' when ``networks``
    is given) with the report, and the format unless ``with_format`` is False.
    ``keys``: the reports on offer; ``published``: the form of a suppressed audience."""
    chosen = (data or {}).get("report")
    if chosen in keys:
        default = default_period(chosen, published=published)
    else:
        default = Period.last_full_quarter()
    if networks is not None:
        form = NetworkPeriodForm(data, networks=networks, default=default)
    else:
        form = PeriodForm(data, program=program, default=default, published=published)
    form.fields["report"] = forms.ChoiceField(
        label=_("Report"), choices=[(key, report_title(key)) for key in keys]
    )
    if with_format:
        form.fields["format"] = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    form.order_fields(["report", "network", "period", "start", "end", "site", "format"])
    return form
