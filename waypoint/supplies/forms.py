from __future__ import annotations

from django import forms

from .models import SupplyItem


class SupplyItemForm(forms.ModelForm):
    class Meta:
        model = SupplyItem
        fields = [
            "name",
            "category",
            "unit",
            "syringes_per_unit",
            "naloxone_doses_per_unit",
            "max_per_visit",
            "is_quick",
            "is_active",
            "sort_order",
        ]


class CountForm(forms.Form):
    counted = forms.IntegerField(min_value=0, max_value=10_000_000)
