from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from twinning.core.api_inputs import OneLine, Pagination, Slug
from twinning.core.schemas import PRIVATE_ERRORS, PUBLIC_ERRORS, ErrorOut
from twinning.directory.access import (
    can_see_partner_in_full,
    get_group_for_user,
    get_link_for_user,
    get_partner_for_user,
    sees_private_fields,
)
from twinning.directory.forms import GroupFilterForm, LinkFilterForm, PartnerFilterForm
from twinning.directory.models import Group, GroupKind, Link, Partner, PartnerKind
from twinning.directory.models.links import LinkKind, LinkStatus
from twinning.places.models import Governorate, Nation

router = Router(tags=["directory"])
# A filter naming something that does not exist (an unknown interest, a kind
# misspelt) is answered 422 with the reason, rather than an empty list.
FILTER_ERRORS = {422: ErrorOut}


class GroupPrivate(Schema):
    """What coordinators see besides the public fields."""

    review: str
    email: str
    email_shown: bool
    network_member: bool


class GroupOut(Schema):
    slug: str
    name: str
    kind: str
    place: str | None
    nation: str | None
    website: str
    contact_email: str | None
    description: str
    private: GroupPrivate | None = None


class PartnerPrivate(Schema):
    sensitive: bool


class PartnerOut(Schema):
    slug: str
    name: str
    name_ar: str
    kind: str
    governorate: str
    place: str | None
    description: str
    description_ar: str
    private: PartnerPrivate | None = None


def _group_out(user, group: Group) -> dict:
    """A group as this caller may see it: its contact address only if it chose to show it."""
    place = group.place if group.place_id else None
    return {
        "slug": group.slug,
        "name": group.name,
        "kind": group.kind,
        "place": place.name if place else None,
        "nation": (place.nation or None) if place else None,
        "website": group.website,
        "contact_email": group.public_email if group.show_public_email else None,
        "description": group.description,
        "private": (
            {
                "review": group.status,
                "email": group.public_email,
                "email_shown": group.show_public_email,
                "network_member": group.network_member,
            }
            if sees_private_fields(user)
            else None
        ),
    }


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
        "place": partner.place.name if full and partner.place_id else None,
        "description": partner.description if full else "",
        "description_ar": partner.description_ar if full else "",
        "private": {"sensitive": partner.sensitive} if sees_private_fields(user) else None,
    }


class MemberOut(Schema):
    name: str
    role: str


class LinkFilters(Schema):
    q: OneLine | None = Field(None, description="Words to search for, in any spelling")
    kind: LinkKind | None = None
    status: LinkStatus | None = None
    governorate: Governorate | None = None
    nation: Nation | None = None
    county: OneLine | None = None
    interest: str | None = Field(None, description="An interest's slug, e.g. 'water'")


class GroupFilters(Schema):
    q: OneLine | None = Field(None, description="Words to search for, in any spelling")
    kind: GroupKind | None = None
    nation: Nation | None = None
    county: OneLine | None = None
    interest: str | None = Field(None, description="An interest's slug, e.g. 'water'")


class PartnerFilters(Schema):
    q: OneLine | None = Field(None, description="Words to search for, in any spelling")
    kind: PartnerKind | None = None
    governorate: Governorate | None = None
    interest: str | None = Field(None, description="An interest's slug, e.g. 'water'")


def _filtered(form_class, filters: Schema, objects):
    """Narrow `objects` as the directory's list pages do, or answer 422 with the reason."""
    data = {
        name: getattr(value, "value", value)
        for name, value in filters.dict().items()
        if value not in (None, "")
    }
    form = form_class(data)
    if not form.is_valid():
        reasons = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
        raise HttpError(422, "; ".join(reasons))
    return form.apply(objects)


@router.get(
    "/groups",
    response={200: list[GroupOut], **FILTER_ERRORS},
    summary="British twinning groups",
)
@paginate(Pagination)
def group_list(request: HttpRequest, filters: Query[GroupFilters]):
    groups = _filtered(GroupFilterForm, filters, Group.objects.for_directory())
    return _Shaped(request.user, groups, _group_out)


