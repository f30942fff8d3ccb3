from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from twinning.accounts import signals  # noqa: F401  (records a session's second factor)
