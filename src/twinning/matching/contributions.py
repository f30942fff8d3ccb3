"""What matching adds to the shared pages: seeking a twin from a group's and a partner's page,
the communities seeking one after a registration of interest, and its menu entries."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    GROUP_ACTIONS,
    LINK_PAGE,
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


def _introductions_under_way(request, link) -> dict | None:
    """On a proposed link's page, for coordinators and the partner's contacts: the partner's
    introductions to other groups still under way, so a yes here is given knowing of them."""
    from twinning.matching.access import may_run_introductions, may_see_introductions_of
    from twinning.matching.models import Introduction

    if link.status != "proposed" or not may_see_introductions_of(request.user, link.partner):
        return None
    under_way = Introduction.objects.open().filter(request__partner=link.partner)
    if not may_run_introductions(request.user):
        under_way = under_way.exclude(introduced_at=None)  # a shortlist is the coordinators' own
    under_way = list(under_way.exclude(group=link.group).select_related("group"))
    return {"introductions": under_way} if under_way else None


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
    LINK_PAGE.add(
        Section(
            "matching.introductions_under_way",
            "matching/_link_introductions_under_way.html",
            _introductions_under_way,
        )
    )
