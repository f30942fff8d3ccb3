"""What running a group adds to the shared pages (`core.contributions`): a group's public
meetings, appeals and visit reports on its page; links to its meetings, visits, fundraising
and campaign contacts from the group's and the link's page; the network's public meetings in
What's on; the links gone quiet on the coordinators' board; and what counts as activity along
a link."""

import datetime

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
)


def _group_public(request, group) -> dict:
    """A group's coming public meetings, its open public appeals and its visits' public
    reports; a linked partner's contacts (not the group's members) are led to what they share."""
    from twinning.activities.access import may_see_all_activities, may_see_joint_activities
    from twinning.activities.models import Appeal, PublicMeeting, Visit

    reports = list(
        Visit.objects.filter(group=group)
        .reported_publicly()
        .select_related("link__partner__place")
        .order_by("-starts_on", "-pk")[:10]
    )
    appeals = list(
        Appeal.objects.filter(group=group)
        .public()
        .exclude(ends_on__lt=timezone.localdate())
        .with_totals()
        .order_by("-starts_on", "-pk")[:5]
    )
    public_meetings = list(
        PublicMeeting.objects.listed().coming().filter(group=group).select_related("group")[:5]
    )
    user = request.user
    return {
        "group": group,
        "joint": not may_see_all_activities(user, group) and may_see_joint_activities(user, group),
        "public_meetings": public_meetings,
        "reports": reports,
        "appeals": appeals,
    }


def _quiet_links(request, obj=None) -> dict | None:
    from twinning.activities.access import may_see_link_health
    from twinning.activities.services import quiet_links

    if not may_see_link_health(request.user):
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


def _link_group(link):
    return link.group.slug


def register() -> None:
    MENU.add(
        MenuItem("activities.whats_on", _("What's on"), "activities:whats_on", order=50),
        MenuItem(
            "activities.link_health",
            _("Quiet links"),
            "activities:link_health",
            "activities.view_link_health",
            90,
        ),
    )
    GROUP_PAGE.add(Section("activities.public", "activities/_group_public.html", _group_public))
    members = "activities.view_activities"
    GROUP_ACTIONS.add(
        Action("activities.meetings", _("Meetings"), "activities:meetings", members, 20),
        Action("activities.visits", _("Visits"), "activities:visits", members, 21),
        Action("activities.appeals", _("Fundraising"), "activities:appeals", members, 22),
        Action("activities.contacts", _("Campaign contacts"), "activities:contacts", members, 23),
    )
    side, group = "directory.change_link", _link_group
    LINK_ACTIONS.add(
        Action("activities.meetings", _("Joint meetings"), "activities:meetings", side, 10, group),
        Action("activities.visits", _("Visits"), "activities:visits", side, 11, group),
        Action("activities.appeals", _("Fundraising"), "activities:appeals", side, 12, group),
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
    LINK_ACTIVITY.add(
        Measure("activities.meetings", _meetings_along),
        Measure("activities.visits", _visits_along),
    )
