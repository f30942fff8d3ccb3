"""Changes to the gazetteer by coordinators, kept in the history."""

from django.db import transaction

from twinning.core.services import audit_log
from twinning.places.models import Place


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
