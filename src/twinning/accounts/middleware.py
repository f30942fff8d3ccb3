from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from twinning.accounts.access import needs_second_factor, second_factor_used, user_has_mfa
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
    """When TWINNING_REQUIRE_MFA is on, coordinators and technical administrators must have
    set up a second factor, and this session must have used it.

    Having an authenticator is not enough: a session signed in some other way (an old
    session, a sign-in page that skipped the second step) is signed out and sent to sign in
    again. A request made with an API token carries no session: its owner must still have an
    authenticator (tokens made before this rule were revoked by a migration).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.REQUIRE_MFA
            or request.path_info.startswith(_ALLOWED_PREFIXES)
            or not needs_second_factor(request.user)
        ):
            return self.get_response(request)
        api = request.path_info.startswith("/api/")
        if not user_has_mfa(request.user):
            if self._may_set_up(request):
                return self.get_response(request)
            if api:
                return JsonResponse(
                    {"detail": "Coordinators must turn on two-factor sign-in first."}, status=403
                )
            messages.warning(
                request,
                _("Coordinators must turn on two-factor sign-in before using the platform."),
            )
            return redirect("mfa_activate_totp")
        # an API token carries no session to ask: it is enough that its owner has the factor
        if getattr(request, "signed_in_with_api_token", False) or second_factor_used(request):
            return self.get_response(request)
        logout(request)
        if api:
            return JsonResponse(
                {"detail": "Sign in again with your authenticator app: this session did not."},
                status=403,
            )
        messages.warning(
            request, _("Please sign in again, with the code from your authenticator app.")
        )
        next_url = request.get_full_path() if request.method == "GET" else "/"
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    @staticmethod
    def _may_set_up(request: HttpRequest) -> bool:
        """Pages that set up the second factor (or sign out) stay open without one."""
        path = request.path_info
        allowed = {reverse(name) for name in _ALLOWED_URL_NAMES}
        return path in allowed or path.startswith(reverse("mfa_index"))


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
            request.signed_in_with_api_token = True
        return self.get_response(request)
