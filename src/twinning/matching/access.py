"""Who may see or change a request for a twin, an offer or an introduction. Views never fetch
one any other way. A contact sees their own partner's requests; an organiser their own group's
offer and introductions; coordinators everything."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from twinning.directory.access import (
    is_group_organiser,
    is_partner_contact,
    organises_any_group,
    speaks_for_any_partner,
)
from twinning.directory.models import Group, ReviewStatus
from twinning.matching.models import OPEN_STAGES, GroupOffer, Introduction, Stage, TwinRequest


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


def get_request_for_user(user, pk: int, *, write: bool = False) -> TwinRequest:
    """A request for a twin. Open requests of public partners are public; others are seen by
    the partner's contacts and coordinators only (to everyone else they do not exist)."""
    twin_request = TwinRequest.objects.select_related("partner__place").filter(pk=pk).first()
    if twin_request is None:
        raise Http404
    public = (
        twin_request.status == TwinRequest.Status.OPEN
        and twin_request.partner.status == ReviewStatus.APPROVED
    )
    may_change = user.is_authenticated and user.has_perm("matching.change_request", twin_request)
    if not public and not may_change and not _introduced_to(user, twin_request):
        raise Http404
    if not write or may_change:
        return twin_request
    if not user.is_authenticated or speaks_for_any_partner(user):
        raise Http404
    raise PermissionDenied


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
    offer = GroupOffer.objects.select_related("group__place").filter(pk=pk).first()
    if offer is None or not user.is_authenticated:
        raise Http404
    if user.has_perm("matching.change_offer", offer):
        return offer
    if organises_any_group(user):
        raise Http404
    raise PermissionDenied


def get_introduction_for_user(user, pk: int) -> Introduction:
    """An introduction: the coordinators, the group's organisers and the partner's contacts."""
    introduction = (
        Introduction.objects.select_related("request__partner__place", "group__place", "link")
        .filter(pk=pk)
        .first()
    )
    if introduction is None or not user.is_authenticated:
        raise Http404
    if user.has_perm("matching.view_introduction", introduction):
        return introduction
    if organises_any_group(user) or speaks_for_any_partner(user):
        raise Http404
    raise PermissionDenied


def coordinator_group_for_suggestion(user, pk) -> Group | None:
    """The approved group a coordinator names in a suggestion's form (None if there is none)."""
    if not user.has_perm("matching.run_introductions"):
        raise PermissionDenied
    return Group.objects.filter(pk=pk, status=ReviewStatus.APPROVED).first()


def introduction_side(user, introduction: Introduction) -> str:
    """Which side `user` answers for: "group", "partner", or "" (a coordinator, or neither)."""
    if organises_introduced_group(user, introduction):
        return "group"
    if speaks_for_introduced_partner(user, introduction):
        return "partner"
    return ""


def groups_user_organises(user):
    """The approved groups `user` organises, for the "express interest" form."""
    if not user.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(
        roles__user=user, roles__role="organiser", status=ReviewStatus.APPROVED
    ).order_by("name")
