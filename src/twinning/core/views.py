import logging
import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from twinning.core import services
from twinning.core.access import get_email_for_user, permission_required
from twinning.core.forms import AuditFilterForm
from twinning.core.models import AuditEntry, OutgoingEmail

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What twinning is, why it matters, and how to start."""
    return render(request, "core/home.html")


@require_safe
def about_data(request: HttpRequest) -> HttpResponse:
    """Where the platform's data comes from, and how people's details are protected."""
    return render(request, "core/privacy.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# What a database that is down, restarting or out of reach says, as opposed to
# a fault of ours (a missing table, a bad query) that must stay a 500.
_SQLITE_UNAVAILABLE = ("unable to open", "database is locked", "disk i/o", "readonly database")


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached now (worth retrying)."""
    if isinstance(error, InterfaceError):
        return True  # the connection is gone
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if cause is not None and hasattr(cause, "sqlstate"):
        # PostgreSQL: no state at all when the connection failed; class 08 (connection)
        # and 57P0x (server shutting down or starting) otherwise
        return sqlstate is None or sqlstate.startswith(("08", "57P0"))
    return any(phrase in str(error).lower() for phrase in _SQLITE_UNAVAILABLE)


def server_error(request: HttpRequest) -> HttpResponse:
    """The friendly 500 page, or 503 when the database is what failed.

    Django calls this while handling the exception, so it can tell a database
    that does not answer (retry soon: nothing was half-written, every change
    is saved in a transaction) from a fault of ours. Renders without the database.
    """
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if request.path_info.startswith("/api/"):
        detail = (
            "The database is not answering. Try again in a minute; if you sent a change, "
            "check whether it was saved before sending it again."
            if unavailable
            else "Something went wrong on our side. It has been logged."
        )
        response = JsonResponse({"detail": detail}, status=status)
    else:
        template = loader.get_template("503.html" if unavailable else "500.html")
        response = HttpResponse(template.render({"request": request}), status=status)
    if unavailable:
        response["Retry-After"] = "60"
    return response


@require_safe
@login_required
@permission_required("core.view_audit")
def audit_history(request: HttpRequest) -> HttpResponse:
    """Coordinators: the history of changes, newest first."""
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.for_history(
        action=form.cleaned_data["action"] if form.is_valid() else ""
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "form": form})


@login_required
@require_safe
@permission_required("core.manage_emails")
def emails_not_sent(request: HttpRequest) -> HttpResponse:
    """Coordinators: the emails that could not be sent, the latest failure first, with why,
    and buttons to try again now or discard."""
    page = Paginator(OutgoingEmail.objects.not_sent(), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "stuck": services.emails_stuck_count(),
        "max_attempts": services.MAX_ATTEMPTS,
        "keep_days": services.KEEP_UNSENT_DAYS,
    }
    return render(request, "core/emails_not_sent.html", context)


@login_required
@require_POST
def email_retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_email_for_user(request.user, pk, write=True)
    services.email_retry(actor=request.user, email=email)
    after = OutgoingEmail.objects.filter(pk=pk).only("attempts").first()
    # no address or subject in the message: it travels in a cookie
    if after is None:
        messages.success(request, _("The email is sent."))
    elif after.attempts > email.attempts:
        messages.error(request, _("It could not be sent this time either: the reason is below."))
    else:
        messages.success(request, _("The email will be tried again in a moment."))
    return redirect("core:emails_not_sent")


@login_required
@require_POST
def email_discard(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_email_for_user(request.user, pk, write=True)
    services.email_discard(actor=request.user, email=email)
    messages.success(request, _("The email is discarded: it will not be sent."))
    return redirect("core:emails_not_sent")
