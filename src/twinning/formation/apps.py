from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormationConfig(AppConfig):
    name = "twinning.formation"
    label = "formation"
    verbose_name = _("Starting a group")

    def ready(self) -> None:
        from twinning.accounts.services import register_personal_data
        from twinning.formation.services import personal_data, personal_data_erase

        register_personal_data("formation", export=personal_data, erase=personal_data_erase)

        from twinning.formation import contributions, signals  # noqa: F401 (signals: checklists)

        contributions.register()  # its part of the shared pages

        from twinning.core.audit import register_actions
        from twinning.formation.audit import ACTIONS

        register_actions(ACTIONS)  # what the history of changes calls its changes
