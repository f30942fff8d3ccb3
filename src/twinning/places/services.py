"""The gazetteer's services: the counties it offers; changes by coordinators, kept in history."""

from django.core.cache import caches
from django.db import transaction

from twinning.core.services import audit_log
from twinning.places.models import Place

# Suggestions only (any county may be typed), so a few minutes' delay in another
# process, whose cache this one cannot clear, does no harm.
COUNTIES_CACHE_SECONDS = 300
_COUNTIES_KEY = "places:counties"
cache = caches["local"]


def british_counties() -> list[str]:
    """Every county of a British place, in order: the suggestions of county boxes."""
    counties = cache.get(_COUNTIES_KEY)
    if counties is None:
        counties = list(
            Place.objects.filter(country="GB")
            .exclude(county="")
            .order_by("county")
            .values_list("county", flat=True)
            .distinct()
        )
        cache.set(_COUNTIES_KEY, counties, timeout=COUNTIES_CACHE_SECONDS)
    return counties


def forget_counties() -> None:
    cache.delete(_COUNTIES_KEY)


def place_create(*, actor, values: dict) -> Place:
    """Add a place the gazetteer is missing."""
    with transaction.atomic():
        place = Place(**values, key="added:pending", source="added by a coordinator")
        place.refresh_search_keys()
        place.full_clean(exclude=["key"])
        place.save()
        place.key = f"added:{place.pk}"
        place.save(update_fields=["key"])
        audit_log(actor=actor, action="place.added", obj=place, data={"country": place.country})
    return place


def place_set_hidden(*, actor, place: Place, hidden: bool) -> Place:
    """Hide a place from forms and search (or offer it again)."""
    if place.hidden == hidden:
        return place
    with transaction.atomic():
        place.hidden = hidden
        place.save(update_fields=["hidden"])
        audit_log(
            actor=actor, action="place.hidden" if hidden else "place.shown", obj=place, data={}
        )
    return place
