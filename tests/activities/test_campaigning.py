"""Campaigning: a group keeps its local contacts (MPs, councillors, schools, mosques…) and a
log of what passed between them, private to the group; it announces public meetings, which
anyone sees on its page and the network's list of what's on, while attendance and follow-up
stay with the group."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.conftest import client_for
from twinning.activities import services
from twinning.activities.models import CampaignContact, Interaction, PublicMeeting

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _contact(cast, **values) -> CampaignContact:
    return services.contact_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "kind": "mp",
            "name": "Jo Member-of-Parliament",
            "organisation": "House of Commons",
            "email": "jo.mp@parliament.example",
            "phone": "020 7946 0000",
            **values,
        },
    )


def _public_meeting(cast, *, days: int = 14, **values) -> PublicMeeting:
    day = (timezone.now() + datetime.timedelta(days=days)).astimezone(LONDON).date()
    return services.public_meeting_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Life in Beit Ummar today",
            "speakers": "The Palestinian Ambassador\nA farmer from Beit Ummar",
            "venue": "Oxford Town Hall",
            "starts_at": datetime.datetime.combine(day, datetime.time(19), tzinfo=LONDON),
            "description": "An evening of **first-hand** accounts.",
            "expected_attendance": 80,
            **values,
        },
    )


def test_an_organiser_keeps_contacts_that_only_the_group_sees(cast, client) -> None:
    organiser = client_for(cast.organiser)
    data = {
        "kind": "councillor",
        "name": "Cllr Sam Ward",
        "email": "sam@council.example",
        "nonce": "k" * 32,
    }
    response = organiser.post(f"/groups/{cast.group_a.slug}/contacts/new/", data)
    contact = CampaignContact.objects.get()
    assert response["Location"] == contact.get_absolute_url()
    again = organiser.post(f"/groups/{cast.group_a.slug}/contacts/new/", data)
    assert again.status_code == 302 and CampaignContact.objects.count() == 1
    assert organiser.get(contact.get_absolute_url())["Cache-Control"] == "private, no-store"
    member_page = client_for(cast.member).get(contact.get_absolute_url()).content.decode()
    assert "sam@council.example" in member_page
    assert client_for(cast.member).get(f"{contact.get_absolute_url()}edit/").status_code == 403
    assert client_for(cast.partner_contact).get(contact.get_absolute_url()).status_code == 403
    assert client_for(cast.other_organiser).get(contact.get_absolute_url()).status_code == 404
    assert client.get(contact.get_absolute_url()).status_code == 302  # to sign in
    assert "sam@council.example" not in client.get(cast.group_a.get_absolute_url()).content.decode()


def test_what_passed_with_a_contact_is_logged_once_and_dates_the_list(cast) -> None:
    contact = _contact(cast)
    organiser = client_for(cast.organiser)
    data = {
        "on": "2026-10-02",
        "kind": "pledged",
        "summary": "Will sign the EDM",
        "nonce": "e" * 32,
    }
    assert organiser.post(f"{contact.get_absolute_url()}log/", data).status_code == 302
    assert organiser.post(f"{contact.get_absolute_url()}log/", data).status_code == 302
    assert Interaction.objects.count() == 1
    listing = organiser.get(f"/groups/{cast.group_a.slug}/contacts/?kind=mp").content.decode()
    assert "Jo Member-of-Parliament" in listing and 'datetime="2026-10-02"' in listing
    others = organiser.get(f"/groups/{cast.group_a.slug}/contacts/?kind=school").content.decode()
    assert "Jo Member-of-Parliament" not in others
    page = organiser.get(contact.get_absolute_url()).content.decode()
    assert "they pledged support" in page and "Will sign the EDM" in page


def test_a_log_entry_with_a_bad_date_comes_back_with_a_message(cast) -> None:
    contact = _contact(cast)
    response = client_for(cast.organiser).post(
        f"{contact.get_absolute_url()}log/", {"on": "1066-10-14", "kind": "met"}
    )
    assert response.status_code == 422
    assert "within ten years" in response.content.decode()


def test_a_public_meeting_is_listed_for_everyone_but_its_attendance_is_the_group_s(
    cast, client
) -> None:
    meeting = _public_meeting(cast)
    services.public_meeting_update(
        actor=cast.organiser,
        meeting=meeting,
        values={"follow_up": "canary follow-up: write to the council", "actual_attendance": 95},
    )
    for url in ("/whats-on/", cast.group_a.get_absolute_url(), meeting.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Life in Beit Ummar today" in page, url
        assert "The Palestinian Ambassador" in page, url
        assert "canary follow-up" not in page and "Came:" not in page, url
    member_page = client_for(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert "canary follow-up" in member_page and "Came: 95" in member_page


def test_a_called_off_meeting_leaves_the_public_lists(cast, client) -> None:
    meeting = _public_meeting(cast)
    response = client_for(cast.organiser).post(
        f"{meeting.get_absolute_url()}edit/", {"cancel": "1"}
    )
    assert response.status_code == 302
    assert "Life in Beit Ummar" not in client.get("/whats-on/").content.decode()
    assert client.get(meeting.get_absolute_url()).status_code == 404
    member_page = client_for(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert "called off" in member_page


def test_announcing_a_public_meeting_through_the_page(cast) -> None:
    organiser = client_for(cast.organiser)
    data = {
        "title": "Olive oil and stories",
        "speakers": "A teacher from Beit Ummar",
        "venue": "St Giles' church hall",
        "day": "2027-03-28",
        "start": "01:30",  # the clocks skip it
        "description": "",
        "expected_attendance": "40",
        "nonce": "f" * 32,
    }
    skipped = organiser.post(f"/groups/{cast.group_a.slug}/public-meetings/new/", data)
    assert skipped.status_code == 422 and "clocks go forward" in skipped.content.decode()
    made = organiser.post(
        f"/groups/{cast.group_a.slug}/public-meetings/new/", {**data, "start": "19:30"}
    )
    meeting = PublicMeeting.objects.get()
    assert made["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime(2027, 3, 28, 19, 30, tzinfo=LONDON)
    assert meeting.place == cast.group_a.place
    assert (
        client_for(cast.member).get(f"/groups/{cast.group_a.slug}/public-meetings/new/").status_code
        == 403
    )


def test_campaign_pages_cost_the_same_queries_however_many_contacts_and_meetings(
    cast, client, django_assert_max_num_queries
) -> None:
    organiser = client_for(cast.organiser)
    _contact(cast)
    _public_meeting(cast)
    _public_meeting(cast, days=-1, title="Yesterday's")
    urls = [
        (organiser, f"/groups/{cast.group_a.slug}/contacts/"),
        (organiser, f"/groups/{cast.group_a.slug}/public-meetings/"),
        (client, "/whats-on/"),
        (client, cast.group_a.get_absolute_url()),
    ]
    budgets = {}
    for who, url in urls:
        who.get(url)
        with django_assert_max_num_queries(20) as captured:
            who.get(url)
        budgets[url] = len(captured)
    for index in range(12):
        contact = _contact(cast, name=f"Contact {index}", kind="school")
        services.interaction_record(
            actor=cast.organiser,
            contact=contact,
            values={"on": datetime.date(2026, 9, 1), "kind": "wrote"},
        )
        _public_meeting(cast, days=index + 2, title=f"Meeting {index}")
        _public_meeting(cast, days=-(index + 2), title=f"Past {index}")
    for who, url in urls:
        with django_assert_max_num_queries(budgets[url]):
            who.get(url)


def test_an_attendance_beyond_belief_is_refused_not_a_crash(cast) -> None:
    meeting = _public_meeting(cast)
    organiser = client_for(cast.organiser)
    form = organiser.get(f"{meeting.get_absolute_url()}edit/").context["form"]
    data = {n: "" if form[n].value() is None else form[n].value() for n in form.fields}
    for number in ("200000", "99999999999999999999999"):
        response = organiser.post(
            f"{meeting.get_absolute_url()}edit/", {**data, "actual_attendance": number}
        )
        assert response.status_code == 422


def test_how_many_came_is_recorded_only_once_the_meeting_is_held(cast) -> None:
    meeting = _public_meeting(cast)
    organiser = client_for(cast.organiser)
    form = organiser.get(f"{meeting.get_absolute_url()}edit/").context["form"]
    data = {n: "" if form[n].value() is None else form[n].value() for n in form.fields}
    response = organiser.post(
        f"{meeting.get_absolute_url()}edit/", {**data, "actual_attendance": "40"}
    )
    assert response.status_code == 422
    assert "once the meeting is held" in response.content.decode()
