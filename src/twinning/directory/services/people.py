"""Every change to groups, partners and who runs them goes through these functions."""

import calendar
import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from twinning.accounts.access import user_has_address
from twinning.accounts.services import (
    acting_person,
    email_coordinators,
    email_people,
    one_submission_at_a_time,
)
from twinning.core.services import audit_log, email_queue, site_url
from twinning.directory import importing, search
from twinning.directory.access import forget_roles
from twinning.directory.models import (
    Group,
    GroupInvitation,
    GroupLogo,
    GroupRole,
    ImportBatch,
    Link,
    LinkStatusChange,
    Partner,
    PartnerContact,
    ReviewStatus,
)
from twinning.directory.models.links import NEXT_STATUSES, LinkStatus
from twinning.directory.tasks import import_check_run, import_run

logger = logging.getLogger(__name__)


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        field: [getattr(obj, field), value]
        for field, value in values.items()
        if getattr(obj, field) != value
    }


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


def _set_interests(obj, interests) -> bool:
    """Replace the interests of a group or partner; say whether they changed."""
    if interests is None:
        return False
    new = {interest.pk for interest in interests}
    if new == set(obj.interests.values_list("pk", flat=True)):
        return False
    obj.interests.set(new)
    return True


class EditConflict(ValidationError):
    """Someone else saved the same thing after this edit began."""


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
                    % {"time": timezone.localtime(current.updated_at).strftime("%H:%M")}
                )
            group.updated_at = current.updated_at
        changes = _changed(group, values)
        if _set_interests(group, interests):
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


def _unique_slug(name: str, *, model=Group) -> str:
    base = slugify(name)[:60] or model._meta.model_name
    slug, n = base, 1
    while slug in ("new", "pending", "import") or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# How long a second identical proposal counts as the same form sent again.
RESUBMIT_WINDOW = datetime.timedelta(hours=1)


