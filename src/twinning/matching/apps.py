from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "twinning.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from twinning.accounts.services import register_personal_data
        from twinning.matching.services import personal_data, personal_data_erase

        register_personal_data("matching", export=personal_data, erase=personal_data_erase)

        from twinning.matching import contributions

        contributions.register()  # its part of the shared pages

        from twinning.core.audit import register_actions
        from twinning.matching.audit import ACTIONS

        register_actions(ACTIONS)  # what the history of changes calls its changes
