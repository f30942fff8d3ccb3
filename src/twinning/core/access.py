"""Who may reach the core's own objects. Views never fetch them any other way."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from twinning.core.models import OutgoingEmail


def get_email_for_user(user, pk: int, *, write: bool = False) -> OutgoingEmail:
    """An email of the outbox, for those who manage emails not sent (coordinators): anyone
    else is refused, and one that is gone (sent, or discarded) is not found."""
    if not user.has_perm("core.manage_emails"):
        raise PermissionDenied
    email = OutgoingEmail.objects.filter(pk=pk).first()
    if email is None:
        raise Http404
    return email
