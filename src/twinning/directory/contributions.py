"""What the directory adds to the shared pages: its own links on a group's and a partner's
page, and its entries of the menu (`core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import GROUP_ACTIONS, MENU, PARTNER_ACTIONS, Action, MenuItem


def register() -> None:
    MENU.add(
        MenuItem("directory.groups", _("Groups"), "directory:groups", order=10),
        MenuItem("directory.partners", _("Partners"), "directory:partners", order=20),
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
