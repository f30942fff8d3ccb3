"""What running a group adds to the shared pages (`core.contributions`): a group's public
meetings, appeals and visit reports on its page; links to its meetings, visits, fundraising
and campaign contacts from the group's and the link's page; the network's public meetings in
What's on; the links gone quiet on the coordinators' board; and what counts as activity along
a link."""

import datetime

from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.access import may
from twinning.core.contributions import (
    BOARD,
    GROUP_ACTIONS,
    GROUP_PAGE,
    LINK_ACTIONS,
    LINK_ACTIVITY,
    MENU,
    WHATS_ON,
    Action,
    Listing,
    Measure,
    MenuItem,
    Section,
    permitted,
)


def _group_public(request, group) -> dict:
    """A group's coming public meetings, its open public appeals and its visits' public
    reports; a linked partner's contacts (not the group's members) are led to what they share."""
    from twinning.activities.models import Appeal, PublicMeeting, Visit

    reports = list(
        Visit.objects.filter(group=group, report_public=True)
        .select_related("link__partner__place")
        .order_by("-starts_on", "-pk")[:10]
    )
    appeals = list(
        Appeal.objects.filter(group=group, public=True)
        .exclude(ends_on__lt=timezone.localdate())
        .with_totals()
        .order_by("-starts_on", "-pk")[:5]
    )
    public_meetings = list(
        PublicMeeting.objects.listed().coming().filter(group=group).select_related("group")[:5]
    )
    return {
        "joint": request.user.is_authenticated
        and not may(request.user, "activities.view_activities", group)
        and may(request.user, "activities.view_joint_activities", group),
        "public_meetings": public_meetings,
        "reports": reports,
        "appeals": appeals,
    }


def _quiet_links(request, obj=None) -> dict | None:
    from twinning.activities.services import quiet_links

    if not may(request.user, "activities.view_link_health"):
        return None
    count = quiet_links().count()
    return {"quiet_links": count} if count else None


def _coming_public_meetings():
    from twinning.activities.models import PublicMeeting

    return PublicMeeting.objects.listed().coming().select_related("group", "place")


def _meetings_along(cutoff: datetime.date):
    from twinning.activities.models import Meeting

    since = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time()))
    return Meeting.objects.filter(
        link=OuterRef("pk"), cancelled_at__isnull=True, starts_at__gte=since
    )


def _visits_along(cutoff: datetime.date):
    from twinning.activities.models import Visit, VisitStatus

    return Visit.objects.filter(link=OuterRef("pk"), ends_on__gte=cutoff).exclude(
        status=VisitStatus.CANCELLED
    )


def _group_page(name: str):
    return lambda group: reverse(f"activities:{name}", args=[group.slug])


def _link_group_page(name: str):
    return lambda link: reverse(f"activities:{name}", args=[link.group.slug])


def register() -> None:
    MENU.add(MenuItem("activities.whats_on", _("What's on"), "activities:whats_on", order=50))
    MENU.add(
        MenuItem(
            "activities.link_health",
            _("Quiet links"),
            "activities:link_health",
            allowed=permitted("activities.view_link_health"),
            order=90,
        )
    )
    GROUP_PAGE.add(Section("activities.public", "activities/_group_public.html", _group_public))
    members = permitted("activities.view_activities")
    for order, (name, label) in enumerate(
        [
            ("meetings", _("Meetings")),
            ("visits", _("Visits")),
            ("appeals", _("Fundraising")),
            ("contacts", _("Campaign contacts")),
        ]
    ):
        GROUP_ACTIONS.add(
            Action(
                f"activities.{name}",
                label,
                url=_group_page(name),
                allowed=members,
                order=20 + order,
            )
        )
    either_side = permitted("directory.change_link")
    for order, (name, label) in enumerate(
        [("meetings", _("Joint meetings")), ("visits", _("Visits")), ("appeals", _("Fundraising"))]
    ):
        LINK_ACTIONS.add(
            Action(
                f"activities.{name}",
                label,
                url=_link_group_page(name),
                allowed=either_side,
                order=10 + order,
            )
        )
    BOARD.add(Section("activities.quiet_links", "activities/_board_quiet_links.html", _quiet_links))
    WHATS_ON.add(
        Listing(
            "activities.public_meetings",
            entries=_coming_public_meetings,
            sort_key=lambda meeting: (meeting.starts_at, meeting.pk),
            template="activities/_whats_on_public_meeting.html",
        )
    )
    LINK_ACTIVITY.add(Measure("activities.meetings", _meetings_along))
    LINK_ACTIVITY.add(Measure("activities.visits", _visits_along))
