"""Forms: enrolment built from the program's recipe, optional facts, consent, merge, settings."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from . import uic
from .models import ConsentKind, ParticipantSettings, ParticipantStatus

GENDER_OPTIONS = [
    ("", _("Not recorded")),
    ("woman", _("Woman")),
    ("man", _("Man")),
    ("trans_woman", _("Transgender woman")),
    ("trans_man", _("Transgender man")),
    ("non_binary", _("Non-binary")),
    ("another", _("Another gender")),
    ("declined", _("Prefers not to say")),
]


def _zip(value: str) -> str:
    value = (value or "").strip()
    if value and not (
        value[:5].isdigit()
        and (len(value) == 5 or (len(value) == 10 and value[5] == "-" and value[6:].isdigit()))
    ):
        raise forms.ValidationError(_("Enter a 5-digit ZIP code, like 45202, or leave it empty."))
    return value


FACTS = ("alias", "birth_year", "gender", "zip_code")


class OptionalFactsMixin:
    """Alias, birth year, gender and ZIP — each only when the program records it.

    A fact whose name a code question already uses (the recipe's own gender question)
    gets its own field name, ``recorded_<name>``: the two never overwrite each other.
    """

    def fact_name(self, name: str) -> str:
        return f"recorded_{name}" if name in getattr(self, "taken_names", ()) else name

    def add_optional_fields(self, program_settings: ParticipantSettings) -> None:
        year = dt.date.today().year
        if program_settings.collect_alias:
            self.fields["alias"] = forms.CharField(
                label=_("Alias or nickname (optional)"),
                max_length=60,
                required=False,
                help_text=_(
                    "A name the person is happy to be called. Not their legal name unless they want."
                ),
            )
        if program_settings.collect_birth_year:
            self.fields["birth_year"] = forms.IntegerField(
                label=_("Birth year (optional)"),
                required=False,
                min_value=1900,
                max_value=year,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        if program_settings.collect_gender:
            gender = forms.ChoiceField(
                label=_("Gender (optional)"), choices=GENDER_OPTIONS, required=False
            )
            if self.fact_name("gender") != "gender":
                gender.label = _("Gender in more detail (optional)")
                gender.help_text = _(
                    "Kept with the record only if the person wants. The gender question "
                    "above only builds the code."
                )
            self.fields[self.fact_name("gender")] = gender
        if program_settings.collect_zip:
            self.fields["zip_code"] = forms.CharField(
                label=_("ZIP code where they stay (optional)"),
                max_length=10,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )

    def clean_zip_code(self):
        return _zip(self.cleaned_data.get("zip_code", ""))

    def optional_values(self) -> dict:
        """The optional facts given, by the participant's field names."""
        return {
            name: self.cleaned_data[self.fact_name(name)]
            for name in FACTS
            if self.fact_name(name) in self.cleaned_data
        }

    def optional_fields(self) -> list:
        """The optional facts' bound fields, in order, for the template."""
        return [self[self.fact_name(name)] for name in FACTS if self.fact_name(name) in self.fields]


class EnrolForm(OptionalFactsMixin, forms.Form):
    """The guided questions of the program's recipe, then the optional facts.

    After ``is_valid()``, ``built`` holds the code and which parts used a rule.
    """

    def __init__(self, *args, recipe: uic.Recipe, program_settings: ParticipantSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipe = recipe
        self.taken_names = {c.key for c in recipe.components}
        self.built: uic.Built | None = None
        for component in recipe.components:
            self.fields[component.key] = self._field_for(component)
            if component is recipe.components[0] and not self.is_bound:
                # The first question takes the focus: enrolment starts from the keyboard.
                self.fields[component.key].widget.attrs["autofocus"] = True
            if component.fallback == uic.INITIALS:
                self.fields[f"{component.key}_unknown"] = forms.BooleanField(
                    label=_("I don't know this name"),
                    required=False,
                )
        if recipe.needs_initials:
            self.fields["initials"] = forms.CharField(
                label=_("Your own initials"),
                max_length=4,
                required=False,
                help_text=_(
                    "Only needed when you don't know a parent's name: first letter of your first "
                    "name, then of your last name."
                ),
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "characters"}
                ),
            )
        self.fields["code"] = forms.CharField(
            label=_("Or type the whole code"),
            max_length=60,
            required=False,
            help_text=_(
                "If the person already knows their code, type it here instead of answering."
            ),
            widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        )
        # Sent by the "different person" button shown beside a record with the same code.
        self.fields["different_person"] = forms.BooleanField(required=False)
        self.add_optional_fields(program_settings)

    @staticmethod
    def _field_for(component: uic.Component) -> forms.Field:
        attrs = {"autocomplete": "off"}
        if component.kind == uic.CHOICE:
            return forms.ChoiceField(
                label=component.prompt,
                choices=[("", _("Choose…")), *component.choices],
                required=False,
                help_text=component.help,
            )
        if component.kind == uic.DIGITS:
            attrs["inputmode"] = "numeric"
            help_text = _("Leave empty if you don't know.")
            return forms.CharField(
                label=component.prompt,
                max_length=component.length,
                required=False,
                help_text=help_text,
                widget=forms.TextInput(attrs=attrs),
            )
        return forms.CharField(
            label=component.prompt,
            max_length=60,
            required=False,
            help_text=component.help,
            widget=forms.TextInput(attrs=attrs),
        )

    def answers(self) -> dict:
        """The answers to the code questions (and own initials), by component key."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        keys = self.taken_names | {"initials"} | {f"{k}_unknown" for k in self.taken_names}
        return {k: v for k, v in data.items() if k in keys and v not in (None, "", False)}

    def clean(self):
        data = super().clean()
        typed = uic.normalize(data.get("code") or "")
        if typed:
            self.built = uic.Built(code=typed)
            return data
        try:
            self.built = uic.build_code(self.recipe, self.answers())
        except uic.AnswerError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
            return data
        answered = [c.key for c in self.recipe.components if c.key not in self.built.fallbacks]
        if not answered:
            raise forms.ValidationError(_("Answer at least one question, or type the whole code."))
        return data

    def component_rows(self):
        """(question, "don't know" box or None, initials field or None) in recipe order.

        The initials question comes right after the last parent question, where a
        keyboard user who just ticked "I don't know" reaches it next.
        """
        parents = [c.key for c in self.recipe.components if c.fallback == uic.INITIALS]
        for component in self.recipe.components:
            unknown = (
                self[f"{component.key}_unknown"]
                if f"{component.key}_unknown" in self.fields
                else None
            )
            initials = self["initials"] if parents and component.key == parents[-1] else None
            yield self[component.key], unknown, initials


class ParticipantEditForm(OptionalFactsMixin, forms.Form):
    def __init__(self, *args, program_settings: ParticipantSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_optional_fields(program_settings)


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent"), choices=ConsentKind.choices)
    action = forms.ChoiceField(choices=[("grant", _("Give")), ("revoke", _("Withdraw"))])
    phone = forms.CharField(
        label=_("Phone number for text messages"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in ParticipantStatus.choices
            if value != ParticipantStatus.MERGED
        ],
    )


class MergeForm(forms.Form):
    other = forms.CharField(
        label=_("Code or card number of the duplicate record"),
        max_length=60,
        help_text=_(
            "Its visits move to this record; the duplicate is kept only as a pointer here."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    confirm = forms.BooleanField(
        label=_("I checked with the participant: both records are the same person"),
        required=True,
    )


class SettingsForm(forms.ModelForm):
    custom_components = forms.MultipleChoiceField(
        label=_("Parts of a custom code (used in the order listed)"),
        required=False,
        choices=[(key, f"{c.prompt} ({c.length})") for key, c in uic.CATALOG.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ParticipantSettings
        fields = [
            "recipe",
            "custom_components",
            "expected_participants",
            "collect_alias",
            "collect_birth_year",
            "collect_gender",
            "collect_zip",
            "card_prefix",
        ]
        widgets = {"recipe": forms.RadioSelect}

    def clean_card_prefix(self):
        value = self.cleaned_data.get("card_prefix", "")
        if value and uic.letters_only(value) != value.upper():
            raise forms.ValidationError(_("Use letters A–Z only (up to 4), or leave it empty."))
        return value.upper()

    def clean(self):
        data = super().clean()
        if data.get("recipe") == uic.CUSTOM and not data.get("custom_components"):
            self.add_error("custom_components", _("Choose at least one part for a custom code."))
        return data