def _same_submission(candidates, values: dict[str, Any], interests):
    """The earlier proposal that this one repeats field for field, if any: a form sent
    twice. A proposal that differs in anything (a box ticked on the second try, another
    place for the same name) is a new one."""
    wanted = {interest.pk for interest in interests or []}
    for candidate in candidates:
        same_fields = not _changed(candidate, {**values, "name": candidate.name})
        if same_fields and set(candidate.interests.values_list("pk", flat=True)) == wanted:
            return candidate
    return None


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
        again = _same_submission(candidates, values, interests)
        if again is not None:
            return again
        # with a random address until it is approved (`Group.save`)
        group = Group.objects.create(**values, status=ReviewStatus.PENDING)
        _set_interests(group, interests)
        GroupRole.objects.create(group=group, user=actor, role=GroupRole.Role.ORGANISER)
        forget_roles(actor)
        audit_log(actor=actor, action="group.proposed", obj=group)
        _tell_coordinators(
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
            **values, slug=_unique_slug(values["name"]), status=ReviewStatus.APPROVED
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
            group.slug = _unique_slug(group.name)
            fields.append("slug")
        group.save(update_fields=fields)
        audit_log(
            actor=actor,
            action="group.approved" if approve else "group.rejected",
            obj=group,
            data={"reason": reason},
        )
        for organiser in _group_organisers(group):
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
            _send_after_commit(subject, body, organiser.email)
    return group


def _send_after_commit(subject: str, body: str, email: str) -> None:
    email_queue(to=[email], subject=subject, body=body)


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
        forget_roles(actor, user)
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
        forget_roles(actor, group_role.user)


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


def group_invite(
    *, actor, group: Group, email: str, role: str, accept_url: Callable[[str], str]
) -> GroupInvitation:
    """Invite someone by email to join a group; they join only when they accept.

    Sending the same invitation again (a double click, a second try) reuses the
    pending one. `accept_url(token)` turns the token into the link in the email.
    The answer is the same whether or not the address has an account, so an
    organiser cannot use it to find out who is on the platform.
    """
    email = email.strip().lower()
    with transaction.atomic():
        invitation = GroupInvitation.objects.pending().filter(group=group, email=email).first()
        if invitation is not None and invitation.role == role:
            return invitation
        if invitation is not None:
            invitation.role = role
            invitation.save(update_fields=["role"])
        else:
            invitation = GroupInvitation.objects.create(
                group=group, email=email, role=role, invited_by=actor
            )
        audit_log(actor=actor, action="group.invited", obj=group, data={"role": role})
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(recipient, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            context = {
                "group": group,
                "role": invitation.get_role_display(),
                "inviter": actor.get_short_name() if actor else "",
                "url": accept_url(invitation.token),
                "expires_at": invitation.expires_at,
            }
            subject = render_to_string("directory/email/invitation_subject.txt", context)
            body = render_to_string("directory/email/invitation_message.txt", context)
        email_queue(to=[email], subject=subject, body=body)
    return invitation


def invitation_accept(*, invitation: GroupInvitation, user) -> GroupRole | None:
    """The invited person says yes: they join the group in the offered role.

    Someone already in the group keeps the stronger of their role and the offer. An
    invitation to organise gives its rights (passports included) only to the invited
    address: accepted by another account (a forwarded email), it waits for the organisers
    to confirm that person, and returns None. The organisers are told either way.
    """
    with transaction.atomic():
        invitation = GroupInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation has already been used."))
        organising = invitation.role == GroupRole.Role.ORGANISER
        if organising and not user_has_address(user, invitation.email):
            if invitation.claimed_by_id not in (None, user.pk):
                raise ValidationError(
                    _("Someone else has already answered this invitation: ask the organisers.")
                )
            if invitation.claimed_by_id is None:
                invitation.claimed_by = user
                invitation.claimed_at = timezone.now()
                invitation.save(update_fields=["claimed_by", "claimed_at"])
                audit_log(actor=user, action="group.invitation_claimed", obj=invitation.group)
                _tell_organisers_of_a_claim(invitation, user)
            return None
        group_role = _join_by_invitation(invitation, user, actor=user)
        if organising:
            _tell_organisers_of_a_new_organiser(invitation.group, user, confirmed_by=None)
    return group_role


def _join_by_invitation(invitation: GroupInvitation, user, *, actor) -> GroupRole:
    existing = GroupRole.objects.filter(group=invitation.group, user=user).first()
    role = invitation.role
    if existing is not None and existing.role == GroupRole.Role.ORGANISER:
        role = GroupRole.Role.ORGANISER
    group_role = group_role_set(actor=actor, group=invitation.group, user=user, role=role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_log(
        actor=actor, action="group.invitation_accepted", obj=invitation.group, data={"role": role}
    )
    return group_role


def invitation_confirm(*, actor, invitation: GroupInvitation, confirm: bool) -> None:
    """An organiser (or a coordinator) says whether the account that answered an invitation
    to organise, sent to another address, is the person they meant. If not, that answer is
    set aside (the invitation still waits for its address: whoever was forwarded it cannot
    have it withdrawn), and that account is told."""
    with transaction.atomic():
        invitation = GroupInvitation.objects.select_for_update().get(pk=invitation.pk)
        claimant = invitation.claimed_by
        if invitation.accepted_at is not None or claimant is None:
            raise ValidationError(_("This invitation is no longer waiting for you."))
        group = invitation.group
        if confirm:
            _join_by_invitation(invitation, claimant, actor=actor)
            _tell_organisers_of_a_new_organiser(group, claimant, confirmed_by=actor)
        else:
            audit_log(actor=actor, action="group.invitation_claim_refused", obj=group)
            invitation.claimed_by = None
            invitation.claimed_at = None
            invitation.save(update_fields=["claimed_by", "claimed_at"])
        email_people(
            [claimant],
            subject=lambda: (
                (
                    _("You are an organiser of %(group)s")
                    if confirm
                    else _("About your answer to %(group)s")
                )
                % {"group": group.name}
            ),
            body=lambda: (
                (
                    _("The organisers confirmed you. You can now run the group:\n%(url)s")
                    if confirm
                    else _(
                        "The organisers did not recognise your account as the person they invited, "
                        "so you have not joined. If that is a mistake, ask them to invite the "
                        "address you sign in with."
                    )
                )
                % {"url": site_url(reverse("directory:group_members", args=[group.slug]))}
            ),
        )


def _group_organisers(group: Group):
    return [
        role.user
        for role in group.roles.filter(role=GroupRole.Role.ORGANISER).select_related("user")
    ]


def _tell_organisers_of_a_claim(invitation: GroupInvitation, user) -> None:
    group = invitation.group
    email_people(
        [person for person in _group_organisers(group) if person.pk != user.pk],
        subject=lambda: _("Please confirm a new organiser of %(group)s") % {"group": group.name},
        body=lambda: (
            _(
                "The invitation to organise %(group)s sent to %(invited)s was accepted by an "
                "account with another address: %(name)s (%(email)s). Organisers see the "
                "passport details of visits, so they join only once one of you confirms it "
                "is the person you meant:\n%(url)s"
            )
            % {
                "group": group.name,
                "invited": invitation.email,
                "name": user.get_short_name(),
                "email": user.email,
                "url": site_url(reverse("directory:group_members", args=[group.slug])),
            }
        ),
    )


def _tell_organisers_of_a_new_organiser(group: Group, user, *, confirmed_by) -> None:
    email_people(
        [
            person
            for person in _group_organisers(group)
            if person.pk not in (user.pk, getattr(confirmed_by, "pk", None))
        ],
        subject=lambda: (
            _("%(name)s is now an organiser of %(group)s")
            % {"name": user.get_short_name(), "group": group.name}
        ),
        body=lambda: (
            _(
                "%(name)s accepted the invitation and is now an organiser of %(group)s. If "
                "you did not expect this, change their role on the members page:\n%(url)s"
            )
            % {
                "name": user.get_short_name(),
                "group": group.name,
                "url": site_url(reverse("directory:group_members", args=[group.slug])),
            }
        ),
    )


def invitation_decline(*, invitation: GroupInvitation, user) -> None:
    """The invited person says no thank you; the invitation is gone."""
    with transaction.atomic():
        audit_log(actor=user, action="group.invitation_declined", obj=invitation.group)
        invitation.delete()


def invitation_withdraw(*, actor, invitation: GroupInvitation) -> None:
    """An organiser takes back an invitation that has not been accepted."""
    with transaction.atomic():
        audit_log(actor=actor, action="group.invitation_withdrawn", obj=invitation.group)
        invitation.delete()


def link_propose(
    *,
    actor,
    group: Group,
    partner: Partner,
    kind: str,
    story: str = "",
    status: str = LinkStatus.PROPOSED,
    on=None,
) -> Link:
    """Record a new link between a group and a partner (proposed, or already active)."""
    on = on or timezone.localdate()
    if group.status != ReviewStatus.APPROVED:
        raise ValidationError(_("A group can propose links once a coordinator has approved it."))
    if partner.status != ReviewStatus.APPROVED:
        raise ValidationError(_("This partner is not in the directory yet."))
    with transaction.atomic():
        if (
            Link.objects.filter(group=group, partner=partner)
            .exclude(status=LinkStatus.ENDED)
            .exists()
        ):
            raise ValidationError(_("This group and this partner are already linked."))
        link = Link.objects.create(
            group=group,
            partner=partner,
            kind=kind,
            story=story,
            status=status,
            started_on=on if status == LinkStatus.ACTIVE else None,
        )
        LinkStatusChange.objects.create(
            link=link, from_status="", to_status=status, on=on, by=acting_person(actor)
        )
        audit_log(
            actor=actor, action="link.created", obj=link, data={"status": status, "kind": kind}
        )
    return link


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quiet_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Links with nothing done since this day are possibly dormant."""
    return months_before(today or timezone.localdate(), settings.TWINNING_DORMANT_AFTER_MONTHS)


def link_note_activity(*, link_id: int, on: datetime.date) -> None:
    """Something was done along a link on `on` (a meeting, a visit, an appeal's entry): it is
    its last activity if none later is known. Activity since the quiet cutoff ends a quiet
    spell, so its nudge is forgotten; an older entry typed in late does not."""
    on = min(on, timezone.localdate())
    changes: dict[str, Any] = {"last_activity_on": on}
    if on >= quiet_cutoff():
        changes["dormancy_nudged_at"] = None
    Link.objects.filter(pk=link_id).filter(
        Q(last_activity_on__isnull=True) | Q(last_activity_on__lt=on)
    ).update(**changes)


def link_set_status(*, actor, link: Link, status: str, reason: str = "", on=None) -> Link:
    """Move a link along its life: proposed → active ⇄ dormant → ended.

    Refuses a step the life of a link does not allow (an ended link stays ended:
    a renewed friendship is a new link), and keeps the step in the link's history.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        link = Link.objects.select_for_update().get(pk=link.pk)
        if status == link.status:
            return link
        if status not in NEXT_STATUSES[LinkStatus(link.status)]:
            raise ValidationError(
                _("A link that is %(current)s cannot become %(next)s.")
                % {"current": link.get_status_display(), "next": LinkStatus(status).label}
            )
        changed = ["status"]
        previous = link.status
        link.status = status
        if status == LinkStatus.ACTIVE and link.started_on is None:
            link.started_on = on
            changed.append("started_on")
        if status == LinkStatus.ACTIVE:
            # (re)activated: a fresh start, not a quiet link to nudge at once
            woke = min(on, timezone.localdate())
            link.last_activity_on = max(filter(None, [link.last_activity_on, woke]))
            link.dormancy_nudged_at = None
            changed += ["last_activity_on", "dormancy_nudged_at"]
        if status == LinkStatus.ENDED:
            link.ended_on = on
            changed.append("ended_on")
        link.save(update_fields=changed)
        LinkStatusChange.objects.create(
            link=link,
            from_status=previous,
            to_status=status,
            on=on,
            reason=reason,
            by=acting_person(actor),
        )
        audit_log(
            actor=actor,
            action="link.status_changed",
            obj=link,
            data={"from": previous, "to": status, "reason": reason},
        )
    return link


PARTNER_FIELDS = {
    "name",
    "name_ar",
    "description",
    "description_ar",
    "kind",
    "place",
    "sensitive",
}


def partner_propose(
    *, actor, values: dict[str, Any], speaks_for_it: bool, review_url: str
) -> Partner:
    """Someone adds a Palestinian partner: it waits, unseen by the public, for review.

    Coordinators are told by email. If the person said they speak for the
    partner, approval makes them its contact.
    """
    fields = {k: v for k, v in values.items() if k in PARTNER_FIELDS}
    fields["name"] = fields["name"].strip()
    with transaction.atomic():
        one_submission_at_a_time(actor)
        candidates = Partner.objects.filter(
            status=ReviewStatus.PENDING,
            name__iexact=fields["name"],
            proposed_by=acting_person(actor),
            proposer_speaks_for_it=speaks_for_it,
            created_at__gt=timezone.now() - RESUBMIT_WINDOW,
        )
        again = _same_submission(candidates, fields, values.get("interests"))
        if again is not None:
            return again
        partner = Partner.objects.create(
            **fields,
            status=ReviewStatus.PENDING,  # with a random address (`Partner.save`)
            proposed_by=acting_person(actor),
            proposer_speaks_for_it=speaks_for_it,
        )
        _set_interests(partner, values.get("interests"))
        audit_log(actor=actor, action="partner.proposed", obj=partner)
        # An email may be read anywhere: a sensitive partner is named by its kind and place.
        _tell_coordinators(
            subject=lambda: (
                _("A new partner waits for review: %(name)s") % {"name": _mail_name(partner)}
            ),
            body=lambda: (
                _("%(name)s has been added to the directory and waits for your review:\n%(url)s")
                % {"name": _mail_name(partner), "url": review_url}
            ),
        )
    return partner


def _mail_name(partner: Partner) -> str:
    return partner.public_label(translation.get_language() or "en")


def _tell_coordinators(*, subject: Callable[[], str], body: Callable[[], str]) -> None:
    email_coordinators(subject=subject, body=body)


def partner_review(
    *, actor, partner: Partner, approve: bool, reason: str = "", make_contact: bool = False
) -> Partner:
    """A coordinator approves a proposed partner (it becomes public) or does not accept it.

    With `make_contact`, the person who proposed it (having said they speak for it)
    becomes its contact: a separate decision, as a contact may edit the partner.
    """
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if partner.status != ReviewStatus.PENDING:
            raise ValidationError(_("This partner has already been reviewed."))
        partner.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
        fields = ["status"]
        if approve and not partner.sensitive:
            # its address was random while it waited; now one made from its name
            partner.slug = _unique_slug(partner.name, model=Partner)
            partner.slug_is_random = False
            fields += ["slug", "slug_is_random"]
        partner.save(update_fields=fields)
        audit_log(
            actor=actor,
            action="partner.approved" if approve else "partner.rejected",
            obj=partner,
            data={"reason": reason},
        )
        proposer = partner.proposed_by
        if approve and make_contact and proposer is not None and partner.proposer_speaks_for_it:
            PartnerContact.objects.get_or_create(partner=partner, user=proposer)
            forget_roles(proposer)
            audit_log(actor=actor, action="partner.contact_added", obj=partner)
        if proposer is not None:
            with translation.override(proposer.preferred_language or "en"):
                if approve:
                    subject = _("%(name)s is now in the directory") % {"name": _mail_name(partner)}
                    body = _("The partner you added is approved and now appears in the directory.")
                else:
                    subject = _("About %(name)s") % {"name": _mail_name(partner)}
                    body = _(
                        "A coordinator could not add this partner to the directory. "
                        "Reason: %(reason)s"
                    ) % {"reason": reason or "—"}
            _send_after_commit(subject, body, proposer.email)
    return partner


def partner_update(*, actor, partner: Partner, values: dict[str, str]) -> Partner:
    """Change a partner's public details (in English and Arabic)."""
    changes = _changed(partner, {k: v for k, v in values.items() if k in PARTNER_FIELDS})
    if _set_interests(partner, values.get("interests")):
        audit_log(
            actor=actor, action="partner.updated", obj=partner, data={"changed": ["interests"]}
        )
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
        forget_roles(actor, user)
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
        "invitations_waiting_for_confirmation": [
            {"group": invitation.group.name, "answered_on": invitation.claimed_at.isoformat()}
            for invitation in user.invitations_claimed.filter(
                accepted_at__isnull=True
            ).select_related("group")
        ],
    }


def personal_data_erase(user) -> None:
    """Take an erased person out of their groups and partners, and say so in the history.

    Erasure is a right, so it is not refused when the person is a group's last
    organiser: the group is then flagged in the history for a coordinator.
    """
    for group_role in user.group_roles.select_related("group"):
        group = group_role.group
        last = (
            group_role.role == GroupRole.Role.ORGANISER
            and not GroupRole.objects.filter(group=group, role=GroupRole.Role.ORGANISER)
            .exclude(pk=group_role.pk)
            .exists()
        )
        audit_log(
            actor=None,
            action="group.role_erased",
            obj=group,
            data={"role": group_role.role, "group_has_no_organiser": last},
        )
        group_role.delete()
    for contact in user.partner_contacts.select_related("partner"):
        audit_log(actor=None, action="partner.contact_erased", obj=contact.partner)
        contact.delete()
    # an answer to a forwarded invitation, not yet confirmed, is theirs: it goes
    user.invitations_claimed.filter(accepted_at__isnull=True).update(
        claimed_by=None, claimed_at=None
    )
    forget_roles(user)


# --- Importing a spreadsheet of the directory ---------------------------------

IMPORT_CHUNK = 200


# A check that has not moved for this long has stopped (its worker died): it may be
# started again.
IMPORT_CHECK_STALLED = datetime.timedelta(minutes=10)


def import_upload(*, actor, filename: str, content: bytes, queue: bool = True) -> ImportBatch:
    """Keep an uploaded file (`content` is at most `importing.MAX_BYTES`) and queue its
    check, row by row, on the task queue.

    Only the cheap checks run here (`importing.check_upload`: the size and kind of
    file, a CSV file's header, a workbook's archive), so that a file refused by them
    gets a ValidationError while the coordinator is still on the form. The rows are
    read by the check, which also refuses a workbook that lacks a required column;
    its findings are written in the language the coordinator is reading.
    """
    try:
        importing.check_upload(filename, content)
    except importing.ImportFileError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            filename=filename[:200],
            content=content,
            created_by=acting_person(actor),
            status=ImportBatch.Status.CHECKING,
            progress_at=timezone.now(),
        )
        audit_log(actor=actor, action="directory.import_uploaded", obj=batch)
        if queue:
            _queue_check(batch)
    return batch


def _queue_check(batch: ImportBatch) -> None:
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: import_check_run.enqueue(batch_id=batch.pk, language=language))


def import_check(*, actor, filename: str, content: bytes) -> ImportBatch:
    """Upload a file and check it at once, in this process rather than on the task queue."""
    batch = import_upload(actor=actor, filename=filename, content=content, queue=False)
    return import_check_finish(batch_id=batch.pk)


def import_check_stalled(batch: ImportBatch) -> bool:
    """Whether a check has stopped moving, so that it may be started again."""
    return (
        batch.status == ImportBatch.Status.CHECKING
        and batch.progress_at is not None
        and timezone.now() - batch.progress_at > IMPORT_CHECK_STALLED
    )


def import_check_again(*, actor, batch: ImportBatch) -> bool:
    """Queue the check of a file again when the first has stopped; say whether it was."""
    with transaction.atomic():
        again = ImportBatch.objects.filter(
            pk=batch.pk,
            status=ImportBatch.Status.CHECKING,
            progress_at__lt=timezone.now() - IMPORT_CHECK_STALLED,
        ).update(progress_at=timezone.now(), rows_done=0)
        if again:
            audit_log(actor=actor, action="directory.import_checked_again", obj=batch)
            _queue_check(batch)
    return bool(again)


def import_check_finish(*, batch_id: int, language: str | None = None) -> ImportBatch:
    """Check an uploaded file row by row (the task queue calls this); keep the report.

    Safe to run twice: only a batch still being checked is written to, and only
    the first run to finish records its report.
    """
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.CHECKING:
        return batch
    checking = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING)

    def progress(done: int, total: int) -> None:
        checking.update(rows_done=done, rows_total=total, progress_at=timezone.now())

    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            header, rows = importing.read_table(batch.filename, bytes(batch.content))
            progress(0, len(rows))
            plan = importing.plan(header, rows, progress=progress)
        except importing.ImportFileError as error:
            _import_failed(checking, str(error), forget_file=True)
        except Exception:
            logger.exception("Check of import batch %s failed", batch_id)
            _import_failed(
                checking,
                _("Something went wrong while checking the file. Upload it again."),
                forget_file=True,
            )
        else:
            with transaction.atomic():
                checked = checking.update(
                    status=ImportBatch.Status.CHECKED,
                    report=plan.as_report(),
                    rows_total=len(plan.valid_rows),
                    rows_done=0,
                )
                if checked:
                    audit_log(
                        actor=batch.created_by,
                        action="directory.import_checked",
                        obj=batch,
                        data=plan.summary(),
                    )
    batch.refresh_from_db()
    return batch


