from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "twinning.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from twinning.accounts.services import register_personal_data
        from twinning.directory.services import personal_data, personal_data_erase

        register_personal_data("directory", export=personal_data, erase=personal_data_erase)

        from twinning.directory import contributions, signals  # noqa: F401 (signals: the search index)

        contributions.register()  # its part of the shared pages

        from twinning.core.audit import register_actions
        from twinning.directory.audit import ACTIONS

        register_actions(ACTIONS)  # what the history of changes calls its changes
