"""What a group does: meetings (visits, fundraising and campaigning join them)."""

from twinning.activities.models.meetings import CalendarFeed, Meeting, MeetingPerson, MeetingZone

__all__ = ["CalendarFeed", "Meeting", "MeetingPerson", "MeetingZone"]
