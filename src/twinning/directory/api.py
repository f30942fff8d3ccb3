from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from twinning.core.api_inputs import Pagination, Slug
from twinning.core.schemas import PRIVATE_ERRORS, PUBLIC_ERRORS
from twinning.directory.access import (
    can_see_partner_in_full,
    get_group_for_user,
    get_partner_for_user,
)
from twinning.directory.models import Group, Partner

router = Router(tags=["directory"])


class GroupOut(Schema):
    slug: str
    name: str
    kind: str
    description: str


class PartnerOut(Schema):
    slug: str
    name: str
    name_ar: str
    kind: str
    governorate: str
    description: str
    description_ar: str


def _partner_out(user, partner: Partner) -> dict:
    """A partner as this caller may see it: a sensitive one, to the public, by kind and
    governorate only."""
    full = can_see_partner_in_full(user, partner)
    return {
        "slug": partner.slug,
        "name": partner.name if full else partner.public_label("en"),
        "name_ar": partner.name_ar if full else "",
        "kind": partner.kind,
        "governorate": partner.governorate,
        "description": partner.description if full else "",
        "description_ar": partner.description_ar if full else "",
    }


class MemberOut(Schema):
    name: str
    role: str


@router.get("/groups", response=list[GroupOut], summary="British twinning groups")
@paginate(Pagination)
def group_list(request: HttpRequest):
    return Group.objects.for_directory()


@router.get("/groups/{slug}", response={200: GroupOut, **PUBLIC_ERRORS}, summary="One group")
def group_detail(request: HttpRequest, slug: Slug) -> Group:
    return get_group_for_user(request.user, slug)


@router.get(
    "/groups/{slug}/members",
    response={200: list[MemberOut], **PRIVATE_ERRORS},
    auth=django_auth,
    summary="A group's members (for its members)",
)
def group_members(request: HttpRequest, slug: Slug) -> list[dict]:
    group = get_group_for_user(request.user, slug, members=True)
    roles = group.roles.select_related("user").order_by("role", "user__email")
    return [{"name": role.user.get_short_name(), "role": role.role} for role in roles]


@router.get("/partners", response=list[PartnerOut], summary="Palestinian partners")
@paginate(Pagination)
def partner_list(request: HttpRequest):
    return _PartnerPage(request.user, Partner.objects.for_directory())


@router.get("/partners/{slug}", response={200: PartnerOut, **PUBLIC_ERRORS}, summary="One partner")
def partner_detail(request: HttpRequest, slug: Slug) -> dict:
    return _partner_out(request.user, get_partner_for_user(request.user, slug))


class _PartnerPage:
    """Counts and slices like a queryset; gives each partner as the caller may see it."""

    def __init__(self, user, partners) -> None:
        self.user, self.partners = user, partners

    def count(self) -> int:
        return self.partners.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        return [_partner_out(self.user, partner) for partner in self.partners[window]]
