"""The site's main menu, assembled at project level so `core` names no domain app."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.access import may

# (URL name, label, who sees it: "all", "signed-in" or a permission name)
MENU = [
    ("directory:groups", _("Groups"), "all"),
    ("directory:partners", _("Partners"), "all"),
    ("matching:seeking", _("Seeking a twin"), "all"),
    ("formation:start", _("Start a group"), "all"),
    ("activities:whats_on", _("What's on"), "all"),
    ("places:search", _("Places"), "all"),
    ("matching:board", _("Introductions"), "matching.run_introductions"),
    ("formation:pools", _("People nearby"), "formation.manage_pools"),
    ("activities:link_health", _("Quiet links"), "activities.view_link_health"),
    ("accounts:profile", _("Your account"), "signed-in"),
    ("accounts:people", _("People"), "accounts.view_people"),
    ("core:audit", _("History"), "core.view_audit"),
    ("core:emails_not_sent", _("Emails not sent"), "core.manage_emails"),
]


def main_menu(request: HttpRequest) -> dict:
    user = request.user
    items = []
    for url_name, label, audience in MENU:
        if audience == "signed-in" and not user.is_authenticated:
            continue
        if audience not in ("all", "signed-in") and not may(user, audience):
            continue
        items.append({"url": reverse(url_name), "label": label})
    return {"main_menu": items}
