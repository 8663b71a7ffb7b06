"""Builder forms, and reading the hand-written fill-in form.

The fill-in form's fields: ``client_uuid``, ``site`` (staff only) and ``q-<question id>``
— one value for single choice, yes/no and number questions, repeated for multiple choice.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SurveyQuestion
from .services import MAX_NUMBER
from .standard import STANDARD_QUESTIONS, QuestionKind


def standard_choices(exclude=()) -> list[tuple[str, object]]:
    return [(q.key, q.prompt) for q in STANDARD_QUESTIONS if q.key not in exclude]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Introduction (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions. Say who is asking, why, and that it is anonymous."),
    )


class NewSurveyForm(SurveyForm):
    standard = forms.MultipleChoiceField(
        label=_("Standard questions"),
        required=False,
        choices=standard_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "These feed the demographic sections of reports. You can add your own questions next."
        ),
    )


class StandardQuestionsForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label=_("Standard questions not in this survey yet"),
        choices=standard_choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = standard_choices(exclude=present)


class CustomQuestionForm(forms.Form):
    prompt = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    options = forms.CharField(
        label=_("Answers to choose from (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For questions with a list. “Prefer not to say” is added for you."),
    )
    max_value = forms.IntegerField(
        label=_("Largest number allowed"),
        required=False,
        min_value=1,
        max_value=MAX_NUMBER,
        help_text=_("For number questions; answers go from 0 to this number."),
    )

    def option_lines(self) -> list[str]:
        return self.cleaned_data.get("options", "").splitlines()


def parse_fill_form(post, questions: list[SurveyQuestion]) -> dict[int, object]:
    """The answers in a posted fill-in form, by question id, as sent (checked later).

    Fields for questions not in ``questions`` are kept under their id so the service can
    refuse them; fields that are not ``q-<number>`` are ignored.
    """
    kinds = {q.pk: q.kind for q in questions}
    answers: dict[int, object] = {}
    for name in post:
        if not name.startswith("q-") or not (name[2:].isascii() and name[2:].isdigit()):
            continue
        question_id = int(name[2:])
        if kinds.get(question_id) == QuestionKind.MULTIPLE:
            answers[question_id] = post.getlist(name)
        else:
            answers[question_id] = post.get(name, "")
    return answers
