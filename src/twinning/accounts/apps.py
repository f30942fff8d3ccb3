from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from twinning.accounts import contributions, signals  # noqa: F401 (signals: the second factor)

        contributions.register()  # its part of the shared pages

        from twinning.accounts.audit import ACTIONS
        from twinning.core.audit import register_actions

        register_actions(ACTIONS)  # what the history of changes calls its changes
