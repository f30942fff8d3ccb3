"""Who may see or change a group, a partner, a link or an import. Views never fetch one any
other way, and never ask the permission table themselves: they ask the questions here.

Every refusal is decided by `core.access` (`refuse`, `require`): 404 for a person signed out,
for what is not yet public, and for a tenant of another group or partner (who may not learn
what other tenants hold); 403 for anyone else signed in without the right.
"""

import rules
from django.http import Http404

from twinning.core.access import may, refuse, require
from twinning.directory.models import (
    Group,
    GroupInvitation,
    GroupLogo,
    GroupRole,
    ImportBatch,
    JoinRequest,
    Link,
    Partner,
    PartnerContact,
    ReviewStatus,
)
from twinning.directory.models.links import EITHER_SIDE, WHO_MAY_MOVE, LinkStatus, Side

# --- Who someone is in the directory ------------------------------------------------


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
    return partner.pk in partners_spoken_for(user)


@rules.predicate
def runs_either_side_of_link(user, link: Link) -> bool:
    """An organiser of the link's group or a contact of its partner."""
    if not user.is_authenticated:
        return False
    organises = group_roles(user).get(link.group_id) == GroupRole.Role.ORGANISER
    return organises or link.partner_id in partners_spoken_for(user)


def organises_any_group(user) -> bool:
    return GroupRole.objects.organisers().filter(user=user).exists()


def speaks_for_any_partner(user) -> bool:
    return PartnerContact.objects.filter(user=user).exists()


def partners_spoken_for(user) -> frozenset[int]:
    """The partners a person is a contact of, looked up once per request (lists ask per row)."""
    cached = getattr(user, "_twinning_partner_ids", None)
    if cached is None:
        cached = frozenset(
            PartnerContact.objects.filter(user=user).values_list("partner_id", flat=True)
        )
        user._twinning_partner_ids = cached
    return cached


def _a_tenant(user) -> bool:
    """Whether `user` organises a group or speaks for a partner: refused a group, partner or
    link not theirs with 404, as if it did not exist."""
    return organises_any_group(user) or speaks_for_any_partner(user)


# --- What someone may do -------------------------------------------------------------


def may_review(user) -> bool:
    """Approve or turn down the groups and partners people add (coordinators)."""
    return may(user, "directory.review_groups")


def may_import(user) -> bool:
    return may(user, "directory.import_directory")


def sees_private_fields(user) -> bool:
    """See the directory's private fields in the API and exports (coordinators)."""
    return may(user, "directory.view_private_fields")


def may_edit_group(user, group: Group) -> bool:
    return may(user, "directory.change_group", group)


def may_see_members(user, group: Group) -> bool:
    """See the group's members' area: its people, meetings and the rest."""
    return may(user, "directory.view_group_private", group)


def may_manage_people(user, group: Group) -> bool:
    """Invite people to the group, change their roles, take them out."""
    return may(user, "directory.manage_group_people", group)


def may_edit_partner(user, partner: Partner) -> bool:
    return may(user, "directory.change_partner", partner)


def may_change_link(user, link: Link) -> bool:
    """Move the link along its life: either side's people, or a coordinator."""
    return may(user, "directory.change_link", link)


def link_sides(user, link: Link) -> frozenset[str]:
    """The sides `user` speaks for on `link` (`Side`): its group's organisers, its partner's
    contacts, a coordinator, and a coordinator for a partner with no contacts."""
    if not user.is_authenticated:
        return frozenset()
    sides = set()
    if group_roles(user).get(link.group_id) == GroupRole.Role.ORGANISER:
        sides.add(Side.GROUP)
    if link.partner_id in partners_spoken_for(user):
        sides.add(Side.PARTNER)
    if user.is_coordinator:
        sides.add(Side.COORDINATOR)
        if not partner_has_contacts(link.partner_id):
            sides.add(Side.FOR_PARTNER)
    return frozenset(sides)


def partner_has_contacts(partner_id: int) -> bool:
    return PartnerContact.objects.filter(partner_id=partner_id).exists()


def link_moves(user, link: Link) -> list[str]:
    """The statuses `user` may move `link` to, in the order of a link's life (`WHO_MAY_MOVE`):
    a proposal becomes active only with the partner's yes."""
    if not may_change_link(user, link):
        return []
    steps = {to: who for (start, to), who in WHO_MAY_MOVE.items() if start == link.status}
    if all(who == EITHER_SIDE for who in steps.values()):
        sides = EITHER_SIDE  # whichever side they speak for (no need to ask which)
    else:
        sides = link_sides(user, link)
    return [status for status in LinkStatus if sides & steps.get(status, frozenset())]