@router.get("/groups/{slug}", response={200: GroupOut, **PUBLIC_ERRORS}, summary="One group")
def group_detail(request: HttpRequest, slug: Slug) -> dict:
    return _group_out(request.user, get_group_for_user(request.user, slug))


@router.get(
    "/groups/{slug}/members",
    response={200: list[MemberOut], **PRIVATE_ERRORS},
    auth=django_auth,
    summary="A group's members (for its members)",
)
def group_members(request: HttpRequest, slug: Slug) -> list[dict]:
    group = get_group_for_user(request.user, slug, members=True)
    roles = group.roles.with_people().order_by("role", "user__email")
    return [{"name": role.user.get_short_name(), "role": role.role} for role in roles]


@router.get(
    "/partners",
    response={200: list[PartnerOut], **FILTER_ERRORS},
    summary="Palestinian partners",
)
@paginate(Pagination)
def partner_list(request: HttpRequest, filters: Query[PartnerFilters]):
    partners = _filtered(PartnerFilterForm, filters, Partner.objects.for_directory())
    return _Shaped(request.user, partners, _partner_out)


@router.get("/partners/{slug}", response={200: PartnerOut, **PUBLIC_ERRORS}, summary="One partner")
def partner_detail(request: HttpRequest, slug: Slug) -> dict:
    return _partner_out(request.user, get_partner_for_user(request.user, slug))


class _Shaped:
    """Counts and slices like a queryset, giving each object as the caller may see it
    (`shape(user, obj)`), so ninja's paginator can page the shaped results."""

    def __init__(self, user, objects, shape) -> None:
        self.user, self.objects, self.shape = user, objects, shape

    def count(self) -> int:
        return self.objects.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        return [self.shape(self.user, obj) for obj in self.objects[window]]


class LinkOut(Schema):
    id: int
    kind: str
    status: str
    started_on: str | None
    ended_on: str | None
    story: str
    group: dict
    partner: dict


def _link_out(user, link: Link) -> dict:
    partner = _partner_out(user, link.partner)
    place = link.partner.place if can_see_partner_in_full(user, link.partner) else None
    return {
        "id": link.pk,
        "kind": link.kind,
        "status": link.status,
        "started_on": link.started_on.isoformat() if link.started_on else None,
        "ended_on": link.ended_on.isoformat() if link.ended_on else None,
        # A sensitive partner's story may name it: only those who may see it in full get it.
        "story": link.story if place is not None or not link.partner.sensitive else "",
        "group": {
            "slug": link.group.slug,
            "name": link.group.name,
            "place": link.group.place.name if link.group.place_id else None,
        },
        "partner": {
            "slug": partner["slug"],
            "name": partner["name"],
            "name_ar": partner["name_ar"],
            "governorate": partner["governorate"],
            "place": place.name if place else None,
        },
    }


@router.get(
    "/links",
    response={200: list[LinkOut], **FILTER_ERRORS},
    summary="Twinning links (active, dormant, ended; coordinators also see proposed ones)",
)
@paginate(Pagination)
def link_list(request: HttpRequest, filters: Query[LinkFilters]):
    links = Link.objects.for_directory()
    if not sees_private_fields(request.user):
        links = links.public()
    if filters.status == LinkStatus.PROPOSED:
        # the page's form offers no "proposed"; coordinators may still ask for them here
        links = links.filter(status=LinkStatus.PROPOSED)
        filters.status = None
    return _Shaped(request.user, _filtered(LinkFilterForm, filters, links), _link_out)


@router.get("/links/{pk}", response={200: LinkOut, **PUBLIC_ERRORS}, summary="One link")
def link_detail(request: HttpRequest, pk: int) -> dict:
    return _link_out(request.user, get_link_for_user(request.user, pk))
