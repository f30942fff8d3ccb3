"""What every app shares when it changes state: the audit log, and revision counters."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from twinning.core.models import AuditEntry, Revision


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. Call it inside the service's transaction.

    `action` is a dotted name such as ``"group.organiser_added"``; `data` holds
    what changed, and never secrets (passwords, tokens, passport numbers).
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )


def site_url(path: str) -> str:
    """An absolute address on the site, for links in emails sent outside a request."""
    return settings.SITE_URL.rstrip("/") + path


def revision_bump(name: str) -> None:
    """Mark that `name`'s data changed (inside the change's own transaction)."""
    if not Revision.objects.filter(name=name).update(number=models.F("number") + 1):
        Revision.objects.get_or_create(name=name)
        Revision.objects.filter(name=name).update(number=models.F("number") + 1)


def revision_number(name: str) -> int:
    """How many times `name`'s data has changed: a version for caches built from it."""
    return Revision.objects.filter(name=name).values_list("number", flat=True).first() or 0
