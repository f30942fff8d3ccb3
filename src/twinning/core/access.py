"""Who may reach the core's own objects, and the one way the platform refuses.

Every app's `access.py` decides its refusals with `may`, `require` and `refuse`: nothing else
asks the permission table (`twinning/permissions.py`) or raises Http404 / PermissionDenied
for want of a right.
"""

from collections.abc import Callable
from functools import wraps
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404

from twinning.core.models import OutgoingEmail

Hide = bool | Callable[[], bool]


def may(user, permission: str, obj=None) -> bool:
    """Whether `user` has `permission` (on `obj`, or across the network without one)."""
    return bool(user.is_authenticated and user.has_perm(permission, obj))


def refuse(user, *, hide: Hide = False) -> NoReturn:
    """Refuse `user` what they asked for.

    404 (nothing is confirmed to exist) for a person signed out and wherever `hide` holds: a
    tenant of another group or partner may not learn what other tenants hold. 403 for a
    signed-in person who lacks the right. `hide` may be a callable, asked only when needed.
    """
    if not user.is_authenticated or (hide() if callable(hide) else hide):
        raise Http404
    raise PermissionDenied


def require(user, permission: str, obj=None, *, hide: Hide = False) -> None:
    """Return when `user` has `permission` (on `obj`); otherwise `refuse`."""
    if not may(user, permission, obj):
        refuse(user, hide=hide)


def permission_required(permission: str):
    """A view of the whole network (no object) for those with `permission`, refused as
    `require` refuses. Put it under `login_required`, which sends a person signed out to sign in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_email_for_user(user, pk: int, *, write: bool = False) -> OutgoingEmail:
    """An email of the outbox, for those who manage emails not sent (coordinators): anyone
    else is refused, and one that is gone (sent, or discarded) is not found."""
    require(user, "core.manage_emails")
    email = OutgoingEmail.objects.filter(pk=pk).first()
    if email is None:
        raise Http404
    return email
