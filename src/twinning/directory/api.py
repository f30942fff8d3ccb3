from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from twinning.core.api_inputs import Pagination, Slug
from twinning.core.schemas import PRIVATE_ERRORS, PUBLIC_ERRORS
from twinning.directory.access import get_group_for_user, get_partner_for_user
from twinning.directory.models import Group, Partner

router = Router(tags=["directory"])


class GroupOut(Schema):
    slug: str
    name: str
    description: str


class PartnerOut(Schema):
    slug: str
    name: str
    name_ar: str
    description: str
    description_ar: str


class MemberOut(Schema):
    name: str
    role: str


@router.get("/groups", response=list[GroupOut], summary="British twinning groups")
@paginate(Pagination)
def group_list(request: HttpRequest):
    return Group.objects.order_by("name", "pk")


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
    return Partner.objects.order_by("name", "pk")


@router.get("/partners/{slug}", response={200: PartnerOut, **PUBLIC_ERRORS}, summary="One partner")
def partner_detail(request: HttpRequest, slug: Slug) -> Partner:
    return get_partner_for_user(request.user, slug)
