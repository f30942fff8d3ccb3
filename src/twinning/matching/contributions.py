"""What matching adds to the shared pages: seeking a twin from a group's and a partner's page,
the communities seeking one after a registration of interest, and its menu entries."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    GROUP_ACTIONS,
    MENU,
    PARTNER_ACTIONS,
    REGISTERED,
    Action,
    MenuItem,
    Section,
)


def _seeking(request, obj=None) -> dict | None:
    from twinning.matching.models import TwinRequest

    seeking = list(TwinRequest.objects.seeking()[:5])
    return {"seeking": seeking, "language": get_language()} if seeking else None


def register() -> None:
    MENU.add(
        MenuItem("matching.seeking", _("Seeking a twin"), "matching:seeking", order=30),
        MenuItem(
            "matching.board", _("Introductions"), "matching:board", "matching.run_introductions", 70
        ),
    )
    GROUP_ACTIONS.add(
        Action(
            "matching.offer",
            _("Seek a Palestinian partner"),
            "matching:offer_edit",
            "directory.change_group",
            70,
        )
    )
    PARTNER_ACTIONS.add(
        Action(
            "matching.request",
            _("Ask for a British twin"),
            "matching:request_new",
            "directory.change_partner",
            20,
        )
    )
    REGISTERED.add(Section("matching.seeking", "matching/_seeking_nearby.html", _seeking))
