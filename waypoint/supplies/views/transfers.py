"""Transfer pages: list, send (coordinators), detail, receive (staff at the destination), cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import program_role
from waypoint.core.models import Role

from ..forms import CancelForm, TransferForm, TransferLineForm, filled_lines, line_forms
from ..models import Transfer, TransferLine, TransferStatus
from ..services import transfers as service
from . import page


def _with_lines(queryset):
    return queryset.select_related("from_site", "to_site", "sent_by").prefetch_related(
        Prefetch(
            "lines",
            queryset=TransferLine.objects.select_related("item", "lot").order_by("pk"),
        )
    )


@program_role(Role.STAFF)
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    transfers = _with_lines(Transfer.objects.filter(program=request.program))
    on_the_way = list(transfers.filter(status=TransferStatus.SENT).order_by("sent_at", "pk"))
    recent = list(transfers.exclude(status=TransferStatus.SENT)[:30])
    return page(request, "transfers.html", {"on_the_way": on_the_way, "recent": recent})


@program_role(Role.COORDINATOR)
def transfer_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {"from_site": request.site.pk} if request.site else None
    form = TransferForm(data, program=request.program, initial=initial)
    lines = line_forms(TransferLineForm, data, program=request.program)
    if data is not None:
        chosen = filled_lines(lines)
        valid = form.is_valid() & all([line.is_valid() for line in lines])
        if not chosen:
            form.add_error(None, _("Fill in at least one line: an item and how many."))
        elif valid:
            try:
                transfer = service.send_transfer(
                    request.program,
                    form.cleaned_data["from_site"],
                    form.cleaned_data["to_site"],
                    [
                        service.TransferLineInput(
                            line.cleaned_data["item"],
                            line.cleaned_data["quantity"],
                            line.cleaned_data.get("lot"),
                        )
                        for line in chosen
                    ],
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Sent to %(site)s. It is on the way until someone there receives it.")
                    % {"site": transfer.to_site.name},
                )
                return redirect("supplies:transfer", transfer_id=transfer.pk)
    return page(request, "transfer_form.html", {"form": form, "lines": lines})


@program_role(Role.STAFF)
@require_GET
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(_with_lines(Transfer.objects), pk=transfer_id)
    return page(request, "transfer.html", {"transfer": transfer, "cancel_form": CancelForm()})


@program_role(Role.STAFF)
@require_POST
def transfer_receive(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(Transfer.objects, pk=transfer_id)
    try:
        transfer = service.receive_transfer(transfer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Received at %(site)s.") % {"site": transfer.to_site.name})
    return redirect("supplies:transfer", transfer_id=transfer.pk)


@program_role(Role.COORDINATOR)
@require_POST
def transfer_cancel(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(Transfer.objects, pk=transfer_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the transfer is cancelled."))
        return redirect("supplies:transfer", transfer_id=transfer.pk)
    try:
        transfer = service.cancel_transfer(
            transfer, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Cancelled: the stock is back on the shelf at %(site)s.")
            % {"site": transfer.from_site.name},
        )
    return redirect("supplies:transfer", transfer_id=transfer.pk)
