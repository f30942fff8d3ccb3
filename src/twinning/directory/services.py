"""Every change to groups, partners and who runs them goes through these functions."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twinning.core.services import audit_log
from twinning.directory.models import Group, GroupRole, Partner, PartnerContact


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        field: [getattr(obj, field), value]
        for field, value in values.items()
        if getattr(obj, field) != value
    }


def group_update(*, actor, group: Group, name: str, description: str) -> Group:
    """Change a group's public details."""
    changes = _changed(group, {"name": name.strip(), "description": description})
    if not changes:
        return group
    with transaction.atomic():
        for field, (_old, new) in changes.items():
            setattr(group, field, new)
        group.save(update_fields=list(changes))
        audit_log(actor=actor, action="group.updated", obj=group, data={"changed": sorted(changes)})
    return group


def group_role_set(*, actor, group: Group, user, role: str) -> GroupRole:
    """Add a person to a group, or change their role in it."""
    with transaction.atomic():
        existing = GroupRole.objects.select_for_update().filter(group=group, user=user).first()
        if existing is not None and existing.role == role:
            return existing
        if existing is not None and existing.role == GroupRole.Role.ORGANISER:
            _refuse_if_last_organiser(group, existing)
        group_role, created = GroupRole.objects.update_or_create(
            group=group, user=user, defaults={"role": role}
        )
        audit_log(
            actor=actor,
            action="group.role_added" if created else "group.role_changed",
            obj=group,
            data={"user_id": user.pk, "role": role},
        )
    return group_role


def group_role_remove(*, actor, group_role: GroupRole) -> None:
    """Take a person out of a group."""
    with transaction.atomic():
        if group_role.role == GroupRole.Role.ORGANISER:
            _refuse_if_last_organiser(group_role.group, group_role)
        audit_log(
            actor=actor,
            action="group.role_removed",
            obj=group_role.group,
            data={"user_id": group_role.user_id, "role": group_role.role},
        )
        group_role.delete()


def _refuse_if_last_organiser(group: Group, group_role: GroupRole) -> None:
    others = (
        GroupRole.objects.select_for_update()
        .filter(group=group, role=GroupRole.Role.ORGANISER)
        .exclude(pk=group_role.pk)
    )
    if not others.exists():
        raise ValidationError(
            _("A group needs at least one organiser. Make someone else an organiser first.")
        )


def partner_update(*, actor, partner: Partner, values: dict[str, str]) -> Partner:
    """Change a partner's public details (in English and Arabic)."""
    allowed = {"name", "name_ar", "description", "description_ar"}
    changes = _changed(partner, {k: v for k, v in values.items() if k in allowed})
    if not changes:
        return partner
    with transaction.atomic():
        for field, (_old, new) in changes.items():
            setattr(partner, field, new)
        partner.save(update_fields=list(changes))
        audit_log(
            actor=actor, action="partner.updated", obj=partner, data={"changed": sorted(changes)}
        )
    return partner


def partner_contact_add(*, actor, partner: Partner, user) -> PartnerContact:
    """Let a person speak for a partner."""
    with transaction.atomic():
        contact, created = PartnerContact.objects.get_or_create(partner=partner, user=user)
        if created:
            audit_log(
                actor=actor, action="partner.contact_added", obj=partner, data={"user_id": user.pk}
            )
    return contact


def personal_data(user) -> dict[str, Any]:
    """What the directory holds about a person, for their data download."""
    return {
        "groups": [
            {"group": role.group.name, "role": role.role, "since": role.since.isoformat()}
            for role in user.group_roles.select_related("group")
        ],
        "speaks_for_partners": [
            {"partner": contact.partner.name, "since": contact.since.isoformat()}
            for contact in user.partner_contacts.select_related("partner")
        ],
    }