def _import_failed(batches, message: str, *, forget_file: bool = False) -> None:
    """Mark a check or an import as failed. A file whose check failed can never be
    imported, so it is not kept (it may hold people's details the import never used)."""
    batches.update(
        status=ImportBatch.Status.FAILED,
        result={"error": message},
        finished_at=timezone.now(),
        **({"content": b""} if forget_file else {}),
    )


def import_start(*, actor, batch: ImportBatch, accept_valid: bool) -> bool:
    """Queue the import of a checked file, once: a second click changes nothing.

    Returns whether this call started it.
    """
    if batch.status == ImportBatch.Status.CHECKING:
        raise ValidationError(_("The file is still being checked: wait for the check to end."))
    summary = batch.report.get("summary", {})
    if summary.get("rejected") and not accept_valid:
        raise ValidationError(
            _("Some rows have problems: correct the file, or import only the valid rows.")
        )
    if not summary.get("valid"):
        raise ValidationError(_("No row of this file can be imported."))
    with transaction.atomic():
        started = ImportBatch.objects.filter(
            pk=batch.pk, status__in=[ImportBatch.Status.CHECKED, ImportBatch.Status.FAILED]
        ).update(status=ImportBatch.Status.IMPORTING, accept_valid=accept_valid, rows_done=0)
        if started:
            audit_log(actor=actor, action="directory.import_started", obj=batch)
            transaction.on_commit(lambda: import_run.enqueue(batch_id=batch.pk))
    return bool(started)


