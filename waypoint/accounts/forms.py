from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Membership, Role

from .models import DeviceToken


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            program=self.program, user__email__iexact=email, is_active=True
        ).exists():
            raise ValidationError(
                _(
                    "%(email)s is already a member of this program. Change their role in the list below."
                ),
                params={"email": email},
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class DeviceForm(forms.Form):
    name = forms.CharField(
        label=_("Device name"),
        max_length=120,
        help_text=_("So you can tell devices apart, e.g. “Van 2 tablet”."),
    )
    role = forms.ChoiceField(
        label=_("Acts as"),
        choices=DeviceToken.DEVICE_ROLES,
        initial=Role.STAFF,
        help_text=_("What the device may do: the same as a staff member or a peer worker."),
    )


class AcceptInvitationForm(forms.Form):
    """A new person's name (optional) and password, checked by the password rules."""

    display_name = forms.CharField(
        label=_("Your name, as colleagues will see it"),
        max_length=120,
        required=False,
        help_text=_("Optional. A first name or a nickname is enough."),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Type the same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", _("The two passwords are not the same. Type the same password twice.")
            )
        elif first:
            candidate = get_user_model()(
                email=self.email, display_name=data.get("display_name", "")
            )
            try:
                validate_password(first, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
