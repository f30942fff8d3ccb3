"""What the activities hold about a person: for their data download, and erased with them."""

from typing import Any

from twinning.accounts.models import User
from twinning.activities.models import CalendarFeed, MeetingPerson, Participant


def _day(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    return {
        "meetings": [
            {
                "group": row.meeting.group.name,
                "meeting": row.meeting.title,
                "starts_at": row.meeting.starts_at.isoformat(),
                "invited_at": _day(row.invited_at),
                "answer": row.response,
                "came": row.attended,
            }
            for row in MeetingPerson.objects.filter(user=user).select_related("meeting__group")
        ],
        "calendar_addresses": [
            {"group": feed.group.name, "made_on": feed.created_at.isoformat()}
            for feed in CalendarFeed.objects.filter(user=user).select_related("group")
        ],
        # their own passport details are theirs to see
        "visits": [
            {
                "group": row.visit.group.name,
                "visit": row.visit.title,
                "first_day": _day(row.visit.starts_on),
                "last_day": _day(row.visit.ends_on),
                "name": row.name,
                "name_ar": row.name_ar,
                "role": row.role,
                "date_of_birth": _day(row.date_of_birth),
                "nationality": row.nationality,
                "passport_number": row.passport_number,
                "passport_valid_until": _day(row.passport_expires_on),
                "passport_details_erased_at": _day(row.passport_erased_at),
            }
            for row in Participant.objects.filter(user=user).select_related("visit__group")
        ],
    }


def personal_data_erase(user: User) -> None:
    MeetingPerson.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Participant.objects.filter(user=user).delete()
