"""Report filters (period, site, network) and the report settings form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Site

from . import grid
from .models import NetworkReportSettings, ReportSettings
from .period import Period

# Ten years: longer ranges are for the planned daily rollup, not the raw tables.
MAX_DAYS = 3_660
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """``?start=&end=`` (both days included) and, for a program, ``&site=``.

    ``published=True`` is the form of a suppressed audience (viewers, analysts): it offers
    only the publication grid (``grid.py``) — ``?period=`` a past quarter or calendar
    year, or ``start``/``end`` naming one exactly — and no site."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To (included)"), required=False, widget=DateInput())
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.unscoped.none(), required=False, empty_label=_("All sites")
    )

    def __init__(self, data=None, *, program=None, default: Period, published=False, **kwargs):
        if published and data is not None and not data.get("period"):
            data = _with_period(data)
        super().__init__(data, **kwargs)
        self.default = default
        self.published = published
        if published:
            self._offer_grid(default)
        if program is None or published:
            del self.fields["site"]
        else:
            self.fields["site"].queryset = Site.objects.filter(program=program).order_by(
                "-is_active", "name"
            )
        self.fields["start"].widget.attrs["placeholder"] = default.start.isoformat()
        self.fields["end"].widget.attrs["placeholder"] = default.end.isoformat()
        if not self.is_bound:
            self.initial.update(start=default.start, end=default.end)

    def _offer_grid(self, default: Period) -> None:
        offered = grid.choices()
        self.fields["period"] = forms.ChoiceField(
            label=_("Period"),
            required=False,
            choices=[(grid.key(p), grid.label(p)) for p in offered],
            help_text=_("Published figures cover whole past quarters and calendar years."),
        )
        self.fields["start"].widget = forms.HiddenInput()
        self.fields["end"].widget = forms.HiddenInput()
        self.initial["period"] = grid.key(default)
        self.order_fields(["period"])

    def clean(self):
        data = super().clean()
        if self.published and data.get("period"):
            chosen = grid.from_key(data["period"])
            data["start"], data["end"] = chosen.start, chosen.end
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if (start is None) != (end is None):
            raise forms.ValidationError(
                _("Give both a start and an end date, or neither for the default period.")
            )
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The start date must be on or before the end date."))
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of ten years or less."))
            if start < EARLIEST or end > LATEST:
                raise forms.ValidationError(_("Choose dates from the year 2000 to 2100."))
            if self.published and not grid.is_published(Period(start, end)):
                raise forms.ValidationError(
                    _(
                        "Published figures cover whole past quarters and calendar years "
                        "only, so that no small number can be worked out by comparing "
                        "periods. Choose one of those, or ask a coordinator for exact "
                        "figures."
                    )
                )
        return data

    @property
    def period(self) -> Period:
        """The chosen period (call after ``is_valid()``)."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        return self.default

    @property
    def chosen_site(self):
        return self.cleaned_data.get("site") if self.is_bound else None


def _with_period(data):
    """``start``/``end`` naming a grid period (a link, an export) shown in the list too."""
    try:
        period = Period(dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"]))
    except (KeyError, TypeError, ValueError):
        return data
    if not grid.is_published(period):
        return data
    data = data.copy()
    data["period"] = grid.key(period)
    return data


class NetworkPeriodForm(PeriodForm):
    network = forms.TypedChoiceField(label=_("Network"), coerce=int, required=False)

    def __init__(self, data=None, *, networks, default: Period, published=True, **kwargs):
        super().__init__(data, program=None, default=default, published=published, **kwargs)
        self.networks = {network.pk: network for network in networks}
        self.fields["network"].choices = [(n.pk, n.name) for n in networks]
        if len(networks) < 2:
            self.fields["network"].widget = forms.HiddenInput()
        self.order_fields(["network", "period", "start", "end"])

    @property
    def chosen_network(self):
        chosen = self.cleaned_data.get("network") if self.is_bound else None
        return self.networks.get(chosen) or next(iter(self.networks.values()))


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "pwid_population",
            "area_name",
            "coverage_low_below",
            "coverage_high_above",
            "quarter_email",
            "community_page",
            "community_message",
        ]


class NetworkReportSettingsForm(forms.ModelForm):
    class Meta:
        model = NetworkReportSettings
        fields = ["pwid_population", "area_name", "coverage_low_below", "coverage_high_above"]
        help_texts = {
            "pwid_population": _(
                "An estimate for the whole area the network's programs serve, for example "
                "from the health department. Leave empty if you have none."
            )
        }
