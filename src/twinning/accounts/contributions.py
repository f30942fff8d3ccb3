"""What accounts add to the shared pages: their menu entries (a person's home first)."""

from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import MENU, SIGNED_IN, MenuItem


def register() -> None:
    MENU.add(
        MenuItem("accounts.home", _("Your twinning"), "accounts:home", SIGNED_IN, 1),
        MenuItem("accounts.profile", _("Your account"), "accounts:profile", SIGNED_IN, 100),
        MenuItem("accounts.people", _("People"), "accounts:people", "accounts.view_people", 110),
        MenuItem("accounts.contact", _("Contact the network"), "accounts:contact", order=200),
    )
