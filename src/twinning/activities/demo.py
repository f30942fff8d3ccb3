"""Demo data for running a group: the Oxford group's meetings, one of them with its partner.
Safe to load again: nothing is duplicated."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from twinning.accounts.models import User
from twinning.activities import services
from twinning.activities.models import Meeting
from twinning.directory.models import Group

GROUP = "oxford-friends-of-beit-ummar"


def _at(days: int, hour: int, zone: str) -> datetime.datetime:
    day = (timezone.now() + datetime.timedelta(days=days)).astimezone(ZoneInfo(zone)).date()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(zone))


def load(stdout) -> dict:
    group = Group.objects.filter(slug=GROUP).first()
    organiser = User.objects.filter(email="organiser@demo.twinning.test").first()
    if group is None or organiser is None:
        return {}
    link = group.links.exclude(status="ended").select_related("partner").first()
    meetings = [
        {
            "title": "Monthly meeting: accounts and the olive oil sale",
            "starts_at": _at(-20, 19, "Europe/London"),
            "where": "Friends Meeting House, 43 St Giles, Oxford",
            "agenda": "- Treasurer's report\n- Olive oil sale at the Christmas fair\n- News from Beit Ummar",
            "minutes": "## Decisions\n- The stall at the Christmas fair is booked.\n- "
            "Next month: plan the spring visit.",
        },
        {
            "title": "Joint call with Beit Ummar: the spring visit",
            "starts_at": _at(9, 20, "Asia/Hebron"),
            "online_url": "https://meet.jit.si/oxford-beit-ummar-demo",
            "agenda": "- Dates for the visit\n- Hosts and programme\n- Invitation letters",
            "link": link,
        },
        {
            "title": "Monthly meeting",
            "starts_at": _at(16, 19, "Europe/London"),
            "where": "Friends Meeting House, 43 St Giles, Oxford",
            "agenda": "- Reports from the joint call\n- Fundraising for the school library",
        },
    ]
    made = 0
    for values in meetings:
        if Meeting.objects.filter(group=group, title=values["title"]).exists():
            continue
        minutes = values.pop("minutes", "")
        meeting = services.meeting_schedule(
            actor=organiser, group=group, values=values, invite=False
        )
        if minutes:
            services.meeting_write_minutes(actor=organiser, meeting=meeting, minutes=minutes)
            member = User.objects.filter(email="member@demo.twinning.test").first()
            came = {organiser.pk} | ({member.pk} if member else set())
            services.meeting_record_attendance(
                actor=organiser, meeting=meeting, came=came, others=3
            )
        made += 1
    count = Meeting.objects.filter(group=group).count()
    stdout.write(f"  activities: {count} meetings ({made} new)")
    return {}
