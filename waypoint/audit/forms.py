from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .queries import PARTICIPANT


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=80)
    actor = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    participant = forms.IntegerField(
        label=_("Participant (record number)"),
        help_text=_(
            "Every read of this participant: their record, lists and searches that showed "
            "them, and their visits, including records merged into theirs."
        ),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["actor"].queryset = (
            get_user_model().objects.filter(memberships__program=program).order_by("email")
        )

    def clean_participant(self):
        """The participant of this program with that number, or a refusal that says the
        same whether the number is unused or another program's."""
        number = self.cleaned_data.get("participant")
        if number is None:
            return None
        found = apps.get_model(PARTICIPANT).objects.filter(program=self.program, pk=number).first()
        if found is None:
            raise forms.ValidationError(
                _("This program has no participant with that record number.")
            )
        return found

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return data
