from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "twinning.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from twinning.places.models import Place
        from twinning.places.services import forget_counties
        from twinning.places.signals import places_reloaded

        def forget(**kwargs) -> None:
            forget_counties()

        for signal in (post_save, post_delete):
            signal.connect(forget, sender=Place, weak=False, dispatch_uid=f"counties-{signal}")
        places_reloaded.connect(forget, weak=False, dispatch_uid="counties-reloaded")

        from twinning.places import contributions

        contributions.register()  # its part of the shared pages

        from twinning.core.audit import register_actions
        from twinning.places.audit import ACTIONS

        register_actions(ACTIONS)  # what the history of changes calls its changes
