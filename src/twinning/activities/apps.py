from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "twinning.activities"
    label = "activities"
    verbose_name = _("Running a group")

    def ready(self) -> None:
        from twinning.accounts.services import register_personal_data
        from twinning.activities import signals  # noqa: F401 (connects the receivers)
        from twinning.activities.services import personal_data, personal_data_erase

        register_personal_data("activities", export=personal_data, erase=personal_data_erase)

        from twinning.activities import contributions

        contributions.register()  # its part of the shared pages

        from twinning.activities.audit import ACTIONS
        from twinning.core.audit import register_actions

        register_actions(ACTIONS)  # what the history of changes calls its changes
