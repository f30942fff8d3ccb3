"""What starting a group adds to the shared pages: a new group's checklist from its page, its
menu entries, and where "start a group with a few neighbours" leads from other apps' pages."""

from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import GROUP_ACTIONS, MENU, START_GROUP, Action, MenuItem


def register() -> None:
    MENU.add(
        MenuItem("formation.start", _("Start a group"), "formation:start", order=40),
        MenuItem(
            "formation.pools", _("People nearby"), "formation:pools", "formation.manage_pools", 80
        ),
    )
    START_GROUP.add(MenuItem("formation.start", _("Start a group"), "formation:start"))
    GROUP_ACTIONS.add(
        Action(
            "formation.checklist",
            _("Starter checklist"),
            "formation:checklist",
            "directory.change_group",
            80,
        )
    )
