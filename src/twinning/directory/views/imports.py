"""Coordinators' import of a spreadsheet: upload, check, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.core.access import permission_required
from twinning.directory import services
from twinning.directory.access import get_import_for_user
from twinning.directory.forms import ImportStartForm, ImportUploadForm
from twinning.directory.models import ImportBatch


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("directory.import_directory")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Coordinators: upload a spreadsheet of the directory; it is checked (on the task
    queue), not yet imported."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_upload(
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(batch)
    recent = ImportBatch.objects.recent()
    status = 422 if form.errors else 200
    return render(
        request, "directory/import_upload.html", {"form": form, "recent": recent}, status=status
    )


@login_required
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The check of an uploaded file row by row, then the import's progress and result."""
    batch = get_import_for_user(request.user, pk)
    rows = batch.report.get("rows", [])
    context = {
        "batch": batch,
        "summary": batch.report.get("summary", {}),
        "rejected": [row for row in rows if row["problems"]],
        "accepted": [row for row in rows if not row["problems"]][:500],
        "percent": int(100 * batch.rows_done / batch.rows_total) if batch.rows_total else 0,
        "stalled": services.import_check_stalled(batch),
    }
    return render(request, "directory/import_detail.html", context)


@login_required
@require_POST
def import_check_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the check of a file again when the first has stopped (its worker died)."""
    batch = get_import_for_user(request.user, pk)
    if not services.import_check_again(actor=request.user, batch=batch):
        messages.info(request, _("The check of this file is under way or over."))
    return redirect(batch)


@login_required
@require_POST
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_for_user(request.user, pk)
    form = ImportStartForm(request.POST)
    form.is_valid()
    try:
        started = services.import_start(
            actor=request.user,
            batch=batch,
            accept_valid=form.cleaned_data.get("accept_valid", False),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not started:
            messages.info(request, _("This file has already been imported."))
    return redirect(batch)
