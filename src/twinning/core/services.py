"""What every app shares when it changes state: the audit log."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from twinning.core.models import AuditEntry


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
