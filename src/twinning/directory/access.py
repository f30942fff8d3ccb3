"""Who may see or change a group or a partner. Views never fetch one any other way."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from twinning.directory.models import (
    Group,
    GroupInvitation,
    GroupRole,
    ImportBatch,
    Link,
    Partner,
    PartnerContact,
    ReviewStatus,
)


def group_roles(user) -> dict[int, str]:
    """The groups a person belongs to and their role in each, looked up once per request
    (a page asks several questions about the same group)."""
    cached = getattr(user, "_twinning_group_roles", None)
    if cached is None:
        cached = dict(GroupRole.objects.filter(user=user).values_list("group_id", "role"))
        user._twinning_group_roles = cached
    return cached


def forget_roles(*people) -> None:
    """Drop what `group_roles` and `partners_spoken_for` remember, after a change of roles."""
    for person in people:
        for name in ("_twinning_group_roles", "_twinning_partner_ids"):
            if person is not None and hasattr(person, name):
                delattr(person, name)


@rules.predicate
def is_group_organiser(user, group: Group) -> bool:
    if not user.is_authenticated:
        return False
    return group_roles(user).get(group.pk) == GroupRole.Role.ORGANISER


@rules.predicate
def is_group_member(user, group: Group) -> bool:
    """Belongs to the group in any role."""
    if not user.is_authenticated:
        return False
    return group.pk in group_roles(user)


@rules.predicate
def is_partner_contact(user, partner: Partner) -> bool:
    if not user.is_authenticated:
        return False
    return PartnerContact.objects.filter(partner=partner, user=user).exists()


@rules.predicate
def runs_either_side_of_link(user, link: Link) -> bool:
    """An organiser of the link's group or a contact of its partner."""
    if not user.is_authenticated:
        return False
    return (
        GroupRole.objects.organisers().filter(group_id=link.group_id, user=user).exists()
        or PartnerContact.objects.filter(partner_id=link.partner_id, user=user).exists()
    )


def organises_any_group(user) -> bool:
    return GroupRole.objects.organisers().filter(user=user).exists()


def speaks_for_any_partner(user) -> bool:
    return PartnerContact.objects.filter(user=user).exists()


def get_group_for_user(user, slug: str, *, write: bool = False, members: bool = False) -> Group:
    """The group at `slug` if `user` may see it (`write`: change it; `members`: its members' area).

    Another group's organiser gets 404, so groups stay separate tenants; anyone
    else without the right gets 403.
    """
    group = Group.objects.with_place().filter(slug=slug).first()
    if group is None:
        raise Http404
    if group.status != ReviewStatus.APPROVED and not (
        user.is_authenticated
        and (user.has_perm("directory.review_groups") or is_group_organiser(user, group))
    ):
        raise Http404  # not yet public: only its organisers and coordinators know of it
    if not (write or members):
        return group
    permission = "directory.change_group" if write else "directory.view_group_private"
    if not user.is_authenticated:
        raise Http404
    if user.has_perm(permission, group):
        return group
    if organises_any_group(user):
        raise Http404
    raise PermissionDenied


def get_partner_for_user(user, slug: str, *, write: bool = False) -> Partner:
    """The partner at `slug`; with `write`, only for its contacts and coordinators."""
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise Http404
    if partner.status != ReviewStatus.APPROVED and not _may_see_unreviewed_partner(user, partner):
        raise Http404
    if not write:
        return partner
    if not user.is_authenticated:
        raise Http404
    if user.has_perm("directory.change_partner", partner):
        return partner
    if speaks_for_any_partner(user):
        raise Http404
    raise PermissionDenied


def _may_see_unreviewed_partner(user, partner: Partner) -> bool:
    """A partner waiting for review (or not accepted) is seen by coordinators, its contacts
    and the person who proposed it."""
    if not user.is_authenticated:
        return False
    if partner.proposed_by_id == user.pk:
        return True
    return user.has_perm("directory.change_partner", partner)


def get_group_role_for_user(user, group: Group, pk: int) -> GroupRole:
    """One membership of `group`, for someone allowed to manage its people."""
    if not user.has_perm("directory.manage_group_people", group):
        raise PermissionDenied
    role = group.roles.with_people().filter(pk=pk).first()
    if role is None:
        raise Http404
    return role


def get_invitation_for_user(user, token: str) -> GroupInvitation:
    """An invitation by the token in its link: the link is the credential.

    Missing, used and expired invitations are all 404.
    """
    if not user.is_authenticated:
        raise Http404
    invitation = GroupInvitation.objects.by_token(token).first()
    if invitation is None:
        raise Http404
    return invitation


def get_group_invitation_for_user(user, group: Group, pk: int) -> GroupInvitation:
    """A pending invitation to `group`, for someone allowed to manage its people."""
    if not user.has_perm("directory.manage_group_people", group):
        raise PermissionDenied
    invitation = GroupInvitation.objects.waiting_for(group).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def can_see_partner_in_full(user, partner: Partner) -> bool:
    """Whether `user` may see a sensitive partner's name, place and story."""
    if not partner.sensitive:
        return True
    if not user.is_authenticated:
        return False
    if partner.status != ReviewStatus.APPROVED and partner.proposed_by_id == user.pk:
        return True  # they wrote it, and it is not public yet
    if user.is_coordinator:
        return True
    return partner.pk in partners_spoken_for(user)


def partners_spoken_for(user) -> frozenset[int]:
    """The partners a person is a contact of, looked up once per request (lists ask per row)."""
    cached = getattr(user, "_twinning_partner_ids", None)
    if cached is None:
        cached = frozenset(
            PartnerContact.objects.filter(user=user).values_list("partner_id", flat=True)
        )
        user._twinning_partner_ids = cached
    return cached


def get_link_for_user(user, pk: int) -> Link:
    """A link with both sides loaded. Proposed links are seen only by the people on either
    side and by coordinators; to everyone else they do not exist."""
    link = Link.objects.for_directory().filter(pk=pk).first()
    if link is None:
        raise Http404
    if link.listed:
        return link
    if not user.is_authenticated:
        raise Http404
    if user.has_perm("directory.change_group", link.group):
        return link
    if user.has_perm("directory.change_partner", link.partner):
        return link
    raise Http404


def get_link_for_change(user, pk: int) -> Link:
    """A link whose status `user` may change: either side's people, or a coordinator.

    Another group's organiser or another partner's contact gets 404, anyone else 403.
    """
    link = get_link_for_user(user, pk)
    if not user.is_authenticated:
        raise Http404
    if user.has_perm("directory.change_link", link):
        return link
    if organises_any_group(user) or speaks_for_any_partner(user):
        raise Http404
    raise PermissionDenied


def get_import_for_user(user, pk: int) -> ImportBatch:
    """An uploaded directory file, for coordinators only (others are refused whatever the id)."""
    if not user.has_perm("directory.import_directory"):
        raise PermissionDenied
    return get_object_or_404(ImportBatch, pk=pk)
