from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.core.services import email_queue, site_url


class Network:
    """What allauth's emails call the site: the network by its name (in the reader's
    language), at the address the request came to, or the site's own outside a request."""

    name = _("Britain–Palestine twinning network")

    def __init__(self, request) -> None:
        if request is not None:
            self.domain = get_current_site(request).domain
        else:
            self.domain = urlsplit(settings.SITE_URL).netloc

    def __str__(self) -> str:
        return str(self.name)


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: emails go in the recipient's language, through the outbox and the
    task queue."""

    # allauth's refusals that people meet on the way in, in the site's words
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("That email address and password do not match an account."),
        "too_many_login_attempts": _("Too many failed attempts to sign in: try again later."),
        "incorrect_password": _("That is not your current password."),
        "enter_current_password": _("Type your current password."),
        "invalid_password_reset": _("The link to choose a new password no longer works."),
        "rate_limited": _("Too many tries from here: wait a little and try again."),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts wrong passwords per host name and account: a site answering to
        # two names (or two processes reached by their own addresses) would allow twice
        # the guesses. Count them per account only.
        login = credentials.get("email", credentials.get("username", ""))
        return f"login:{login.strip().lower()}"

    def get_login_redirect_url(self, request) -> str:
        """Signing in lands on the person's home, in the language they prefer (a person who
        prefers Arabic lands on the Arabic page whichever page they signed in on). A `next`
        address, when there is one, still comes first (allauth asks it before this)."""
        language = getattr(request.user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            return reverse("accounts:home")

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ) -> None:
        """allauth's messages ("You are signed in as …") in the language of the page the
        person lands on: their own, once signed in."""
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
        with translation.override(language or translation.get_language()):
            super().add_message(
                request, level, message_template, message_context, extra_tags, message
            )

    def get_signup_redirect_url(self, request) -> str:
        return self.get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = context.get("request") or self.request
        recipient = context.get("user") or User.objects.with_email(email).first()
        language = getattr(recipient, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            home = reverse("core:home")
            ctx = {
                "request": request,
                "email": email,
                **context,
                # greeted and signed by the network, not by the host name
                "current_site": Network(request),
                "network_url": request.build_absolute_uri(home) if request else site_url(home),
            }
            message = self.render_mail(template_prefix, email, ctx)
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next((c for c, mime in message.alternatives if mime == "text/html"), "")
        email_queue(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            html=html,
            from_email=message.from_email,
        )
