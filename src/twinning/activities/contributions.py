"""What running a group adds to the shared pages (`core.contributions`): a group's public
meetings, appeals and visit reports on its page; links to its meetings, visits, fundraising
and campaign contacts from the group's and the link's page; the network's public meetings in
What's on; the links gone quiet on the coordinators' board; and what counts as activity along
a link."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    BOARD,
    GROUP_ACTIONS,
    GROUP_PAGE,
    LINK_ACTIONS,
    LINK_ACTIVITY,
    MENU,
    PERSON_HOME,
    WAITING_FOR_ME,
    WHATS_ON,
    Action,
    Listing,
    Measure,
    MenuItem,
    Section,
    Task,
    Waiting,
)
from twinning.core.text import sentence


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


def _coming_for(request, user) -> dict | None:
    """On a person's home: the next meetings they may see (their groups', and those held with
    a partner they speak for), and the groups they organise with no meeting planned."""
    from twinning.activities.models import Meeting
    from twinning.directory.access import group_roles, partners_spoken_for
    from twinning.directory.models import Group, GroupRole

    roles, partners = group_roles(user), partners_spoken_for(user)
    if not roles and not partners:
        return None
    now = timezone.now()
    theirs = Q(group_id__in=list(roles)) | (
        Q(link__partner_id__in=list(partners)) & ~Q(link__status="ended")
    )
    coming = list(
        Meeting.objects.upcoming(now)
        .filter(theirs, cancelled_at=None)
        .select_related("group", "link__partner")
        .with_answer_of(user)[:6]
    )
    organised = [pk for pk, role in roles.items() if role == GroupRole.Role.ORGANISER]
    planned = Meeting.objects.upcoming(now).filter(group=OuterRef("pk"), cancelled_at=None)
    unplanned = list(
        Group.objects.approved().filter(pk__in=organised).exclude(Exists(planned)).order_by("name")
    )
    return {"coming_meetings": coming, "unplanned_groups": unplanned}


def _meetings_to_answer(user) -> list[Task]:
    """Coming meetings the person is invited to and has not answered."""
    from twinning.activities.models import MeetingPerson

    rows = (
        MeetingPerson.objects.filter(
            user=user,
            response="",
            meeting__ends_at__gte=timezone.now(),
            meeting__cancelled_at=None,
        )
        .select_related("meeting__group")
        .order_by("meeting__starts_at")
    )
    return [
        Task(
            sentence(
                gettext("Will you come to %(meeting)s (%(group)s) on %(date)s?"),
                meeting=row.meeting.title,
                group=row.meeting.group.name,
                date=formats.date_format(timezone.localtime(row.meeting.starts_at), "DATE_FORMAT"),
            ),
            row.meeting.get_absolute_url(),
        )
        for row in rows
    ]


def _money_to_confirm(user) -> list[Task]:
    """Money sent to a partner the person speaks for, whose arrival no one has confirmed."""
    from twinning.activities.models import Transfer
    from twinning.directory.access import partners_spoken_for

    partners = partners_spoken_for(user)
    if not partners:
        return []
    transfers = (
        Transfer.objects.filter(confirmed_on=None, appeal__link__partner_id__in=partners)
        .select_related("appeal__group")
        .order_by("sent_on", "pk")
    )
    return [
        Task(
            sentence(
                gettext("Did the £%(amount)s that %(group)s sent arrive? Say so"),
                amount=f"{transfer.amount:,.2f}",
                group=transfer.appeal.group.name,
            ),
            f"{transfer.appeal.get_absolute_url()}#ledger",
            transfer.sent_on,
        )
        for transfer in transfers
    ]


def _quiet_links_to_look_at(user) -> list[Task]:
    """For coordinators: the active links gone quiet, to ask after."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from twinning.activities.access import may_see_link_health
    from twinning.activities.services import quiet_links

    if not may_see_link_health(user):
        return []
    count = quiet_links().count()
    if not count:
        return []
    text = ngettext(
        "Ask after %(count)s link gone quiet",
        "Ask after %(count)s links gone quiet",
        count,
    ) % {"count": count}
    return [Task(text, reverse("activities:link_health"))]


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
    PERSON_HOME.add(
        Section("activities.coming", "activities/_person_home_coming.html", _coming_for, 20)
    )
    WAITING_FOR_ME.add(
        Waiting("activities.meetings_to_answer", _meetings_to_answer, 30),
        Waiting("activities.money_to_confirm", _money_to_confirm, 40),
        Waiting("activities.quiet_links", _quiet_links_to_look_at, 96),
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
