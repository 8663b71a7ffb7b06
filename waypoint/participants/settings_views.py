"""Program admins choose the code recipe, the optional facts recorded and the card prefix."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from waypoint.core.access import program_role
from waypoint.core.models import Role

from . import collisions, services, uic
from .forms import SettingsForm
from .queries import settings_for


def _estimate(recipe: uic.Recipe, people: int) -> dict:
    share = collisions.taken_share(recipe, people)
    n = collisions.one_in(share)
    if n == 0 or n > 100_000:
        text = _("Codes almost never repeat at this size.")
    else:
        text = _(
            "With about %(people)s people enrolled, 1 in %(n)s new people would get a code "
            "someone already has."
        ) % {"people": f"{people:,}", "n": f"{n:,}"}
    return {"text": text, "flagged": collisions.flagged(recipe, people)}


def _warning(recipe: uic.Recipe, people: int) -> str:
    n = collisions.one_in(collisions.taken_share(recipe, people))
    return _(
        "This recipe makes short codes: with about %(people)s people enrolled, 1 in %(n)s "
        "new people would get a code someone already has, and staff would see more "
        "look-alike records to check. Those people get a suffix letter. A longer recipe, "
        "such as the first one, avoids this."
    ) % {"people": f"{people:,}", "n": f"{n:,}"}


@program_role(Role.ADMIN)
def participant_settings(request: HttpRequest) -> HttpResponse:
    current = settings_for(request.program)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_settings(request.program, actor=request.user, **form.cleaned_data)
        except services.ParticipantError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Participant settings saved."))
            recipe = saved.get_recipe()
            if collisions.flagged(recipe, saved.expected_participants):
                messages.warning(request, _warning(recipe, saved.expected_participants))
            return redirect("participants:settings")
    people = current.expected_participants
    recipes = {**uic.PRESETS, uic.CUSTOM: None}
    if current.recipe == uic.CUSTOM or current.custom_components:
        recipes[uic.CUSTOM] = uic.custom_recipe(current.custom_components)
    choices = []
    for radio in form["recipe"]:
        recipe = recipes.get(radio.data["value"])
        choices.append((radio, recipe, _estimate(recipe, people) if recipe else None))
    chosen = current.get_recipe()
    return render(
        request,
        "participants/settings.html",
        {
            "form": form,
            "choices": choices,
            "warning": _warning(chosen, people) if collisions.flagged(chosen, people) else "",
        },
        status=400 if request.method == "POST" else 200,
    )
