"""The short reversal report as the window shows it: questions in the order people tell them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import AgeBand, DosesUsed, OverdoseReport, Relationship, Setting

YES_NO = [("yes", _("Yes")), ("no", _("No")), ("", _("Not known"))]


def _label(name: str):
    return OverdoseReport._meta.get_field(name).verbose_name


def reversal_questions(answers: dict | None = None) -> list[dict]:
    """Radio-button questions of the report, with the posted answers (``od-<name>``) checked."""
    answers = answers or {}
    groups = [
        ("relationship", Relationship.choices),
        ("setting", Setting.choices),
        ("naloxone_doses", DosesUsed.choices),
        ("naloxone_worked", YES_NO),
        ("called_911", YES_NO),
        ("ems_arrived", YES_NO),
        ("rescue_breathing", YES_NO),
        ("stayed_with_person", YES_NO),
        ("transported", YES_NO),
    ]
    return [
        {
            "name": name,
            "label": _label(name),
            "choices": [
                {"value": value, "label": label, "checked": answers.get(name, "") == value}
                for value, label in choices
            ],
        }
        for name, choices in groups
    ]


def age_choices():
    return AgeBand.choices
