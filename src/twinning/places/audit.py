"""What the history of changes calls the changes places' services record."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "place.added": _("Place added"),
    "place.hidden": _("Place hidden"),
    "place.shown": _("Place shown again"),
}
