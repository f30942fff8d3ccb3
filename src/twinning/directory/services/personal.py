"""What the directory holds about a person: their data download and erasure."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.core.services import audit_log, site_url
from twinning.directory.access import forget_roles
from twinning.directory.models import GroupRole
from twinning.directory.services.shared import tell_coordinators


def personal_data(user) -> dict[str, Any]:
    """What the directory holds about a person, for their data download."""
    return {
        "groups": [
            {"group": role.group.name, "role": role.role, "since": role.since.isoformat()}
            for role in user.group_roles.with_groups()
        ],
        "speaks_for_partners": [
            {"partner": contact.partner.name, "since": contact.since.isoformat()}
            for contact in user.partner_contacts.with_partners()
        ],
        "requests_to_join": [
            {
                "group": join_request.group.name,
                "message": join_request.message,
                "status": join_request.status,
                "asked_on": join_request.created_at.isoformat(),
            }
            for join_request in user.join_requests.select_related("group")
        ],
        "invitations_waiting_for_confirmation": [
            {"group": invitation.group.name, "answered_on": invitation.claimed_at.isoformat()}
            for invitation in user.invitations_claimed.claims_waiting()
        ],
    }


def _tell_coordinators_group_has_no_organiser(group) -> None:
    url = site_url(reverse("directory:group_members", args=[group.slug]))
    tell_coordinators(
        subject=lambda: _("%(group)s has no organiser any more") % {"group": group.name},
        body=lambda: (
            _(
                "The only organiser of %(group)s erased their account. The group and its "
                "members are still there: please find it a new organiser.\n%(url)s"
            )
            % {"group": group.name, "url": url}
        ),
    )


def personal_data_erase(user) -> None:
    """Take an erased person out of their groups and partners, and say so in the history.

    Erasure is a right, so it is not refused when the person is a group's last
    organiser: the group is then flagged in the history for a coordinator.
    """
    for group_role in user.group_roles.with_groups():
        group = group_role.group
        last = (
            group_role.role == GroupRole.Role.ORGANISER
            and not group.roles.organisers().exclude(pk=group_role.pk).exists()
        )
        audit_log(
            actor=None,
            action="group.role_erased",
            obj=group,
            data={"role": group_role.role, "group_has_no_organiser": last},
        )
        group_role.delete()
        if last:
            _tell_coordinators_group_has_no_organiser(group)
    for contact in user.partner_contacts.with_partners():
        audit_log(actor=None, action="partner.contact_erased", obj=contact.partner)
        contact.delete()
    user.join_requests.all().delete()  # their requests to join, and what they wrote
    # an answer to a forwarded invitation, not yet confirmed, is theirs: it goes
    user.invitations_claimed.claims_waiting().update(claimed_by=None, claimed_at=None)
    forget_roles(user)
