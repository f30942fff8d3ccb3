"""What starting a group adds to the shared pages: a new group's checklist from its page, and
its menu entries."""

from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import GROUP_ACTIONS, MENU, Action, MenuItem


def register() -> None:
    MENU.add(
        MenuItem("formation.start", _("Start a group"), "formation:start", order=40),
        MenuItem(
            "formation.pools", _("People nearby"), "formation:pools", "formation.manage_pools", 80
        ),
    )
    GROUP_ACTIONS.add(
        Action(
            "formation.checklist",
            _("Starter checklist"),
            "formation:checklist",
            "directory.change_group",
            80,
        )
    )
