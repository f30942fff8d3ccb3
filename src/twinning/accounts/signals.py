"""Side records kept from allauth's signals."""

import time

from allauth.mfa.signals import authenticator_added, authenticator_used
from django.dispatch import receiver
from django.http import HttpRequest

from twinning.accounts.access import SECOND_FACTOR_SESSION_KEY


@receiver(authenticator_used)
@receiver(authenticator_added)
def record_second_factor(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """The session proved the second factor: a code at sign-in (or reauthentication), or a
    code that set the authenticator up. `RequireMfaMiddleware` asks for this."""
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_FACTOR_SESSION_KEY] = time.time()
