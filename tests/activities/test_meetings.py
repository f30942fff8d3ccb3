"""Meetings: organisers schedule them in either country's time, members and (for a joint
meeting) the partner's contacts are invited and answer, organisers record who came and write
minutes, and everyone who may see them can put them in their calendar."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.conftest import client_for
from tests.factories import GroupRoleFactory, UserFactory
from twinning.accounts.services import user_erase, user_export_data
from twinning.activities import services
from twinning.activities.models import CalendarFeed, Meeting, MeetingPerson
from twinning.core.models import AuditEntry

pytestmark = pytest.mark.django_db

HEBRON = ZoneInfo("Asia/Hebron")
LONDON = ZoneInfo("Europe/London")


def _soon(days: int = 10, hour: int = 19) -> datetime.datetime:
    day = (timezone.now() + datetime.timedelta(days=days)).astimezone(LONDON).date()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def _meeting(cast, *, joint: bool = False, starts_at=None, **values) -> Meeting:
    return services.meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": values.pop("title", "Monthly meeting"),
            "starts_at": starts_at or _soon(),
            "link": cast.link if joint else None,
            **values,
        },
        invite=False,
    )


def _form(**overrides) -> dict:
    data = {
        "title": "Planning the spring visit",
        "day": "2027-01-14",
        "start": "19:00",
        "time_zone": "Asia/Hebron",
        "duration": "90",
        "where": "Friends Meeting House, St Giles",
        "online_url": "https://meet.example.org/oxford-beit-ummar",
        "link": "",
        "agenda": "- the visit\n- the olive oil sale",
        "invite": "on",
        "nonce": "a" * 32,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _values(form) -> dict:
    """What the browser would send back from a form as it was shown."""
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def _ics(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def test_an_organiser_schedules_a_joint_meeting_in_palestine_time_and_everyone_sees_both_times(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    organiser = client_for(cast.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(
            f"/groups/{cast.group_a.slug}/meetings/new/", _form(link=str(cast.link.pk))
        )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime(2027, 1, 14, 19, tzinfo=HEBRON)
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=90)

    page = client_for(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert "19:00</time> Palestine time" in page
    assert "17:00</time> UK time" in page  # two hours behind in winter

    # the members and the partner's contact are invited (not the organiser who wrote it)
    invited = {row.user for row in meeting.people.select_related("user")}
    assert invited == {cast.organiser, cast.member, cast.partner_contact}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.member.email, cast.partner_contact.email]
    )
    message = mailoutbox[0]
    assert "Planning the spring visit" in message.subject
    assert "19:00 Palestine time (17:00 UK time)" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("meeting.ics", "text/calendar")
    event = _ics(content.encode()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.datetime(2027, 1, 14, 17, tzinfo=datetime.UTC)
    assert AuditEntry.objects.filter(action="meeting.scheduled").count() == 1


def test_an_invitation_reaches_a_real_mail_server_with_its_calendar_file(
    cast, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.organiser).post(f"/groups/{cast.group_a.slug}/meetings/new/", _form())
    [message] = smtp_inbox.messages
    assert message["To"] == cast.member.email
    [attachment] = [part for part in message.iter_attachments()]
    assert attachment.get_content_type() == "text/calendar"
    assert "SUMMARY:Planning the spring visit" in attachment.get_content()


def test_a_meeting_form_sent_twice_schedules_one_meeting(cast, mailoutbox) -> None:
    organiser = client_for(cast.organiser)
    first = organiser.post(f"/groups/{cast.group_a.slug}/meetings/new/", _form())
    second = organiser.post(f"/groups/{cast.group_a.slug}/meetings/new/", _form())
    assert Meeting.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_time_the_clocks_skip_is_refused_with_a_reason_and_the_text_kept(cast) -> None:
    response = client_for(cast.organiser).post(
        f"/groups/{cast.group_a.slug}/meetings/new/",
        _form(day="2027-03-28", start="01:30", time_zone="Europe/London"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The clocks go forward" in page
    assert "Planning the spring visit" in page
    assert not Meeting.objects.exists()


def test_a_meeting_form_with_missing_and_bad_values_comes_back_with_messages(cast) -> None:
    response = client_for(cast.organiser).post(
        f"/groups/{cast.group_a.slug}/meetings/new/",
        _form(title="", day="not a day", duration="0", online_url="javascript:alert(1)"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count('aria-invalid="true"') >= 4
    assert not Meeting.objects.exists()


def test_a_link_of_another_group_cannot_be_chosen(cast) -> None:
    from twinning.directory.models import Link

    theirs = Link.objects.create(group=cast.group_b, partner=cast.partner, status="active")
    response = client_for(cast.organiser).post(
        f"/groups/{cast.group_a.slug}/meetings/new/", _form(link=str(theirs.pk))
    )
    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_members_answer_and_the_list_counts_who_is_coming(cast) -> None:
    meeting = _meeting(cast)
    member = client_for(cast.member)
    response = member.post(f"{meeting.get_absolute_url()}answer/", {"response": "yes"})
    assert response.status_code == 302
    assert MeetingPerson.objects.get(meeting=meeting, user=cast.member).response == "yes"
    page = member.get(f"/groups/{cast.group_a.slug}/meetings/").content.decode()
    assert "1 coming" in page and "you: coming" in page
    detail = client_for(cast.organiser).get(meeting.get_absolute_url()).content.decode()
    assert "Maya Member" in detail


def test_an_answer_that_is_not_a_choice_is_refused_with_a_message(cast) -> None:
    meeting = _meeting(cast)
    response = client_for(cast.member).post(
        f"{meeting.get_absolute_url()}answer/", {"response": "perhaps"}
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_no_one_answers_for_a_meeting_that_is_over(cast) -> None:
    meeting = _meeting(cast, starts_at=timezone.now() - datetime.timedelta(days=2))
    response = client_for(cast.member).post(
        f"{meeting.get_absolute_url()}answer/", {"response": "yes"}
    )
    assert response.status_code == 422
    assert "This meeting is over." in response.content.decode()


def test_a_partner_contact_sees_joint_meetings_only(cast) -> None:
    joint = _meeting(cast, joint=True, title="With Beit Ummar")
    own = _meeting(cast, title="Our own accounts")
    contact = client_for(cast.partner_contact)
    listing = contact.get(f"/groups/{cast.group_a.slug}/meetings/").content.decode()
    assert "With Beit Ummar" in listing and "Our own accounts" not in listing
    assert contact.get(joint.get_absolute_url()).status_code == 200
    assert contact.get(own.get_absolute_url()).status_code == 404
    assert (
        contact.post(f"{joint.get_absolute_url()}answer/", {"response": "maybe"}).status_code == 302
    )
    assert contact.get(f"{joint.get_absolute_url()}edit/").status_code == 403
    other = client_for(cast.other_partner_contact)
    assert other.get(joint.get_absolute_url()).status_code == 404


def test_changing_the_time_tells_those_who_have_not_said_no_and_replaces_the_calendar_entry(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    meeting = _meeting(cast, joint=True)
    services.meeting_respond(actor=cast.partner_contact, meeting=meeting, response="no")
    organiser = client_for(cast.organiser)
    form = organiser.get(f"{meeting.get_absolute_url()}edit/").context["form"]
    data = {
        **_values(form),
        "link": str(cast.link.pk),
        "start": "20:30",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(f"{meeting.get_absolute_url()}edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.starts_at.astimezone(LONDON).time() == datetime.time(20, 30)
    assert meeting.sequence == 1
    assert [m.to[0] for m in mailoutbox] == [cast.member.email]  # not the one who said no
    event = _ics(mailoutbox[0].attachments[0][1].encode()).walk("VEVENT")[0]
    assert event["sequence"] == 1

    # a change to the agenda alone is no news
    mailoutbox.clear()
    data = {
        **_values(form),
        "link": str(cast.link.pk),
        "start": "20:30",
        "agenda": "New agenda",
        "version": meeting.version,
    }
    with django_capture_on_commit_callbacks(execute=True):
        organiser.post(f"{meeting.get_absolute_url()}edit/", data)
    assert mailoutbox == []


def test_a_change_over_someone_elses_newer_one_is_refused_and_the_text_kept(cast) -> None:
    meeting = _meeting(cast)
    organiser = client_for(cast.organiser)
    form = organiser.get(f"{meeting.get_absolute_url()}edit/").context["form"]
    stale = _values(form)
    services.meeting_update(
        actor=cast.coordinator, meeting=meeting, values={"title": "Renamed by Sara"}
    )
    response = organiser.post(
        f"{meeting.get_absolute_url()}edit/", {**stale, "agenda": "My careful agenda"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Someone else changed this meeting" in page and "My careful agenda" in page
    meeting.refresh_from_db()
    assert meeting.title == "Renamed by Sara" and meeting.agenda == ""


def test_cancelling_tells_the_people_invited_and_calendars_drop_the_meeting(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    meeting = _meeting(cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.organiser).post(f"{meeting.get_absolute_url()}cancel/")
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == [cast.member.email] and "cancelled" in message.body
    ics = client_for(cast.member).get(f"{meeting.get_absolute_url()}meeting.ics")
    assert _ics(ics.content).walk("VEVENT")[0]["status"] == "CANCELLED"
    answer = client_for(cast.member).post(
        f"{meeting.get_absolute_url()}answer/", {"response": "yes"}
    )
    assert answer.status_code == 422


def test_who_came_is_recorded_once_the_meeting_has_started(cast) -> None:
    organiser = client_for(cast.organiser)
    coming = _meeting(cast)
    early = organiser.post(f"{coming.get_absolute_url()}who-came/", {"came": [str(cast.member.pk)]})
    assert early.status_code == 422
    assert "once the meeting has started" in early.content.decode()

    held = _meeting(cast, starts_at=timezone.now() - datetime.timedelta(days=3), title="Held")
    newcomer = UserFactory(display_name="Nadia Newcomer")
    GroupRoleFactory(group=cast.group_a, user=newcomer)  # joined after the invitations
    response = organiser.post(
        f"{held.get_absolute_url()}who-came/",
        {"came": [str(cast.member.pk), str(newcomer.pk)], "others": "4"},
    )
    assert response.status_code == 302
    assert set(held.people.filter(attended=True).values_list("user_id", flat=True)) == {
        cast.member.pk,
        newcomer.pk,
    }
    assert held.people.get(user=cast.organiser).attended is False
    listing = organiser.get(f"/groups/{cast.group_a.slug}/meetings/").content.decode()
    assert "2 people came" in listing and "and 4 others" in listing

    stranger = organiser.post(
        f"{held.get_absolute_url()}who-came/", {"came": [str(cast.stranger.pk)]}
    )
    assert stranger.status_code == 422


def test_minutes_are_written_by_organisers_and_read_by_members_safely(cast) -> None:
    meeting = _meeting(cast, starts_at=timezone.now() - datetime.timedelta(days=1))
    organiser = client_for(cast.organiser)
    version = organiser.get(f"{meeting.get_absolute_url()}minutes/").context["form"]["version"]
    response = organiser.post(
        f"{meeting.get_absolute_url()}minutes/",
        {
            "minutes": "## Decisions\n- olive oil sale in March\n<script>alert(1)</script>",
            "version": version.value(),
        },
    )
    assert response.status_code == 302
    page = client_for(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert "<h2>Decisions</h2>" in page and "olive oil sale" in page
    assert "<script>alert(1)" not in page
    assert client_for(cast.member).get(f"{meeting.get_absolute_url()}minutes/").status_code == 403

    stale = organiser.post(
        f"{meeting.get_absolute_url()}minutes/",
        {"minutes": "older text", "version": version.value()},
    )
    assert stale.status_code == 422 and "older text" in stale.content.decode()


def test_the_calendar_file_of_a_meeting_holds_no_one_s_name_or_address(cast) -> None:
    meeting = _meeting(cast, where="Quaker house", agenda="Accounts")
    services.meeting_respond(actor=cast.member, meeting=meeting, response="yes")
    response = client_for(cast.member).get(f"{meeting.get_absolute_url()}meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    event = _ics(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Monthly meeting" and str(event["location"]) == "Quaker house"
    assert event.decoded("dtstart") == meeting.starts_at
    for private in (cast.member.email, cast.member.display_name, cast.organiser.display_name):
        assert private not in body


def test_a_personal_calendar_address_follows_the_group_until_its_owner_leaves(cast) -> None:
    _meeting(cast, title="January meeting")
    _meeting(cast, joint=True, title="Joint call")
    member = client_for(cast.member)
    member.post(f"/groups/{cast.group_a.slug}/meetings/calendar-address/")
    feed = CalendarFeed.objects.get(user=cast.member)
    page = member.get(f"/groups/{cast.group_a.slug}/meetings/").content.decode()
    assert feed.token in page

    anyone = client_for(None)
    response = anyone.get(feed.get_absolute_url())
    assert response.status_code == 200
    titles = {str(event["summary"]) for event in _ics(response.content).walk("VEVENT")}
    assert titles == {"January meeting", "Joint call"}

    # the partner's contact's address holds the joint meeting only
    services.calendar_feed_for(user=cast.partner_contact, group=cast.group_a)
    theirs = CalendarFeed.objects.get(user=cast.partner_contact)
    titles = {
        str(event["summary"])
        for event in _ics(anyone.get(theirs.get_absolute_url()).content).walk("VEVENT")
    }
    assert titles == {"Joint call"}

    # replaced: the old address is dead
    member.post(f"/groups/{cast.group_a.slug}/meetings/calendar-address/", {"renew": "1"})
    assert anyone.get(feed.get_absolute_url()).status_code == 404
    renewed = CalendarFeed.objects.get(user=cast.member)
    assert anyone.get(renewed.get_absolute_url()).status_code == 200

    # left the group: dead too
    cast.member_role.delete()
    assert anyone.get(renewed.get_absolute_url()).status_code == 404
    assert (
        anyone.get(f"/groups/{cast.group_a.slug}/meetings/calendar/not-a-token.ics").status_code
        == 404
    )


def test_the_meetings_list_costs_the_same_queries_for_three_meetings_or_thirty(
    cast, django_assert_max_num_queries
) -> None:
    member = client_for(cast.member)
    url = f"/groups/{cast.group_a.slug}/meetings/"

    def add(count: int) -> None:
        for index in range(count):
            days = index - count // 2
            meeting = _meeting(cast, starts_at=_soon(days=days), title=f"Meeting {index}")
            if days > 0:
                services.meeting_respond(actor=cast.member, meeting=meeting, response="yes")

    add(3)
    member.get(url)
    # session, user, group, the person's right to see (group role), upcoming meetings with
    # counts, the person's answers, past meetings' count and page, the calendar address,
    # and the coordinator's and organiser's rights for the "schedule" button
    with django_assert_max_num_queries(12):
        member.get(url)
    add(27)
    with django_assert_max_num_queries(12):
        response = member.get(url)
    assert response.content.decode().count('class="meeting-when"') == 30


def test_a_meeting_page_costs_the_same_queries_however_many_are_invited(
    cast, django_assert_max_num_queries
) -> None:
    meeting = _meeting(cast)
    client = client_for(cast.member)
    client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(10):
        client.get(meeting.get_absolute_url())
    for _ in range(20):
        GroupRoleFactory(group=cast.group_a, user=UserFactory())
    services.meeting_update(actor=cast.organiser, meeting=meeting, values={"link": cast.link})
    with django_assert_max_num_queries(10):
        response = client.get(meeting.get_absolute_url())
    assert "23 people on the list" in response.content.decode()


def test_a_person_s_answers_are_in_their_data_download_and_go_with_their_account(cast) -> None:
    meeting = _meeting(cast)
    services.meeting_respond(actor=cast.member, meeting=meeting, response="maybe")
    services.calendar_feed_for(user=cast.member, group=cast.group_a)
    data = user_export_data(user=cast.member)["activities"]
    assert data["meetings"][0]["answer"] == "maybe"
    assert data["calendar_addresses"][0]["group"] == cast.group_a.name
    user_erase(user=cast.member)
    assert not MeetingPerson.objects.filter(meeting=meeting, user_id=cast.member.pk).exists()
    assert not CalendarFeed.objects.exists()


def test_the_group_page_leads_its_members_to_the_meetings(cast) -> None:
    page = client_for(cast.member).get(cast.group_a.get_absolute_url()).content.decode()
    assert re.search(r'href="/groups/group-a/meetings/"', page)
    link_page = client_for(cast.partner_contact).get(f"/links/{cast.link.pk}/").content.decode()
    assert 'href="/groups/group-a/meetings/"' in link_page


def test_the_partner_s_people_are_counted_not_named_for_the_group(cast) -> None:
    meeting = _meeting(cast, joint=True)
    services.meeting_respond(actor=cast.partner_contact, meeting=meeting, response="yes")
    services.meeting_respond(actor=cast.member, meeting=meeting, response="yes")
    name = cast.partner_contact.display_name
    member_page = client_for(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert name not in member_page
    assert "Maya Member" in member_page
    assert "+ 1 from the partner's side" in member_page.replace("&#x27;", "'")
    contact_page = client_for(cast.partner_contact).get(meeting.get_absolute_url())
    assert name in contact_page.content.decode()
    attendance = client_for(cast.organiser).get(f"{meeting.get_absolute_url()}who-came/")
    assert name not in attendance.content.decode()


def test_someone_who_left_the_group_is_not_told_of_changes(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from twinning.directory.services import group_role_remove

    meeting = _meeting(cast)
    group_role_remove(actor=cast.organiser, group_role=cast.member_role)
    newcomer = UserFactory(display_name="Nadia Newcomer")
    GroupRoleFactory(group=cast.group_a, user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=cast.organiser, meeting=meeting, values={"where": "The new hall"}
        )
        services.meeting_cancel(actor=cast.organiser, meeting=meeting)
    assert {m.to[0] for m in mailoutbox} == {newcomer.email}  # told of both, unlike Maya


def test_taking_the_partner_off_a_meeting_keeps_its_people_unnamed_and_uninformed(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    meeting = _meeting(cast, joint=True)
    services.meeting_respond(actor=cast.partner_contact, meeting=meeting, response="yes")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=cast.organiser,
            meeting=meeting,
            values={"link": None, "where": "Quaker house"},
        )
    assert cast.partner_contact.email not in {m.to[0] for m in mailoutbox}
    page = client_for(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert cast.partner_contact.display_name not in page
    assert client_for(cast.partner_contact).get(meeting.get_absolute_url()).status_code == 404


def test_making_a_meeting_joint_invites_the_partner_s_contacts(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast.partner_contact.preferred_language = "ar"
    cast.partner_contact.save()
    meeting = _meeting(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=cast.organiser, meeting=meeting, values={"link": cast.link})
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "تدعوك" in by_address[cast.partner_contact.email].body  # invited, in Arabic
    assert "changed a meeting" in by_address[cast.member.email].body


def test_dates_at_the_ends_of_the_calendar_are_refused_not_a_crash(cast) -> None:
    organiser = client_for(cast.organiser)
    for day, start, zone in (
        ("0001-01-01", "00:00", "Asia/Hebron"),
        ("9999-12-31", "23:30", "Europe/London"),
        ("1900-06-01", "12:00", "Europe/London"),
    ):
        response = organiser.post(
            f"/groups/{cast.group_a.slug}/meetings/new/",
            _form(day=day, start=start, time_zone=zone, nonce=""),
        )
        assert response.status_code == 422, day
        assert "within ten years" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_calendar_address_with_odd_characters_is_simply_not_found(cast, client) -> None:
    assert client.get("/groups/group-a/meetings/calendar/a%00b.ics").status_code == 404


def test_after_someone_else_s_change_the_second_save_goes_through(cast) -> None:
    meeting = _meeting(cast)
    organiser = client_for(cast.organiser)
    stale = _values(organiser.get(f"{meeting.get_absolute_url()}edit/").context["form"])
    services.meeting_update(actor=cast.coordinator, meeting=meeting, values={"title": "Renamed"})
    refused = organiser.post(f"{meeting.get_absolute_url()}edit/", {**stale, "agenda": "Mine"})
    assert refused.status_code == 422
    again = _values(refused.context["form"])
    assert organiser.post(f"{meeting.get_absolute_url()}edit/", again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda == "Mine"


def test_an_edit_sent_twice_is_saved_once_without_a_false_alarm(cast) -> None:
    meeting = _meeting(cast)
    organiser = client_for(cast.organiser)
    data = {**_values(organiser.get(f"{meeting.get_absolute_url()}edit/").context["form"])}
    data["where"] = "Town hall"
    assert organiser.post(f"{meeting.get_absolute_url()}edit/", data).status_code == 302
    assert organiser.post(f"{meeting.get_absolute_url()}edit/", data).status_code == 302
    minutes = {"minutes": "Decided", "version": meeting.version}
    meeting.refresh_from_db()
    minutes["version"] = meeting.version
    assert organiser.post(f"{meeting.get_absolute_url()}minutes/", minutes).status_code == 302
    assert organiser.post(f"{meeting.get_absolute_url()}minutes/", minutes).status_code == 302


def test_a_calendar_address_stays_dead_when_its_owner_comes_back(cast, client) -> None:
    from twinning.directory.services import group_role_remove, group_role_set

    feed = services.calendar_feed_for(user=cast.member, group=cast.group_a)
    group_role_remove(actor=cast.organiser, group_role=cast.member_role)
    group_role_set(actor=cast.organiser, group=cast.group_a, user=cast.member, role="member")
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_an_ended_link_s_partner_no_longer_sees_its_joint_meetings(cast) -> None:
    from twinning.directory.services import link_set_status

    meeting = _meeting(cast, joint=True)
    link_set_status(actor=cast.coordinator, link=cast.link, status="ended")
    assert client_for(cast.partner_contact).get(meeting.get_absolute_url()).status_code == 404


def test_a_cancellation_says_so_in_its_subject_and_cancels_in_calendars(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    meeting = _meeting(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=cast.organiser, meeting=meeting)
    [message] = mailoutbox
    assert message.subject.startswith("Cancelled: Monthly meeting")
    assert "METHOD:CANCEL" in message.attachments[0][1]
    assert "Say whether you can come" not in message.body


def test_a_meeting_recorded_afterwards_emails_no_one(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(
            actor=cast.organiser,
            group=cast.group_a,
            values={
                "title": "Last week's",
                "starts_at": timezone.now() - datetime.timedelta(days=7),
            },
            invite=True,
        )
    assert mailoutbox == []


def test_the_calendar_address_shown_is_the_site_s_own_address(cast) -> None:
    member = client_for(cast.member)
    member.post(f"/groups/{cast.group_a.slug}/meetings/calendar-address/")
    page = member.get(f"/groups/{cast.group_a.slug}/meetings/").content.decode()
    assert 'value="http://testserver/groups/group-a/meetings/calendar/' in page


def test_the_partner_s_contacts_find_the_joint_pages_from_the_group_page(cast) -> None:
    page = client_for(cast.partner_contact).get(cast.group_a.get_absolute_url()).content.decode()
    for part in ("meetings", "visits", "appeals"):
        assert f'href="/groups/group-a/{part}/"' in page
    stranger = client_for(cast.stranger).get(cast.group_a.get_absolute_url()).content.decode()
    assert 'href="/groups/group-a/visits/"' not in stranger


def test_text_written_in_either_language_keeps_its_own_direction(cast) -> None:
    meeting = _meeting(cast, agenda="Two teachers spend a week in Oxford.")
    page = client_for(cast.member).get(f"/ar{meeting.get_absolute_url()}").content.decode()
    assert '<div dir="auto"><ul>' in page or '<div dir="auto"><p>Two teachers' in page
