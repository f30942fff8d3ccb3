"""British groups: proposed, reviewed, started by a coordinator, edited, given a logo."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.services import one_submission_at_a_time
from twinning.core.services import audit_log, site_url
from twinning.directory.access import forget_roles
from twinning.directory.models import Group, GroupLogo, GroupRole, ReviewStatus
from twinning.directory.services.shared import (
    RESUBMIT_WINDOW,
    changed_fields,
    group_organisers,
    same_submission,
    send_after_commit,
    set_interests,
    tell_coordinators,
    unique_slug,
)

GROUP_FIELDS = {
    "name",
    "languages",
    "interests",
    "kind",
    "place",
    "founded_on",
    "description",
    "website",
    "public_email",
    "show_public_email",
}


class EditConflict(ValidationError):
    """Someone else saved the same thing after this edit began: `version` is their save's."""

    def __init__(self, message, code=None, params=None, *, version: str = "") -> None:
        super().__init__(message, code, params)
        self.version = version


def group_update(
    *, actor, group: Group, values: dict[str, Any], expected_version: str = ""
) -> Group:
    """Change a group's public details.

    With `expected_version` (what the edit form was opened with), refuse with
    EditConflict if someone else has saved the group since: nothing is lost,
    the form keeps this person's text and shows them the other save.
    """
    values = {k: v for k, v in values.items() if k in GROUP_FIELDS}
    interests = values.pop("interests", None)
    if "name" in values:
        values["name"] = values["name"].strip()
    with transaction.atomic():
        if expected_version:
            current = Group.objects.select_for_update().get(pk=group.pk)
            if current.version != expected_version:
                raise EditConflict(
                    _(
                        "Someone else saved this group at %(time)s, after you began editing. "
                        "Your changes are still below: look at the group's page to see theirs, "
                        "then save again to keep yours."
                    )
                    % {"time": timezone.localtime(current.updated_at).strftime("%H:%M")},
                    version=current.version,
                )
            group.updated_at = current.updated_at
        changes = changed_fields(group, values)
        if set_interests(group, interests):
            changes["interests"] = [None, None]
        if not changes:
            return group
        for field, (_old, new) in changes.items():
            if field != "interests":
                setattr(group, field, new)
        fields = [field for field in changes if field != "interests"]
        group.save(update_fields=[*fields, "updated_at"] if fields else None)
        audit_log(actor=actor, action="group.updated", obj=group, data={"changed": sorted(changes)})
    return group


def group_set_logo(*, actor, group: Group, logo: tuple[bytes, int, int] | None) -> Group:
    """Give a group a logo already checked and re-encoded (logos.prepare_logo), or remove it."""
    with transaction.atomic():
        if logo is None:
            GroupLogo.objects.filter(group=group).delete()
            group.logo_changed_at = None
        else:
            image, width, height = logo
            GroupLogo.objects.update_or_create(
                group=group, defaults={"image": image, "width": width, "height": height}
            )
            group.logo_changed_at = timezone.now()
        group.save(update_fields=["logo_changed_at"])
        audit_log(
            actor=actor,
            action="group.logo_removed" if logo is None else "group.logo_changed",
            obj=group,
        )
    return group


def group_propose(*, actor, values: dict[str, Any], review_url: str) -> Group:
    """Someone adds their group: it waits, unseen by the public, for a coordinator's review.

    The person who adds it becomes its first organiser; coordinators are told by email.
    """
    values = {k: v for k, v in values.items() if k in GROUP_FIELDS}
    interests = values.pop("interests", None)
    with transaction.atomic():
        one_submission_at_a_time(actor)
        # The same form sent twice (a double click, a resend) adds one group.
        candidates = Group.objects.filter(
            status=ReviewStatus.PENDING,
            name__iexact=values["name"].strip(),
            roles__user=actor,
            roles__role=GroupRole.Role.ORGANISER,
            created_at__gt=timezone.now() - RESUBMIT_WINDOW,
        )
        again = same_submission(candidates, values, interests)
        if again is not None:
            return again
        # with a random address until it is approved (`Group.save`)
        group = Group.objects.create(**values, status=ReviewStatus.PENDING)
        set_interests(group, interests)
        GroupRole.objects.create(group=group, user=actor, role=GroupRole.Role.ORGANISER)
        forget_roles(actor)
        audit_log(actor=actor, action="group.proposed", obj=group)
        tell_coordinators(
            subject=lambda: _("A new group waits for review: %(name)s") % {"name": group.name},
            body=lambda: (
                _("%(name)s has been added to the directory and waits for your review:\n%(url)s")
                % {"name": group.name, "url": review_url}
            ),
        )
    return group


def group_start(*, actor, values: dict[str, Any]) -> Group:
    """A coordinator starts a group for people who came together on the platform: it is
    approved at once and has no organiser until the people invited accept."""
    values = {k: v for k, v in values.items() if k in GROUP_FIELDS}
    with transaction.atomic():
        group = Group.objects.create(
            **values, slug=unique_slug(values["name"]), status=ReviewStatus.APPROVED
        )
        audit_log(actor=actor, action="group.started", obj=group)
    return group


def group_review(*, actor, group: Group, approve: bool, reason: str = "") -> Group:
    """A coordinator approves a proposed group (it becomes public) or does not accept it."""
    with transaction.atomic():
        group = Group.objects.select_for_update().get(pk=group.pk)
        if group.status != ReviewStatus.PENDING:
            raise ValidationError(_("This group has already been reviewed."))
        group.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
        fields = ["status"]
        if approve:  # its address was random while it waited; now one made from its name
            group.slug = unique_slug(group.name)
            fields.append("slug")
        group.save(update_fields=fields)
        audit_log(
            actor=actor,
            action="group.approved" if approve else "group.rejected",
            obj=group,
            data={"reason": reason},
        )
        for organiser in group_organisers(group):
            with translation.override(organiser.preferred_language or "en"):
                if approve:
                    subject = _("%(name)s is now in the directory") % {"name": group.name}
                    body = _(
                        "Your group is approved and now appears in the network's directory, "
                        "at its own address:\n%(url)s"
                    ) % {"url": site_url(group.get_absolute_url())}
                else:
                    subject = _("About %(name)s") % {"name": group.name}
                    body = _(
                        "A coordinator could not add your group to the directory. "
                        "Reason: %(reason)s"
                    ) % {"reason": reason or "—"}
            send_after_commit(subject, body, organiser.email)
    return group
