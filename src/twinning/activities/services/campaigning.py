"""Campaigning: the group's local contacts and what passed between them, and its public
meetings."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from twinning.accounts.services import acting_person
from twinning.activities.models import CampaignContact, Interaction, PublicMeeting
from twinning.activities.services.submissions import made_from, refuse_if_stale
from twinning.core.services import audit_log
from twinning.directory.models import Group

CONTACT_FIELDS = ("kind", "name", "organisation", "role", "email", "phone", "notes")
INTERACTION_FIELDS = ("on", "kind", "summary")
PUBLIC_MEETING_FIELDS = (
    "title", "speakers", "venue", "starts_at", "description", "expected_attendance",
    "actual_attendance", "follow_up",
)  # fmt: skip


STALE = gettext_lazy(
    "Someone else changed this public meeting while you were editing it. "
    "Your text is still below: compare, then save again."
)


def contact_create(
    *, actor, group: Group, values: dict[str, Any], form_nonce: str = ""
) -> CampaignContact:
    """Add a contact. The same form sent twice adds it once."""
    with transaction.atomic():
        made = made_from(actor, CampaignContact.objects.filter(group=group), form_nonce)
        if made is not None:
            return made
        contact = CampaignContact(
            group=group,
            form_nonce=form_nonce,
            created_by=acting_person(actor),
            **{name: values[name] for name in CONTACT_FIELDS if name in values},
        )
        contact.full_clean()
        contact.save()
        audit_log(actor=actor, action="contact.added", obj=contact, data={"kind": contact.kind})
    return contact


def contact_update(*, actor, contact: CampaignContact, values: dict[str, Any]) -> CampaignContact:
    with transaction.atomic():
        changed = [
            name
            for name in CONTACT_FIELDS
            if name in values and getattr(contact, name) != values[name]
        ]
        if not changed:
            return contact
        for name in changed:
            setattr(contact, name, values[name])
        contact.full_clean()
        contact.save(update_fields=[*changed, "updated_at"])
        audit_log(actor=actor, action="contact.changed", obj=contact, data={"changed": changed})
    return contact


def contact_remove(*, actor, contact: CampaignContact) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor, action="contact.removed", obj=contact.group, data={"kind": contact.kind}
        )
        contact.delete()


def interaction_record(
    *, actor, contact: CampaignContact, values: dict[str, Any], form_nonce: str = ""
) -> Interaction:
    """Log what passed with a contact. The same form sent twice logs it once."""
    with transaction.atomic():
        made = made_from(actor, contact.interactions, form_nonce)
        if made is not None:
            return made
        interaction = Interaction(
            contact=contact,
            recorded_by=acting_person(actor),
            form_nonce=form_nonce,
            **{name: values[name] for name in INTERACTION_FIELDS if name in values},
        )
        interaction.full_clean()
        interaction.save()
        audit_log(
            actor=actor,
            action="contact.interaction_recorded",
            obj=contact,
            data={"kind": interaction.kind, "on": interaction.on.isoformat()},
        )
    return interaction


def public_meeting_create(
    *, actor, group: Group, values: dict[str, Any], form_nonce: str = ""
) -> PublicMeeting:
    """Announce a public meeting; it is listed at once on the group's page and the network's
    list. The same form sent twice announces it once."""
    with transaction.atomic():
        made = made_from(actor, PublicMeeting.objects.filter(group=group), form_nonce)
        if made is not None:
            return made
        meeting = PublicMeeting(
            group=group,
            place=group.place,
            created_by=acting_person(actor),
            form_nonce=form_nonce,
            **{name: values[name] for name in PUBLIC_MEETING_FIELDS if name in values},
        )
        meeting.full_clean()
        meeting.save()
        audit_log(
            actor=actor,
            action="public_meeting.announced",
            obj=meeting,
            data={"starts_at": meeting.starts_at.isoformat()},
        )
    return meeting


def public_meeting_update(
    *, actor, meeting: PublicMeeting, values: dict[str, Any], version: str = ""
) -> PublicMeeting:
    with transaction.atomic():
        current = PublicMeeting.objects.select_for_update().get(pk=meeting.pk)
        changed = [
            name
            for name in PUBLIC_MEETING_FIELDS
            if name in values and getattr(current, name) != values[name]
        ]
        if not changed:
            return current
        refuse_if_stale(current, version, STALE)
        for name in changed:
            setattr(current, name, values[name])
        current.full_clean()
        current.save(update_fields=[*changed, "updated_at"])
        audit_log(
            actor=actor, action="public_meeting.changed", obj=current, data={"changed": changed}
        )
    return current


def public_meeting_cancel(*, actor, meeting: PublicMeeting) -> PublicMeeting:
    """Call a public meeting off: it leaves the public lists."""
    with transaction.atomic():
        current = PublicMeeting.objects.select_for_update().get(pk=meeting.pk)
        if current.cancelled_at is None:
            current.cancelled_at = timezone.now()
            current.save(update_fields=["cancelled_at", "updated_at"])
            audit_log(actor=actor, action="public_meeting.cancelled", obj=current)
    return current
