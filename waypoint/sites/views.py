"""Pages for a program's sites: the list, one site with its weekly hours and closures,
and the coordinator's forms to change them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import program_role
from waypoint.core.models import Role, Site, SiteClosure, SiteHours
from waypoint.core.queries import list_sites

from . import services
from .forms import SiteClosureForm, SiteForm, SiteHoursForm


@program_role(Role.STAFF)
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    all_sites = list_sites(request.program, active_only=False).prefetch_related("hours", "closures")
    return render(request, "sites/list.html", {"sites": all_sites})


@program_role(Role.STAFF)
@require_GET
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects.prefetch_related("hours", "closures"), pk=site_id)
    can_edit = request.membership.has_role(Role.COORDINATOR)
    return render(
        request,
        "sites/detail.html",
        {
            "site": site,
            "can_edit": can_edit,
            "hours_form": SiteHoursForm(prefix="hours") if can_edit else None,
            "closure_form": SiteClosureForm(prefix="closure") if can_edit else None,
        },
    )


@program_role(Role.COORDINATOR)
def site_create(request: HttpRequest) -> HttpResponse:
    return _site_form(request, Site(program=request.program))


@program_role(Role.COORDINATOR)
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    return _site_form(request, get_object_or_404(Site.objects, pk=site_id))


def _site_form(request: HttpRequest, site: Site) -> HttpResponse:
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        site = services.save_site(form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved %(site)s.") % {"site": site.name})
        return redirect("sites:detail", site_id=site.pk)
    return render(request, "sites/form.html", {"form": form, "site": site})


@program_role(Role.COORDINATOR)
@require_POST
def site_hours_add(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    form = SiteHoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            services.add_site_hours(site, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Opening hours added."))
    else:
        messages.error(
            request, _("Those hours were not saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect("sites:detail", site_id=site.pk)


@program_role(Role.COORDINATOR)
@require_POST
def site_hours_remove(request: HttpRequest, site_id: int, hours_id: int) -> HttpResponse:
    hours = get_object_or_404(SiteHours.objects, pk=hours_id, site_id=site_id)
    services.remove_site_hours(hours, actor=request.user)
    messages.success(request, _("Opening hours removed."))
    return redirect("sites:detail", site_id=site_id)


@program_role(Role.COORDINATOR)
@require_POST
def site_closure_add(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    form = SiteClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        services.add_closure(site, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Closure added."))
    else:
        messages.error(
            request, _("The closure was not saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect("sites:detail", site_id=site.pk)


@program_role(Role.COORDINATOR)
@require_POST
def site_closure_remove(request: HttpRequest, site_id: int, closure_id: int) -> HttpResponse:
    closure = get_object_or_404(SiteClosure.objects, pk=closure_id, site_id=site_id)
    services.remove_closure(closure, actor=request.user)
    messages.success(request, _("Closure removed."))
    return redirect("sites:detail", site_id=site_id)


def _errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
