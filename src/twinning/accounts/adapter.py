from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from twinning.accounts.models import User
from twinning.core.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: emails go in the recipient's language, through the outbox and the
    task queue."""

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

    def get_signup_redirect_url(self, request) -> str:
        return self.get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = context.get("request") or self.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        recipient = context.get("user") or User.objects.with_email(email).first()
        language = getattr(recipient, "preferred_language", "") or translation.get_language()
        with translation.override(language):
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
