from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "twinning.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from twinning.core import contributions

        contributions.register()  # its part of the shared pages
