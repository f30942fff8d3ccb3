"""Who runs a group and who speaks for a partner: roles, invitations and their answers."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.access import user_has_address
from twinning.accounts.services import email_people
from twinning.core.services import audit_log, email_queue, site_url
from twinning.directory.access import forget_roles
from twinning.directory.models import Group, GroupInvitation, GroupRole, Partner, PartnerContact
from twinning.directory.services.shared import group_organisers


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
        .filter(group=group)
        .organisers()
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


def _tell_organisers_of_a_claim(invitation: GroupInvitation, user) -> None:
    group = invitation.group
    email_people(
        [person for person in group_organisers(group) if person.pk != user.pk],
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
            for person in group_organisers(group)
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
