"""What the directory adds to the shared pages: the network today (its counts and the map of
who is twinned with whom) on the home page, its own links on a group's and a partner's page,
and its entries of the menu (`core.contributions`)."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    BOARD,
    GROUP_ACTIONS,
    HOME,
    MENU,
    PARTNER_ACTIONS,
    Action,
    MenuItem,
    Section,
)


def network_counts() -> dict[str, int]:
    """The public directory's links, groups, partners and the places they join: counted once
    per change of the directory (its revision), then read from the shared cache."""
    from twinning.core.services import revision_number
    from twinning.directory.models import Group, Link, Partner

    key = f"directory:network-counts:{revision_number('directory')}"
    counts = cache.get(key)
    if counts is None:
        links = Link.objects.public()
        counts = {
            "links": links.count(),
            "groups": Group.objects.approved().count(),
            "partners": Partner.objects.approved().count(),
            "places": links.places_twinned(),
        }
        cache.set(key, counts, timeout=24 * 3600)
    return counts


def _network_today(request, obj=None) -> dict:
    return {"network": network_counts()}


def _links_waiting(request, obj=None) -> dict | None:
    """On the introductions board: how many proposed links wait for the partner's yes."""
    from twinning.directory.access import may_review
    from twinning.directory.models import Link

    if not may_review(request.user):
        return None
    count = Link.objects.filter(status="proposed").count()
    return {"links_waiting": count} if count else None


def register() -> None:
    HOME.add(Section("directory.network", "directory/_home_network.html", _network_today, 10))
    MENU.add(
        MenuItem(
            "directory.overview", _("Who is twinned with whom"), "directory:overview", order=5
        ),
        MenuItem("directory.groups", _("Groups"), "directory:groups", order=10),
        MenuItem("directory.partners", _("Partners"), "directory:partners", order=20),
        MenuItem(
            "directory.review",
            _("Waiting for review"),
            "directory:review_queue",
            "directory.review_groups",
            65,
        ),
    )
    BOARD.add(
        Section("directory.links_waiting", "directory/_board_links_waiting.html", _links_waiting)
    )
    private, change = "directory.view_group_private", "directory.change_group"
    GROUP_ACTIONS.add(
        Action("directory.members", _("Members' area"), "directory:group_members", private, 10),
        Action("directory.edit", _("Edit the group"), "directory:group_edit", change, 50),
        Action("directory.propose", _("Propose a link"), "directory:link_propose", change, 60),
    )
    PARTNER_ACTIONS.add(
        Action(
            "directory.edit_partner",
            _("Edit the partner's page"),
            "directory:partner_edit",
            "directory.change_partner",
            10,
        )
    )
