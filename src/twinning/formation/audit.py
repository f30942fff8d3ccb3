"""What the history of changes calls the changes formation's services record."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "pool.alerted": _("Enough people nearby to start a group"),
    "pool.group_started": _("Group started from people nearby"),
    "group.checklist": _("Starter checklist step ticked"),
}