def import_finish(*, batch_id: int) -> ImportBatch:
    """Carry out a started import (the task queue calls this), recording progress and result."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.IMPORTING:
        return batch
    importing_now = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.IMPORTING)

    def progress(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(rows_done=done, rows_total=total)

    try:
        header, rows = importing.read_table(batch.filename, bytes(batch.content))
        plan = importing.plan(header, rows)
        result = import_apply(
            actor=batch.created_by,
            plan=plan,
            accept_valid=batch.accept_valid,
            source=batch.filename,
            progress=progress,
        )
    except (importing.ImportFileError, ValidationError) as error:
        _import_failed(importing_now, " ".join(getattr(error, "messages", [str(error)])))
    except Exception:
        # Whatever went wrong, the page must not wait forever: the batch fails and may be
        # started again (rows already written are matched, not repeated).
        logger.exception("Import of batch %s failed", batch_id)
        _import_failed(
            importing_now,
            _(
                "Something went wrong while importing. Try again; rows already imported are "
                "not repeated."
            ),
        )
    else:
        # The file is no longer needed once imported: it may hold columns with people's
        # details that the import never used.
        importing_now.update(
            status=ImportBatch.Status.DONE,
            result=result,
            finished_at=timezone.now(),
            content=b"",
        )
    batch.refresh_from_db()
    return batch


def import_apply(
    *,
    actor,
    plan: "importing.Plan",
    accept_valid: bool = False,
    source: str = "",
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> dict[str, int]:
    """Create what a checked plan says: new groups, partners and links; match the rest.

    Nothing is written unless every row is valid or `accept_valid` says to
    import the valid ones. Rows are written in chunks so progress shows; a
    file imported twice creates nothing the second time.
    """
    rows = plan.valid_rows
    if len(rows) != len(plan.rows) and not accept_valid:
        raise ValidationError(
            _("Some rows have problems: correct the file, or import only the valid rows.")
        )
    counts = {"groups": 0, "partners": 0, "links": 0, "existing_links": 0}
    counts["rejected"] = len(plan.rows) - len(rows)
    groups = {group.name.casefold(): group for group in Group.objects.all()}
    partners = {}
    for partner in Partner.objects.all():
        partners[partner.name.casefold()] = partner
        if partner.name_ar:
            partners.setdefault(partner.name_ar.casefold(), partner)
    person = acting_person(actor)
    for start in range(0, len(rows), IMPORT_CHUNK):
        with transaction.atomic():
            for row in rows[start : start + IMPORT_CHUNK]:
                group = _import_group(row, groups, person, source, counts)
                partner = _import_partner(row, partners, person, source, counts)
                _import_link(row, group, partner, person, source, counts)
        progress(min(start + IMPORT_CHUNK, len(rows)), len(rows))
    with transaction.atomic():
        audit_log(actor=person, action="directory.imported", data={"file": source, **counts})
    search.refresh_statistics()
    return counts


def _import_group(row, groups: dict, person, source: str, counts: dict) -> Group:
    key = row.values["group"].strip().casefold()
    if key not in groups:
        name = row.values["group"].strip()
        groups[key] = Group.objects.create(
            name=name,
            slug=_unique_slug(name),
            kind=row.group_kind,
            place_id=row.group_place_id,
            public_email=row.contact,
            status=ReviewStatus.APPROVED,
        )
        audit_log(actor=person, action="group.imported", obj=groups[key], data={"file": source})
        counts["groups"] += 1
    return groups[key]


def _import_partner(row, partners: dict, person, source: str, counts: dict) -> Partner:
    key = row.values["partner"].strip().casefold()
    if key not in partners:
        name = row.values["partner"].strip()
        partners[key] = Partner.objects.create(
            name=name,
            name_ar=row.values.get("partner_ar", "").strip()[:200],
            slug=_unique_slug(name, model=Partner),
            kind=row.partner_kind,
            place_id=row.partner_place_id,
            sensitive=row.sensitive,
        )
        audit_log(actor=person, action="partner.imported", obj=partners[key], data={"file": source})
        counts["partners"] += 1
    return partners[key]


def _import_link(row, group: Group, partner: Partner, person, source: str, counts: dict) -> None:
    if Link.objects.filter(group=group, partner=partner).exists():
        counts["existing_links"] += 1
        return
    link = Link.objects.create(
        group=group,
        partner=partner,
        kind=row.link_kind,
        status=row.link_status,
        started_on=row.since if row.link_status != LinkStatus.PROPOSED else None,
        story=row.values.get("story", "").strip(),
    )
    LinkStatusChange.objects.create(
        link=link,
        from_status="",
        to_status=row.link_status,
        on=row.since or timezone.localdate(),
        reason=_("Imported from a spreadsheet"),
        by=person,
    )
    audit_log(actor=person, action="link.imported", obj=link, data={"file": source})
    counts["links"] += 1
