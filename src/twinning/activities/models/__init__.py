"""What a group does: meetings, visits, fundraising and campaigning."""

from twinning.activities.models.campaigning import (
    CampaignContact,
    ContactKind,
    Interaction,
    PublicMeeting,
)
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
    "CalendarFeed",
    "CampaignContact",
    "ContactKind",
    "Direction",
    "Donation",
    "Interaction",
    "Meeting",
    "MeetingPerson",
    "MeetingZone",
    "Participant",
    "PublicMeeting",
    "Transfer",
    "Visit",
    "VisitDay",
    "VisitPhoto",
    "VisitStatus",
]
