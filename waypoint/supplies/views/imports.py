"""The import page: upload a CSV, see every row checked (nothing written), then import it all."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from waypoint.core.access import program_role
from waypoint.core.models import Role

from ..forms import ImportForm
from ..services import imports
from . import page


@program_role(Role.COORDINATOR)
def import_csv(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    content = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is not None:
            if upload.size > imports.MAX_BYTES:
                form.add_error(
                    "file", _("The file is larger than 2 MB; split it into smaller files.")
                )
                return page(request, "import.html", {"form": form, "columns": imports.COLUMNS})
            raw = upload.read()
        else:
            raw = form.cleaned_data["content"]
        kind = form.cleaned_data["kind"]
        if not raw:
            form.add_error("file", _("Choose a CSV file."))
        elif request.POST.get("confirm") == "1" and upload is None:
            try:
                result = imports.run_import(request.program, kind, raw, actor=request.user)
            except imports.ImportRefused as refused:
                result = refused.result
            else:
                messages.success(request, _("Imported %(n)d rows.") % {"n": len(result.rows)})
                return redirect(
                    "supplies:dashboard" if kind == imports.STOCK else "supplies:catalog"
                )
        else:
            result = imports.preview(request.program, kind, raw)
        if result is not None and result.ok:
            content = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    return page(
        request,
        "import.html",
        {"form": form, "result": result, "content": content, "columns": imports.COLUMNS},
    )
