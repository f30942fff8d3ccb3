"""What a group does: meetings, visits, fundraising (campaigning joins them)."""

from twinning.activities.models.fundraising import Appeal, Donation, Transfer
from twinning.activities.models.meetings import CalendarFeed, Meeting, MeetingPerson, MeetingZone
from twinning.activities.models.visits import (
    NEXT_VISIT_STATUSES,
    Direction,
    Participant,
    Visit,
    VisitDay,
    VisitPhoto,
    VisitStatus,
)

__all__ = [
    "NEXT_VISIT_STATUSES",
    "Appeal",
    "Donation",
    "Transfer",
    "CalendarFeed",
    "Direction",
    "Meeting",
    "MeetingPerson",
    "MeetingZone",
    "Participant",
    "Visit",
    "VisitDay",
    "VisitPhoto",
    "VisitStatus",
]
