"""What the history of changes calls the changes matching's services record."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "request.created": _("Request for a twin made"),
    "request.status": _("Request for a twin changed"),
    "request.interest": _("Interest in a community expressed"),
    "request.pair_excluded": _("Pair ruled out for introductions"),
    "offer.created": _("Group's offer to twin made"),
    "introduction.created": _("Group shortlisted for an introduction"),
    "introduction.step": _("Introduction moved on"),
    "introduction.accepted": _("Introduction accepted"),
}
