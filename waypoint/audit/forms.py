from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=80)
    actor = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = (
            get_user_model().objects.filter(memberships__program=program).order_by("email")
        )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return data
