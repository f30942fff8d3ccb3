"""Meetings: scheduling, answers, who came, minutes, calendar addresses."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.models import User
from twinning.accounts.services import acting_person, email_people, one_submission_at_a_time
from twinning.activities.access import may_see_every_name
from twinning.activities.calendars import calendar_for, when_text
from twinning.activities.models import CalendarFeed, Meeting, MeetingPerson
from twinning.activities.services.submissions import made_from, refuse_if_stale
from twinning.core.services import audit_log, site_url
from twinning.directory.models import Group, PartnerContact
from twinning.directory.services import link_note_activity

MEETING_FIELDS = ("title", "starts_at", "time_zone", "duration", "where", "online_url", "agenda")
# A change to one of these is news for the people invited.
MEETING_NEWS = ("starts_at", "duration", "time_zone", "where", "online_url", "link")
# Headlines of the emails, translated when each is written, in its reader's language.
INVITED = gettext_lazy("%(group)s invites you to a meeting: %(title)s")
CHANGED = gettext_lazy("%(group)s changed a meeting: %(title)s")
CANCELLED = gettext_lazy("%(group)s cancelled a meeting: %(title)s")
CHANGED_SUBJECT = gettext_lazy("Changed: %(title)s, %(when)s")
CANCELLED_SUBJECT = gettext_lazy("Cancelled: %(title)s, %(when)s")


def meeting_people(meeting: Meeting) -> list[User]:
    """Who a meeting is for: the group's members and, for a joint meeting, the partner's
    contacts on the platform."""
    people = {role.user for role in meeting.group.roles.select_related("user")}
    if meeting.link_id is not None:
        people |= {
            contact.user
            for contact in PartnerContact.objects.filter(
                partner_id=meeting.link.partner_id
            ).select_related("user")
        }
    return sorted(people, key=lambda person: person.pk)


def partner_side(meeting: Meeting, viewer=None) -> set[int]:
    """People on a meeting's list who are not in the group: the partner's side (now or from
    an earlier link). Their names are for coordinators and the contacts of their own partner;
    everyone else counts them. With no `viewer`, all of them."""
    listed = set(meeting.people.values_list("user_id", flat=True))
    if meeting.link_id is not None:
        listed |= set(
            PartnerContact.objects.filter(partner_id=meeting.link.partner_id).values_list(
                "user_id", flat=True
            )
        )
    members = set(meeting.group.roles.filter(user_id__in=listed).values_list("user_id", flat=True))
    outside = listed - members
    if viewer is not None and outside:
        if may_see_every_name(viewer):
            return set()
        colleagues = PartnerContact.objects.filter(
            user_id__in=outside, partner__contacts__user=viewer
        ).values_list("user_id", flat=True)
        outside -= set(colleagues)
    return outside


def _meeting_email(meeting: Meeting, *, headline, subject=None) -> dict[str, Any]:
    """What an email about `meeting` says, each part called in the recipient's language."""

    def body() -> str:
        lines = [
            headline % {"group": meeting.group.name, "title": meeting.title},
            "",
            _("When: %(when)s") % {"when": when_text(meeting)},
        ]
        if meeting.where:
            lines.append(_("Where: %(where)s") % {"where": meeting.where})
        if meeting.online_url:
            lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
        if meeting.agenda and not meeting.cancelled_at:
            lines += ["", _("Agenda:"), meeting.agenda]
        if meeting.cancelled_at:
            lines += ["", _("The meeting's page: %(url)s") % {"url": meeting_url(meeting)}]
        else:
            url = meeting_url(meeting)
            lines += ["", _("Say whether you can come: %(url)s") % {"url": url}]
            lines += ["", _("The attached file adds the meeting to your calendar.")]
        return "\n".join(lines)

    return {
        "subject": lambda: (
            (subject or gettext_lazy("%(title)s: %(when)s"))
            % {"title": meeting.title, "when": when_text(meeting)}
        ),
        "body": body,
        "attachments": lambda: [
            [
                "meeting.ics",
                calendar_for(
                    [meeting],
                    name=meeting.group.name,
                    method="CANCEL" if meeting.cancelled_at else "PUBLISH",
                ).decode(),
                "text/calendar",
            ]
        ],
    }


def meeting_url(meeting: Meeting) -> str:
    return site_url(meeting.get_absolute_url())


