"""The site's main menu: what each app registered in `core.contributions.MENU` (from its
`ready()`), for whoever may follow it. `core` names no domain app."""

from django.http import HttpRequest
from django.urls import reverse

from twinning.core.contributions import MENU


def main_menu(request: HttpRequest) -> dict:
    items = [
        {"url": reverse(item.url_name), "label": item.label} for item in MENU.allowed(request.user)
    ]
    return {"main_menu": items}
