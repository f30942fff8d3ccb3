"""What accounts add to the shared pages: their menu entries."""

from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import MENU, MenuItem, permitted, signed_in


def register() -> None:
    MENU.add(
        MenuItem(
            "accounts.profile", _("Your account"), "accounts:profile", allowed=signed_in, order=100
        )
    )
    MENU.add(
        MenuItem(
            "accounts.people",
            _("People"),
            "accounts:people",
            allowed=permitted("accounts.view_people"),
            order=110,
        )
    )