def may_see_group(user, group: Group) -> bool:
    """A group waiting for review (or not accepted) is seen only by its organisers and
    coordinators."""
    if group.status == ReviewStatus.APPROVED:
        return True
    return may_review(user) or is_group_organiser(user, group)


def may_see_partner(user, partner: Partner) -> bool:
    """A partner waiting for review (or not accepted) is seen by coordinators, its contacts
    and the person who proposed it."""
    if partner.status == ReviewStatus.APPROVED:
        return True
    if user.is_authenticated and partner.proposed_by_id == user.pk:
        return True
    return may_edit_partner(user, partner)


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


def may_see_link(user, link: Link) -> bool:
    """Proposed links are seen only by the people on either side and by coordinators."""
    return link.listed or may_edit_group(user, link.group) or may_edit_partner(user, link.partner)


# --- Fetching for a user -------------------------------------------------------------


def get_group_for_user(user, slug: str, *, write: bool = False, members: bool = False) -> Group:
    """The group at `slug` if `user` may see it (`write`: change it; `members`: its members' area).

    Another group's organiser gets 404, so groups stay separate tenants; anyone
    else without the right gets 403.
    """
    group = Group.objects.with_place().filter(slug=slug).first()
    if group is None:
        raise Http404
    if not may_see_group(user, group):
        refuse(user, hide=True)  # not yet public: only its organisers and coordinators know of it
    if write or members:
        permission = "directory.change_group" if write else "directory.view_group_private"
        require(user, permission, group, hide=lambda: organises_any_group(user))
    return group


def get_group_logo_for_user(user, slug: str) -> tuple[Group, GroupLogo]:
    """A group's logo, for whoever may see the group; a group without one has none to find."""
    group = get_group_for_user(user, slug)
    logo = GroupLogo.objects.filter(group=group).first()
    if logo is None:
        raise Http404
    return group, logo


def get_partner_for_user(user, slug: str, *, write: bool = False) -> Partner:
    """The partner at `slug`; with `write`, only for its contacts and coordinators."""
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise Http404
    if not may_see_partner(user, partner):
        refuse(user, hide=True)
    if write:
        require(
            user, "directory.change_partner", partner, hide=lambda: speaks_for_any_partner(user)
        )
    return partner


def get_group_role_for_user(user, group: Group, pk: int) -> GroupRole:
    """One membership of `group`, for someone allowed to manage its people."""
    require(user, "directory.manage_group_people", group)
    role = group.roles.with_people().filter(pk=pk).first()
    if role is None:
        raise Http404
    return role


def get_invitation_for_user(user, token: str) -> GroupInvitation:
    """An invitation by the token in its link: the link is the credential.

    Missing, used and expired invitations are all 404.
    """
    if not user.is_authenticated:
        refuse(user)
    invitation = GroupInvitation.objects.by_token(token).first()
    if invitation is None:
        raise Http404
    return invitation


def get_group_invitation_for_user(user, group: Group, pk: int) -> GroupInvitation:
    """A pending invitation to `group`, for someone allowed to manage its people."""
    require(user, "directory.manage_group_people", group)
    invitation = GroupInvitation.objects.waiting_for(group).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def get_join_request_for_user(user, group: Group, pk: int) -> JoinRequest:
    """A request to join `group` still waiting, for someone allowed to manage its people."""
    require(user, "directory.manage_group_people", group)
    join_request = JoinRequest.objects.waiting().filter(group=group, pk=pk).first()
    if join_request is None:
        raise Http404
    return join_request


def get_group_to_join(user, slug: str) -> Group:
    """A group people may ask to join or write to: one in the public directory (a group
    waiting for review takes no one yet, and to most people does not exist)."""
    group = get_group_for_user(user, slug)
    if group.status != ReviewStatus.APPROVED:
        raise Http404
    return group


def get_link_for_user(user, pk: int) -> Link:
    """A link with both sides loaded. Proposed links are seen only by the people on either
    side and by coordinators; to everyone else they do not exist."""
    link = Link.objects.for_directory().filter(pk=pk).first()
    if link is None:
        raise Http404
    if not may_see_link(user, link):
        refuse(user, hide=True)
    return link


def get_link_for_change(user, pk: int) -> Link:
    """A link whose status `user` may change: either side's people, or a coordinator.

    Another group's organiser or another partner's contact gets 404, anyone else 403.
    """
    link = get_link_for_user(user, pk)
    require(user, "directory.change_link", link, hide=lambda: _a_tenant(user))
    return link


def get_import_for_user(user, pk: int) -> ImportBatch:
    """An uploaded directory file, for coordinators only (others are refused whatever the id)."""
    require(user, "directory.import_directory")
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch
