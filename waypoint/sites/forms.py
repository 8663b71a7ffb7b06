from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Modality, Service, Site, SiteClosure, SiteHours


class SiteForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    modalities = forms.MultipleChoiceField(
        label=_("How people are served here"),
        choices=Modality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "kind",
            "address",
            "city",
            "state",
            "zip_code",
            "latitude",
            "longitude",
            "services",
            "modalities",
            "is_public",
            "is_active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_state(self):
        return self.cleaned_data["state"].upper()

    def clean_zip_code(self):
        value = self.cleaned_data["zip_code"].strip()
        if value and not (value[:5].isdigit() and len(value) in (5, 10)):
            raise forms.ValidationError(_("Enter a 5-digit ZIP code, like 45202."))
        return value

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Enter both latitude and longitude, or neither."))
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise forms.ValidationError(_("Latitude or longitude is out of range."))
        return data


class SiteHoursForm(forms.ModelForm):
    class Meta:
        model = SiteHours
        fields = ["weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}),
            "closes": forms.TimeInput(attrs={"type": "time"}),
        }


class SiteClosureForm(forms.ModelForm):
    class Meta:
        model = SiteClosure
        fields = ["date", "reason"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
