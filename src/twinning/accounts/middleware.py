from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.accounts.access import user_has_mfa
from twinning.accounts.services import api_token_user

# Pages a coordinator without a second factor may still open: setting one up,
# signing out, and what every page needs.
_ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/")
_ALLOWED_URL_NAMES = (
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
)


class RequireMfaMiddleware:
    """When TWINNING_REQUIRE_MFA is on, coordinators must set up two-factor sign-in first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Coordinators must turn on two-factor sign-in first."}, status=403
                )
            messages.warning(
                request,
                _("Coordinators must turn on two-factor sign-in before using the platform."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        if not settings.REQUIRE_MFA:
            return False
        user = request.user
        if not (user.is_authenticated and user.is_coordinator):
            return False
        path = request.path_info
        if path.startswith(_ALLOWED_PREFIXES):
            return False
        allowed = {reverse(name) for name in _ALLOWED_URL_NAMES}
        if path in allowed or path.startswith(reverse("mfa_index")):
            return False
        return not user_has_mfa(user)


class ApiTokenMiddleware:
    """On /api/ requests with `Authorization: Bearer <key>`, act as the key's coordinator.

    Tokens read only: any other method is refused, so no cross-site form can
    write with one. A missing, revoked or mistyped key gets 401 with a reason.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header and request.path_info.startswith("/api/"):
            scheme, _space, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                return JsonResponse(
                    {"detail": "Send the token as 'Authorization: Bearer <token>'."}, status=401
                )
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                return JsonResponse({"detail": "API tokens can only read (GET)."}, status=405)
            user = api_token_user(key.strip())
            if user is None:
                return JsonResponse(
                    {"detail": "This API token is not valid: it may be revoked or mistyped."},
                    status=401,
                )
            request.user = user
        return self.get_response(request)
