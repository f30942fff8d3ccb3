"""What the directory adds to the shared pages: its own links on a group's and a partner's
page, and its entries of the menu (`core.contributions`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    GROUP_ACTIONS,
    MENU,
    PARTNER_ACTIONS,
    Action,
    MenuItem,
    permitted,
)


def register() -> None:
    MENU.add(MenuItem("directory.groups", _("Groups"), "directory:groups", order=10))
    MENU.add(MenuItem("directory.partners", _("Partners"), "directory:partners", order=20))
    GROUP_ACTIONS.add(
        Action(
            "directory.members",
            _("Members' area"),
            url=lambda group: reverse("directory:group_members", args=[group.slug]),
            allowed=permitted("directory.view_group_private"),
            order=10,
        )
    )
    GROUP_ACTIONS.add(
        Action(
            "directory.edit",
            _("Edit the group"),
            url=lambda group: reverse("directory:group_edit", args=[group.slug]),
            allowed=permitted("directory.change_group"),
            order=50,
        )
    )
    GROUP_ACTIONS.add(
        Action(
            "directory.propose_link",
            _("Propose a link"),
            url=lambda group: reverse("directory:link_propose", args=[group.slug]),
            allowed=permitted("directory.change_group"),
            order=60,
        )
    )
    PARTNER_ACTIONS.add(
        Action(
            "directory.edit_partner",
            _("Edit the partner's page"),
            url=lambda partner: reverse("directory:partner_edit", args=[partner.slug]),
            allowed=permitted("directory.change_partner"),
            order=10,
        )
    )
