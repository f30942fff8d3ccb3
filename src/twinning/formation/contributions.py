"""What starting a group adds to the shared pages: a new group's checklist from its page, and
its menu entries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import GROUP_ACTIONS, MENU, Action, MenuItem, permitted


def register() -> None:
    MENU.add(MenuItem("formation.start", _("Start a group"), "formation:start", order=40))
    MENU.add(
        MenuItem(
            "formation.pools",
            _("People nearby"),
            "formation:pools",
            allowed=permitted("formation.manage_pools"),
            order=80,
        )
    )
    GROUP_ACTIONS.add(
        Action(
            "formation.checklist",
            _("Starter checklist"),
            url=lambda group: reverse("formation:checklist", args=[group.slug]),
            allowed=permitted("directory.change_group"),
            order=80,
        )
    )