def meeting_schedule(
    *, actor, group: Group, values: dict[str, Any], invite: bool = True, form_nonce: str = ""
) -> Meeting:
    """Schedule a meeting of `group`, put its people on the list and, with `invite`, email them
    the invitation with a calendar file. The same form sent twice makes one meeting (the one
    returned then has `already_made` set)."""
    with transaction.atomic():
        made = made_from(actor, Meeting.objects.filter(group=group), form_nonce)
        if made is not None:
            return made
        link = values.get("link")
        if link is not None and link.group_id != group.pk:
            raise ValidationError(_("That link is not one of this group's."))
        meeting = Meeting(
            group=group,
            link=link,
            created_by=acting_person(actor),
            form_nonce=form_nonce,
            **{name: values[name] for name in MEETING_FIELDS if name in values},
        )
        meeting.full_clean(exclude=["ends_at"])
        meeting.save()
        _note_on_link(meeting)
        people = meeting_people(meeting)
        now = timezone.now()
        MeetingPerson.objects.bulk_create(
            [MeetingPerson(meeting=meeting, user=person, invited_at=now) for person in people]
        )
        audit_log(
            actor=actor,
            action="meeting.scheduled",
            obj=meeting,
            data={
                "group": group.slug,
                "starts_at": meeting.starts_at.isoformat(),
                "invited": invite,
            },
        )
        if invite and not meeting.is_over:  # a past meeting, recorded afterwards, asks no one
            email_people(
                [person for person in people if person != acting_person(actor)],
                **_meeting_email(meeting, headline=INVITED),
            )
    return meeting


STALE = gettext_lazy(
    "Someone else changed this meeting while you were editing it. "
    "Your text is still below: compare, then save again."
)


def meeting_update(
    *, actor, meeting: Meeting, values: dict[str, Any], version: str = ""
) -> Meeting:
    """Change a meeting. If it has not happened yet and its time, place or partner changed,
    the people it is for who have not said no are told, with a calendar file that replaces
    the old one; people a new partner adds are invited.

    A form opened before someone else's save is refused (code "stale"), unless it asks for
    what is already saved (a form sent twice).
    """
    with transaction.atomic():
        current = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        link = values.get("link", current.link)
        if link is not None and link.group_id != current.group_id:
            raise ValidationError(_("That link is not one of this group's."))
        changed = [
            name
            for name in MEETING_FIELDS
            if name in values and getattr(current, name) != values[name]
        ]
        if current.link_id != (link.pk if link else None):
            changed.append("link")
        if not changed:
            return current
        refuse_if_stale(current, version, STALE)
        for name in MEETING_FIELDS:
            if name in values:
                setattr(current, name, values[name])
        current.link = link
        news = any(name in changed for name in MEETING_NEWS)
        if news:
            current.sequence += 1
        current.full_clean(exclude=["ends_at"])
        fields = [name for name in changed if name != "link"] + ["sequence", "updated_at"]
        current.save(update_fields=[*fields, *(["link"] if "link" in changed else [])])
        added = _add_missing_people(current) if "link" in changed else []
        _note_on_link(current)
        audit_log(actor=actor, action="meeting.changed", obj=current, data={"changed": changed})
        if news and not current.is_over and not current.cancelled_at:
            email_people(
                [person for person in _still_invited(current, actor) if person not in added],
                **_meeting_email(current, headline=CHANGED, subject=CHANGED_SUBJECT),
            )
            email_people(added, **_meeting_email(current, headline=INVITED))
    return current


def _note_on_link(meeting: Meeting) -> None:
    """A joint meeting is activity along its link (a coming one, on the day it is planned)."""
    if meeting.link_id is not None:
        link_note_activity(link_id=meeting.link_id, on=timezone.localdate(meeting.starts_at))


def _add_missing_people(meeting: Meeting) -> list[User]:
    """Put on the list the people the meeting is now for; take off those it no longer is for
    who had not answered. Returns those added."""
    people = meeting_people(meeting)
    listed = set(meeting.people.values_list("user_id", flat=True))
    meeting.people.exclude(user_id__in=[person.pk for person in people]).filter(
        response="", attended__isnull=True
    ).delete()
    added = [person for person in people if person.pk not in listed]
    now = timezone.now()
    MeetingPerson.objects.bulk_create(
        [MeetingPerson(meeting=meeting, user=person, invited_at=now) for person in added]
    )
    return added


