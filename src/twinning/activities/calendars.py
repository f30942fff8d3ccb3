"""Meetings in both countries' time, and as iCalendar (RFC 5545) for people's calendar apps."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from twinning.activities.models import Meeting, MeetingZone
from twinning.core.dates import weekday_date
from twinning.core.services import site_url


@dataclass(frozen=True)
class LocalTime:
    zone: str
    label: str
    day: str
    time: str
    at: datetime.datetime


def local_times(meeting: Meeting) -> list[LocalTime]:
    """The start in the zone it was written in, then in the other country's."""
    zones = sorted(MeetingZone, key=lambda zone: zone.value != meeting.time_zone)
    times = []
    for zone in zones:
        local = meeting.starts_at.astimezone(ZoneInfo(zone.value))
        times.append(
            LocalTime(
                zone=zone.value,
                label=str(zone.label),
                day=weekday_date(local),
                time=time_format(local, "TIME_FORMAT"),
                at=local,
            )
        )
    return times


def day_and_time(day: str, time: str) -> str:
    return _("%(day)s, %(time)s") % {"day": day, "time": time}


def when_parts(meeting: Meeting) -> tuple[LocalTime, str, LocalTime, str]:
    """Both local starts, each with the text to show: the other country's day is named only
    when it differs."""
    first, second = local_times(meeting)
    other = second.time if second.day == first.day else day_and_time(second.day, second.time)
    return first, day_and_time(first.day, first.time), second, other


def when_text(meeting: Meeting) -> str:
    """For emails and calendars: "Thursday 4 December 2026, 19:00 UK time (21:00 Palestine
    time)"."""
    first, first_text, second, second_text = when_parts(meeting)
    return _("%(first)s %(first_zone)s (%(second)s %(second_zone)s)") % {
        "first": first_text,
        "first_zone": first.label,
        "second": second_text,
        "second_zone": second.label,
    }


def _uid(meeting: Meeting) -> str:
    host = site_url("/").split("//", 1)[-1].strip("/").split("/")[0] or "twinning"
    return f"meeting-{meeting.pk}@{host}"


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("last-modified", meeting.updated_at)
    event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
    location = meeting.where or meeting.online_url
    if location:
        event.add("location", location)
    url = site_url(meeting.get_absolute_url())
    event.add("url", url)
    parts = [when_text(meeting)]
    if meeting.online_url:
        parts.append(_("Online: %(url)s") % {"url": meeting.online_url})
    if meeting.agenda:
        parts.append(meeting.agenda)
    parts.append(url)
    event.add("description", "\n\n".join(parts))
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str, method: str = "PUBLISH") -> bytes:
    """One calendar holding `meetings`, named `name` in the calendar app. An email about a
    cancelled meeting sends it with `method` "CANCEL", which calendar apps act on."""
    calendar = Calendar()
    calendar.add("prodid", "-//Twinning//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    return calendar.to_ical()
