"""What matching adds to the shared pages: seeking a twin from a group's and a partner's page,
the communities seeking one after a registration of interest, and its menu entries."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    GROUP_ACTIONS,
    LINK_PAGE,
    MENU,
    PARTNER_ACTIONS,
    PERSON_HOME,
    REGISTERED,
    WAITING_FOR_ME,
    Action,
    MenuItem,
    Section,
    Task,
    Waiting,
)
from twinning.core.text import sentence


def _seeking(request, obj=None) -> dict | None:
    from twinning.matching.models import TwinRequest

    seeking = list(TwinRequest.objects.seeking()[:5])
    return {"seeking": seeking, "language": get_language()} if seeking else None


def _introductions_under_way(request, link) -> dict | None:
    """On a proposed link's page, for coordinators and the partner's contacts: the partner's
    introductions to other groups still under way, so a yes here is given knowing of them."""
    from twinning.matching.access import may_run_introductions, may_see_introductions_of
    from twinning.matching.models import Introduction

    if link.status != "proposed" or not may_see_introductions_of(request.user, link.partner):
        return None
    under_way = Introduction.objects.open().filter(request__partner=link.partner)
    if not may_run_introductions(request.user):
        under_way = under_way.exclude(introduced_at=None)  # a shortlist is the coordinators' own
    under_way = list(under_way.exclude(group=link.group).select_related("group"))
    return {"introductions": under_way} if under_way else None


def _introductions_of(user):
    """Introductions under way that the person's groups (as organiser) or partners are in,
    once both sides have been asked (a shortlist is the coordinators' own)."""
    from twinning.directory.access import group_roles, partners_spoken_for
    from twinning.directory.models import GroupRole
    from twinning.matching.models import Introduction

    organised = [pk for pk, role in group_roles(user).items() if role == GroupRole.Role.ORGANISER]
    partners = list(partners_spoken_for(user))
    if not organised and not partners:
        return None
    return (
        (
            Introduction.objects.open()
            .exclude(introduced_at=None)
            .filter(Q(group_id__in=organised) | Q(request__partner_id__in=partners))
            .with_sides()
            .order_by("stage_changed_at", "pk")
        ),
        organised,
        partners,
    )


def _my_introductions(request, user) -> dict | None:
    """On a person's home: the introductions under way of their groups and partners, and the
    requests for a twin their partners made that are still in play."""
    from twinning.matching.models import TwinRequest

    found = _introductions_of(user)
    if found is None:
        return None
    introductions, _organised, partners = found
    introductions = list(introductions[:10])
    requests = list(
        TwinRequest.objects.in_play().filter(partner_id__in=partners).with_partner()
        if partners
        else []
    )
    if not introductions and not requests:
        return None
    return {"introductions": introductions, "requests": requests, "language": get_language()}


def _introductions_to_accept(user) -> list[Task]:
    """Introductions waiting for the person's side to accept or decline."""
    from twinning.matching.models import Stage

    found = _introductions_of(user)
    if found is None:
        return []
    introductions, organised, partners = found
    waiting = introductions.filter(stage=Stage.INTRODUCED).filter(
        Q(group_id__in=organised, group_accepted_at=None)
        | Q(request__partner_id__in=partners, partner_accepted_at=None)
    )
    language = get_language()
    return [
        Task(
            sentence(
                gettext("Accept or decline the introduction of %(group)s and %(partner)s"),
                group=introduction.group.name,
                partner=introduction.request.partner.public_label(language)
                if introduction.group_id in organised
                else introduction.request.partner.display_name(language),
            ),
            introduction.get_absolute_url(),
            timezone.localdate(introduction.introduced_at),
        )
        for introduction in waiting
    ]


def _requests_to_introduce(user) -> list[Task]:
    """For coordinators: the communities that asked for a twin and wait for an introduction."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from twinning.matching.access import may_run_introductions
    from twinning.matching.models import TwinRequest

    if not may_run_introductions(user):
        return []
    count = TwinRequest.objects.open().count()
    if not count:
        return []
    text = ngettext(
        "Introduce %(count)s community waiting for a British twin",
        "Introduce %(count)s communities waiting for a British twin",
        count,
    ) % {"count": count}
    return [Task(text, reverse("matching:board"))]


def register() -> None:
    MENU.add(
        MenuItem("matching.seeking", _("Seeking a twin"), "matching:seeking", order=30),
        MenuItem(
            "matching.board", _("Introductions"), "matching:board", "matching.run_introductions", 70
        ),
    )
    GROUP_ACTIONS.add(
        Action(
            "matching.offer",
            _("Seek a Palestinian partner"),
            "matching:offer_edit",
            "directory.change_group",
            70,
        )
    )
    PARTNER_ACTIONS.add(
        Action(
            "matching.request",
            _("Ask for a British twin"),
            "matching:request_new",
            "directory.change_partner",
            20,
        )
    )
    REGISTERED.add(Section("matching.seeking", "matching/_seeking_nearby.html", _seeking))
    PERSON_HOME.add(
        Section(
            "matching.introductions",
            "matching/_person_home_introductions.html",
            _my_introductions,
            30,
        )
    )
    WAITING_FOR_ME.add(
        Waiting("matching.introductions_to_accept", _introductions_to_accept, 15),
        Waiting("matching.requests_to_introduce", _requests_to_introduce, 95),
    )
    LINK_PAGE.add(
        Section(
            "matching.introductions_under_way",
            "matching/_link_introductions_under_way.html",
            _introductions_under_way,
        )
    )