def _still_invited(meeting: Meeting, actor) -> list[User]:
    """The people the meeting is for today (those who left the group, or whose partner is no
    longer the meeting's, are not) who have not said no; not the one making the change."""
    declined = set(
        meeting.people.filter(response=MeetingPerson.Response.NO).values_list("user_id", flat=True)
    )
    return [
        person
        for person in meeting_people(meeting)
        if person.pk not in declined and person != acting_person(actor)
    ]


def meeting_cancel(*, actor, meeting: Meeting) -> Meeting:
    """Call a meeting off; the people who had not said no are told, and calendars drop it."""
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.cancelled_at is not None:
            return current
        if current.is_over:
            raise ValidationError(_("This meeting is over: it can no longer be cancelled."))
        meeting.cancelled_at = timezone.now()
        meeting.sequence = current.sequence + 1
        meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        audit_log(actor=actor, action="meeting.cancelled", obj=meeting)
        email_people(
            _still_invited(meeting, actor),
            **_meeting_email(meeting, headline=CANCELLED, subject=CANCELLED_SUBJECT),
        )
    return meeting


def meeting_respond(*, actor: User, meeting: Meeting, response: str) -> MeetingPerson:
    """Say whether one is coming. Anyone who may see the meeting may answer, until it is over."""
    if response not in MeetingPerson.Response.values or not response:
        raise ValidationError(_("Choose whether you are coming."))
    if meeting.cancelled_at:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.is_over:
        raise ValidationError(_("This meeting is over."))
    with transaction.atomic():
        row, _created = MeetingPerson.objects.select_for_update().get_or_create(
            meeting=meeting, user=actor
        )
        row.response = response
        row.responded_at = timezone.now()
        row.save(update_fields=["response", "responded_at"])
    return row


def meeting_record_attendance(
    *, actor, meeting: Meeting, came: set[int], others: int | None
) -> Meeting:
    """Record who came (people on the meeting's list or in its group) and how many others."""
    if meeting.cancelled_at:
        raise ValidationError(_("This meeting was cancelled."))
    if not meeting.has_started:
        raise ValidationError(_("Record who came once the meeting has started."))
    with transaction.atomic():
        hidden = partner_side(meeting)
        allowed = {person.pk for person in meeting_people(meeting)} | set(
            meeting.people.values_list("user_id", flat=True)
        )
        unknown = came - (allowed - hidden)
        if unknown:
            raise ValidationError(
                _("Someone ticked is not in this group any more: reload the page.")
            )
        listed = set(meeting.people.values_list("user_id", flat=True))
        MeetingPerson.objects.bulk_create(
            [MeetingPerson(meeting=meeting, user_id=pk) for pk in sorted(came - listed)]
        )
        meeting.people.filter(user_id__in=came).update(attended=True)
        meeting.people.exclude(user_id__in=came | hidden).update(attended=False)
        meeting.others_attended = others
        meeting.attendance_recorded_at = timezone.now()
        meeting.save(update_fields=["others_attended", "attendance_recorded_at", "updated_at"])
        _note_on_link(meeting)
        audit_log(
            actor=actor,
            action="meeting.attendance_recorded",
            obj=meeting,
            data={"came": len(came), "others": others or 0},
        )
    return meeting


def meeting_write_minutes(*, actor, meeting: Meeting, minutes: str, version: str = "") -> Meeting:
    """Save the minutes (Markdown), refusing to write over someone else's newer version."""
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.minutes == minutes:
            return current  # nothing to save (or the same form sent twice)
        refuse_if_stale(current, version, STALE)
        current.minutes = minutes
        current.save(update_fields=["minutes", "updated_at"])
        audit_log(actor=actor, action="meeting.minutes_written", obj=current)
    return current


def calendar_feed_for(*, user: User, group: Group, renew: bool = False) -> CalendarFeed:
    """A person's private calendar address for a group's meetings; `renew` replaces it, so
    that an address shared by mistake stops working."""
    with transaction.atomic():
        one_submission_at_a_time(user)
        feed = CalendarFeed.objects.filter(user=user, group=group).first()
        if feed is not None and renew:
            feed.delete()
            audit_log(actor=user, action="calendar.address_replaced", obj=group)
            feed = None
        if feed is None:
            feed = CalendarFeed.objects.create(user=user, group=group)
    return feed
