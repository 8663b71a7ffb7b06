"""Catalog management for coordinators: items, quick items, and shelf counts at the current site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import program_role
from waypoint.core.models import Role

from ..forms import CountForm, SupplyItemForm
from ..models import SupplyItem
from ..queries import catalog_with_stock
from ..services.catalog import save_item
from ..services.counts import record_stock_count


@program_role(Role.COORDINATOR)
@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    rows = catalog_with_stock(request.program, request.site)
    return render(request, "supplies/catalog.html", {"rows": rows})


@program_role(Role.COORDINATOR)
def item_create(request: HttpRequest) -> HttpResponse:
    return _item_form(request, SupplyItem(program=request.program))


@program_role(Role.COORDINATOR)
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    return _item_form(request, get_object_or_404(SupplyItem.objects, pk=item_id))


def _item_form(request: HttpRequest, item: SupplyItem) -> HttpResponse:
    form = SupplyItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = save_item(form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved %(item)s.") % {"item": item.name})
            return redirect("supplies:catalog")
    return render(request, "supplies/item_form.html", {"form": form, "item": item})


@program_role(Role.COORDINATOR)
@require_POST
def item_count(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(SupplyItem.objects, pk=item_id)
    form = CountForm(request.POST)
    if request.site is None:
        messages.error(request, _("Choose a site first: counts are per site."))
    elif item.tracks_lots:
        # A number for the whole item cannot say which lot it is in: count it by lot.
        messages.error(
            request, _("%(item)s is counted by lot, on the count sheet.") % {"item": item.name}
        )
        return redirect("supplies:count", site_id=request.site.pk)
    elif form.is_valid():
        # The quick count is one line of a count sheet: the same ledger movement, the
        # same variance page.
        record_stock_count(
            request.program,
            request.site,
            {(item.pk, None): form.cleaned_data["counted"]},
            actor=request.user,
            note=_("Quick count from the catalog"),
        )
        messages.success(
            request,
            _("Counted %(n)d of %(item)s at %(site)s.")
            % {"n": form.cleaned_data["counted"], "item": item.name, "site": request.site.name},
        )
    else:
        messages.error(request, _("Give the count as a whole number, 0 or more."))
    return redirect("supplies:catalog")
