"""The standard point-in-time survey questions (SHaRP indicators, STANDARDS §1).

Data only. Values are stored; labels are translated when shown, so a survey filled in
Spanish and one filled in English count into the same answers. The age split keeps
under-25 / 25+ (UNAIDS disaggregation) recoverable from the bands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Every choice question offers this answer; skipping a question is always allowed too.
PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = _("Prefer not to say")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One answer from a list")
    MULTIPLE = "multiple", _("Any number of answers from a list")
    NUMBER = "number", _("A number")
    YES_NO = "yes_no", _("Yes / no / prefer not to say")


YES_NO_CHOICES = (("yes", _("Yes")), ("no", _("No")), (PREFER_NOT, PREFER_NOT_LABEL))


@dataclass(frozen=True)
class StandardQuestion:
    key: str
    prompt: Promise
    kind: str
    choices: tuple[tuple[str, Promise], ...] = ()
    max_value: int | None = None
    # What the question is for, shown to the coordinator choosing questions.
    purpose: Promise | str = ""

    def label_for(self, value: str) -> Promise | None:
        return dict(self.choices).get(value)


AGE_RANGE = StandardQuestion(
    key="age_range",
    prompt=_("How old are you?"),
    kind=QuestionKind.SINGLE,
    choices=(
        ("under_25", _("Under 25")),
        ("25_34", "25–34"),
        ("35_44", "35–44"),
        ("45_54", "45–54"),
        ("55_plus", _("55 or older")),
        (PREFER_NOT, PREFER_NOT_LABEL),
    ),
    purpose=_("Age range (under 25 and 25+ for international reports)."),
)

GENDER = StandardQuestion(
    key="gender",
    prompt=_("What is your gender?"),
    kind=QuestionKind.SINGLE,
    choices=(
        ("woman", _("Woman")),
        ("man", _("Man")),
        ("trans_woman", _("Transgender woman")),
        ("trans_man", _("Transgender man")),
        ("non_binary", _("Non-binary")),
        ("another", _("Another identity")),
        (PREFER_NOT, PREFER_NOT_LABEL),
    ),
    purpose=_("Gender. Ask only where it is safe to."),
)

RACE_ETHNICITY = StandardQuestion(
    key="race_ethnicity",
    prompt=_("What is your race or ethnicity? Choose all that apply."),
    kind=QuestionKind.MULTIPLE,
    choices=(
        ("american_indian", _("American Indian or Alaska Native")),
        ("asian", _("Asian")),
        ("black", _("Black or African American")),
        ("hispanic", _("Hispanic or Latino/a")),
        ("mena", _("Middle Eastern or North African")),
        ("pacific_islander", _("Native Hawaiian or Pacific Islander")),
        ("white", _("White")),
        ("another", _("Another race or ethnicity")),
        (PREFER_NOT, PREFER_NOT_LABEL),
    ),
    purpose=_("Race and ethnicity; several answers allowed."),
)

OVERDOSE_6M = StandardQuestion(
    key="overdose_6m",
    prompt=_("In the past 6 months, have you had an overdose?"),
    kind=QuestionKind.YES_NO,
    choices=YES_NO_CHOICES,
    purpose=_("Participants' own overdose experience."),
)

REVERSALS_6M = StandardQuestion(
    key="reversals_6m",
    prompt=_(
        "In the past 6 months, how many times have you reversed someone else's overdose, "
        "for example with naloxone?"
    ),
    kind=QuestionKind.NUMBER,
    max_value=50,
    purpose=_("Overdose reversals reported by participants (0 to 50)."),
)

INJECTED_30D = StandardQuestion(
    key="injected_30d",
    prompt=_("In the past 30 days, have you injected drugs?"),
    kind=QuestionKind.YES_NO,
    choices=YES_NO_CHOICES,
    purpose=_("Injection in the past 30 days."),
)

NALOXONE_RAN_OUT_3M = StandardQuestion(
    key="naloxone_ran_out_3m",
    prompt=_("In the past 3 months, did you run out of naloxone or have to ration it?"),
    kind=QuestionKind.YES_NO,
    choices=YES_NO_CHOICES,
    purpose=_("Naloxone running out or rationed (naloxone program metric)."),
)

STANDARD_QUESTIONS: tuple[StandardQuestion, ...] = (
    AGE_RANGE,
    GENDER,
    RACE_ETHNICITY,
    OVERDOSE_6M,
    REVERSALS_6M,
    INJECTED_30D,
    NALOXONE_RAN_OUT_3M,
)
BY_KEY: dict[str, StandardQuestion] = {q.key: q for q in STANDARD_QUESTIONS}
CUSTOM = "custom"
