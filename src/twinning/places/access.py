"""Places are public facts; only coordinators add or hide them."""

from django.http import Http404

from twinning.core.access import may, refuse
from twinning.places.models import Place


def may_manage_places(user) -> bool:
    """Whether `user` adds missing places and hides wrong ones (coordinators)."""
    return may(user, "places.manage_places")


def get_place_for_user(user, pk: int, *, write: bool = False) -> Place:
    """A place as `user` may see it: hidden places only for coordinators."""
    place = Place.objects.filter(pk=pk).first()
    if place is None:
        raise Http404
    if place.hidden and not may_manage_places(user):
        refuse(user, hide=True)
    if write and not may_manage_places(user):
        refuse(user)
    return place
