"""Program admins choose the code recipe, the optional facts recorded and the card prefix."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from waypoint.core.access import program_role
from waypoint.core.models import Role

from . import services, uic
from .forms import SettingsForm
from .queries import settings_for


@program_role(Role.ADMIN)
def participant_settings(request: HttpRequest) -> HttpResponse:
    current = settings_for(request.program)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(request.program, actor=request.user, **form.cleaned_data)
        except services.ParticipantError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Participant settings saved."))
            return redirect("participants:settings")
    presets = [(recipe, [c.prompt for c in recipe.components]) for recipe in uic.PRESETS.values()]
    return render(
        request,
        "participants/settings.html",
        {"form": form, "presets": presets},
        status=400 if request.method == "POST" else 200,
    )
