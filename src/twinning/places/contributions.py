"""What the gazetteer adds to the shared pages: its menu entry."""

from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import MENU, MenuItem


def register() -> None:
    MENU.add(MenuItem("places.search", _("Places"), "places:search", order=60))
