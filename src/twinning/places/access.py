"""Places are public facts; only coordinators add or hide them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from twinning.places.models import Place


def get_place_for_user(user, pk: int, *, write: bool = False) -> Place:
    """A place as `user` may see it: hidden places only for coordinators."""
    place = Place.objects.filter(pk=pk).first()
    if place is None:
        raise Http404
    can_manage = user.is_authenticated and user.has_perm("places.manage_places")
    if place.hidden and not can_manage:
        raise Http404
    if write and not can_manage:
        raise PermissionDenied
    return place


def require_place_manager(user) -> None:
    if not (user.is_authenticated and user.has_perm("places.manage_places")):
        raise PermissionDenied
