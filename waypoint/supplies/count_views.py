"""Counting a site's shelf (staff) and reading what a count found."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from waypoint.core.access import program_role
from waypoint.core.models import Role, Site

from .counts import SheetItem, count_sheet, record_stock_count
from .inventory_views import page
from .models import StockCount
from .stock import MAX_QUANTITY


class CountSheetForm(forms.Form):
    """One optional number per line of the count sheet; a blank line was not counted."""

    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def __init__(self, *args, sheet: list[SheetItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = {}
        for entry in sheet:
            entry.fields = []
            for row in entry.rows:
                name = f"c-{row.item.pk}-{row.lot.pk if row.lot else 0}"
                self.fields[name] = forms.IntegerField(
                    label=_row_label(row), required=False, min_value=0, max_value=MAX_QUANTITY
                )
                self.keys[name] = (row.item.pk, row.lot.pk if row.lot else None)
                entry.fields.append(self[name])

    def counted(self) -> dict:
        return {
            key: self.cleaned_data[name]
            for name, key in self.keys.items()
            if self.cleaned_data.get(name) is not None
        }


def _row_label(row) -> str:
    if row.lot is None:
        if row.item.tracks_lots:
            return _("%(item)s, without a lot number") % {"item": row.item.name}
        return row.item.name
    if row.lot.expires_on:
        return _("%(item)s, lot %(lot)s (expires %(date)s)") % {
            "item": row.item.name,
            "lot": row.lot.lot_number,
            "date": date_format(row.lot.expires_on),
        }
    return _("%(item)s, lot %(lot)s") % {"item": row.item.name, "lot": row.lot.lot_number}


@program_role(Role.STAFF)
def count(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    sheet = count_sheet(site)
    form = CountSheetForm(request.POST if request.method == "POST" else None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        counted = form.counted()
        try:
            stock_count = record_stock_count(
                request.program, site, counted, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Count saved: %(n)d lines at %(site)s.") % {"n": len(counted), "site": site.name},
            )
            return redirect("supplies:count_detail", count_id=stock_count.pk)
    return page(request, "count_form.html", {"site": site, "sheet": sheet, "form": form})


@program_role(Role.STAFF)
@require_GET
def count_detail(request: HttpRequest, count_id: int) -> HttpResponse:
    stock_count = get_object_or_404(
        StockCount.objects.select_related("site", "counted_by"), pk=count_id
    )
    lines = list(
        stock_count.lines.select_related("item", "lot").order_by(
            "item__sort_order", "item__name", "lot__expires_on"
        )
    )
    differences = [line for line in lines if line.difference]
    return page(
        request,
        "count.html",
        {"count": stock_count, "lines": lines, "differences": differences},
    )
