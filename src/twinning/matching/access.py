"""Who may see or change a request for a twin, an offer or an introduction. Views never fetch
one any other way. A contact sees their own partner's requests; an organiser their own group's
offer and introductions; coordinators everything."""

import rules
from django.http import Http404

from twinning.core.access import may, refuse, require
from twinning.directory.access import (
    is_group_organiser,
    is_partner_contact,
    organises_any_group,
    speaks_for_any_partner,
)
from twinning.directory.models import Group, ReviewStatus
from twinning.matching.models import OPEN_STAGES, GroupOffer, Introduction, Stage, TwinRequest

# The stages either side may record themselves once both have accepted; the others are the
# coordinators' (shortlisting, asking both sides, and declaring the link active).
SIDES_MAY_RECORD = (Stage.FIRST_CONTACT, Stage.FIRST_MEETING, Stage.STATEMENT)


@rules.predicate
def speaks_for_requester(user, twin_request: TwinRequest) -> bool:
    return is_partner_contact(user, twin_request.partner)


@rules.predicate
def organises_offering_group(user, offer: GroupOffer) -> bool:
    return is_group_organiser(user, offer.group)


@rules.predicate
def organises_introduced_group(user, introduction: Introduction) -> bool:
    """An organiser of the group, once both sides have been asked (a shortlist is the
    coordinators' own)."""
    return introduction.sides_know and is_group_organiser(user, introduction.group)


@rules.predicate
def speaks_for_introduced_partner(user, introduction: Introduction) -> bool:
    return introduction.sides_know and is_partner_contact(user, introduction.request.partner)


def may_run_introductions(user) -> bool:
    """Whether `user` runs introductions and matching across the network (coordinators)."""
    return may(user, "matching.run_introductions")


def may_see_introductions_of(user, partner) -> bool:
    """Whether `user` may hear of a partner's introductions under way: coordinators and the
    partner's contacts (a group's organisers never learn of another group's introduction)."""
    return may_run_introductions(user) or is_partner_contact(user, partner)


def may_change_request(user, twin_request: TwinRequest) -> bool:
    """Whether `user` changes the request: the partner's contacts and coordinators."""
    return may(user, "matching.change_request", twin_request)


def get_request_for_user(user, pk: int, *, write: bool = False) -> TwinRequest:
    """A request for a twin. Open requests of public partners are public; others are seen by
    the partner's contacts and coordinators only (to everyone else they do not exist)."""
    twin_request = TwinRequest.objects.with_partner().filter(pk=pk).first()
    if twin_request is None:
        raise Http404
    public = (
        twin_request.status == TwinRequest.Status.OPEN
        and twin_request.partner.status == ReviewStatus.APPROVED
    )
    may_change = may_change_request(user, twin_request)
    if not public and not may_change and not _introduced_to(user, twin_request):
        refuse(user, hide=True)
    if write and not may_change:
        refuse(user, hide=lambda: speaks_for_any_partner(user))
    return twin_request


def _introduced_to(user, twin_request: TwinRequest) -> bool:
    """An organiser of a group being introduced to the request (both sides asked) still sees
    it once it is no longer open to everyone."""
    return (
        user.is_authenticated
        and twin_request.partner.status == ReviewStatus.APPROVED
        and Introduction.objects.known_to_sides()
        .filter(
            request=twin_request,
            stage__in=OPEN_STAGES + [Stage.ACTIVE],
            group__roles__user=user,
            group__roles__role="organiser",
        )
        .exists()
    )


def get_offer_for_user(user, pk: int) -> GroupOffer:
    """A group's offer: its organisers and coordinators only."""
    offer = GroupOffer.objects.with_group().filter(pk=pk).first()
    if offer is None:
        raise Http404
    require(user, "matching.change_offer", offer, hide=lambda: organises_any_group(user))
    return offer


def get_introduction_for_user(user, pk: int) -> Introduction:
    """An introduction: the coordinators, the group's organisers and the partner's contacts."""
    introduction = Introduction.objects.for_page().filter(pk=pk).first()
    if introduction is None:
        raise Http404
    require(
        user,
        "matching.view_introduction",
        introduction,
        hide=lambda: organises_any_group(user) or speaks_for_any_partner(user),
    )
    return introduction


def coordinator_group_for_suggestion(user, pk) -> Group | None:
    """The approved group a coordinator names in a suggestion's form (None if there is none)."""
    require(user, "matching.run_introductions")
    return Group.objects.for_directory().filter(pk=pk).first()


def introductions_visible_to(user):
    """The introductions `user` may know of: coordinators all of them, anyone else those whose
    sides have been asked (each page still asks who may see which)."""
    if may_run_introductions(user):
        return Introduction.objects.all()
    return Introduction.objects.known_to_sides()


def introduction_side(user, introduction: Introduction) -> str:
    """Which side `user` answers for: "group", "partner", or "" (a coordinator, or neither)."""
    if organises_introduced_group(user, introduction):
        return "group"
    if speaks_for_introduced_partner(user, introduction):
        return "partner"
    return ""


def may_record_step(user, introduction: Introduction, side: str) -> bool:
    """Whether `user`, answering for `side` ("group", "partner" or ""), records the
    introduction's next step: coordinators record every step but the sides' acceptance (each
    side answers for itself); a side records those in SIDES_MAY_RECORD."""
    next_stage = introduction.next_stage
    if next_stage is None:
        return False
    if may_run_introductions(user) and next_stage != Stage.ACCEPTED:
        return True
    return bool(side) and next_stage in SIDES_MAY_RECORD


def groups_user_organises(user):
    """The approved groups `user` organises, for the "express interest" form."""
    if not user.is_authenticated:
        return Group.objects.none()
    return Group.objects.for_directory().filter(roles__user=user, roles__role="organiser")


def get_groups_for_interest(user):
    """The groups `user` may express interest for (the approved groups they organise);
    refused to someone who organises none."""
    groups = groups_user_organises(user)
    if not groups.exists():
        refuse(user)
    return groups
