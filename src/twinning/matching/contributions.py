"""What matching adds to the shared pages: seeking a twin from a group's and a partner's page,
the communities seeking one after a registration of interest, and its menu entries."""

from django.urls import reverse
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
    permitted,
)


def _seeking(request, obj=None) -> dict | None:
    from twinning.matching.models import TwinRequest

    seeking = list(TwinRequest.objects.seeking()[:5])
    return {"seeking": seeking, "language": get_language()} if seeking else None


def register() -> None:
    MENU.add(MenuItem("matching.seeking", _("Seeking a twin"), "matching:seeking", order=30))
    MENU.add(
        MenuItem(
            "matching.board",
            _("Introductions"),
            "matching:board",
            allowed=permitted("matching.run_introductions"),
            order=70,
        )
    )
    GROUP_ACTIONS.add(
        Action(
            "matching.offer",
            _("Seek a Palestinian partner"),
            url=lambda group: reverse("matching:offer_edit", args=[group.slug]),
            allowed=permitted("directory.change_group"),
            order=70,
        )
    )
    PARTNER_ACTIONS.add(
        Action(
            "matching.request",
            _("Ask for a British twin"),
            url=lambda partner: reverse("matching:request_new", args=[partner.slug]),
            allowed=permitted("directory.change_partner"),
            order=20,
        )
    )
    REGISTERED.add(Section("matching.seeking", "matching/_seeking_nearby.html", _seeking))
