from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """What the base template needs on every page."""
    return {"site_mode": settings.MODE}
