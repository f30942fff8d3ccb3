"""The shared pages show what the apps register for them (`core.contributions`)."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from twinning.core import contributions
from twinning.core.contributions import (
    GROUP_ACTIONS,
    HOME,
    LINK_ACTIVITY,
    MENU,
    WHATS_ON,
    Action,
    Listing,
    Measure,
    MenuItem,
    Section,
)


@pytest.fixture
def registered():
    """Adds items for one test and takes them away after it."""
    added = []

    def add(slot, item):
        slot.add(item)
        added.append((slot, item.key))

    yield add
    for slot, key in added:
        slot.remove(key)


@dataclass
class Event:
    title: str
    starts_at: datetime.datetime


def test_a_section_registered_for_the_home_page_is_shown_there(db, client, registered):
    registered(
        HOME,
        Section(
            "test.welcome", "core/_board_emails.html", lambda request, obj: {"emails_not_sent": 3}
        ),
    )
    page = client.get("/").content.decode()
    assert "3 emails could not be sent." in page


def test_a_section_with_nothing_to_show_is_left_out(db, client, registered):
    registered(HOME, Section("test.nothing", "core/_board_emails.html", lambda request, obj: None))
    assert "could not be sent" not in client.get("/").content.decode()


def test_a_link_on_a_group_page_is_shown_only_to_whoever_it_is_for(cast, client, registered):
    registered(
        GROUP_ACTIONS,
        Action(
            "test.organisers_only",
            "Plan the harvest trip",
            "activities:visit_new",
            "directory.change_group",
            order=55,
        ),
    )
    url = cast.group_a.get_absolute_url()
    organiser_page = client_for(cast.organiser).get(url).content.decode()
    assert f'href="/groups/{cast.group_a.slug}/visits/new/">Plan the harvest trip' in organiser_page
    # between the directory's own two links, by its order
    assert (
        organiser_page.index("Edit the group")
        < organiser_page.index("Plan the harvest trip")
        < organiser_page.index("Propose a link")
    )
    for who in (None, cast.member, cast.stranger):
        assert "Plan the harvest trip" not in client_for(who).get(url).content.decode()


def test_adding_an_item_again_under_its_key_replaces_it(registered):
    registered(MENU, MenuItem("test.twice", "First", "places:search", order=1))
    registered(MENU, MenuItem("test.twice", "Second", "places:search", order=1))
    assert [item.label for item in MENU if item.key == "test.twice"] == ["Second"]


def test_a_slot_refuses_an_item_of_another_kind():
    with pytest.raises(TypeError):
        MENU.add(Section("test.wrong", "x.html", lambda request, obj: {}))


def test_the_menu_keeps_its_order_and_shows_each_entry_to_its_audience(cast):
    labels = [str(item.label) for item in MENU.allowed(cast.coordinator)]
    assert labels == [
        "Your twinning",
        "Who is twinned with whom",
        "Groups",
        "Partners",
        "Seeking a twin",
        "Start a group",
        "What's on",
        "Places",
        "Waiting for review",
        "Introductions",
        "People nearby",
        "Quiet links",
        "Your account",
        "People",
        "History",
        "Emails not sent",
        "Contact the network",
    ]
    from django.contrib.auth.models import AnonymousUser

    assert [str(item.label) for item in MENU.allowed(AnonymousUser())] == [
        *labels[1:8],
        "Contact the network",
    ]


def test_whats_on_merges_every_apps_entries_in_the_order_they_start(cast, client, registered):
    from twinning.activities import services

    now = timezone.now()
    for days in (2, 4):
        services.public_meeting_create(
            actor=cast.organiser,
            group=cast.group_a,
            values={
                "title": f"Public meeting in {days} days",
                "speakers": "A teacher from Beit Ummar",
                "venue": "The town hall",
                "starts_at": now + datetime.timedelta(days=days),
                "description": "",
                "expected_attendance": None,
            },
        )
    alone = contributions.merged_page("whats_on", 2, 1)  # the public meetings alone
    assert [row["entry"].title for row in alone.object_list] == ["Public meeting in 4 days"]
    events = [Event(f"Harvest {days}", now + datetime.timedelta(days=days)) for days in (1, 3, 5)]
    registered(
        WHATS_ON,
        Listing(
            "test.harvests",
            entries=lambda: events,
            sort_key=lambda event: (event.starts_at, 0),
            template="core/_test_event.html",
        ),
    )
    page = contributions.merged_page("whats_on", 1, 3)
    titles = [row["entry"].title for row in page.object_list]
    assert titles == ["Harvest 1", "Public meeting in 2 days", "Harvest 3"]
    second = contributions.merged_page("whats_on", 2, 3)
    assert [row["entry"].title for row in second.object_list] == [
        "Public meeting in 4 days",
        "Harvest 5",
    ]
    assert second.paginator.count == 5 and not second.has_next()


def test_activity_another_app_counts_along_a_link_keeps_it_off_the_quiet_list(cast, registered):
    from twinning.activities.services import quiet_cutoff, quiet_links
    from twinning.directory.models import Link

    link = cast.link
    Link.objects.filter(pk=link.pk).update(
        last_activity_on=None, created_at=timezone.now() - datetime.timedelta(days=900)
    )
    assert link in quiet_links(quiet_cutoff())
    registered(
        LINK_ACTIVITY,
        Measure("test.everything", lambda cutoff: Link.objects.filter(pk=link.pk)),
    )
    assert link not in quiet_links(quiet_cutoff())


def test_a_slot_that_does_not_exist_is_a_clear_error():
    with pytest.raises(LookupError, match="No contribution slot is called 'nowhere'"):
        contributions.slot("nowhere")


def test_the_board_shows_the_quiet_links_and_the_emails_not_sent_that_core_and_activities_register(
    cast,
):
    from twinning.core.models import OutgoingEmail

    OutgoingEmail.objects.create(
        to="someone@example.org", subject="Hello", body="Hi", last_error="refused"
    )
    page = client_for(cast.coordinator).get(reverse("matching:board")).content.decode()
    assert "could not be sent" in page


# The queries of a group's, a link's and a partner's page for each role, as they were before
# the pages looped over what the apps register: asking who may follow each link costs one
# question per permission, answered from what the request already read of the person's roles.
PAGE_QUERIES = {
    "organiser": {"group": 9, "link": 5, "partner": 7},
    # the group page asks whether someone not in the group has asked to join it
    "partner_contact": {"group": 12, "link": 6, "partner": 7},
    "member": {"group": 9, "link": 6, "partner": 7},
    "coordinator": {"group": 10, "link": 4, "partner": 6},
}


@pytest.mark.parametrize("role", sorted(PAGE_QUERIES))
def test_the_links_a_shared_page_offers_cost_no_more_queries(
    cast, role, django_assert_max_num_queries
):
    client = client_for(cast.person(role))
    pages = {
        "group": cast.group_a.get_absolute_url(),
        "link": cast.link.get_absolute_url(),
        "partner": cast.partner.get_absolute_url(),
    }
    for name, url in pages.items():
        client.get(url)  # sessions and caches warm
        with django_assert_max_num_queries(PAGE_QUERIES[role][name]):
            assert client.get(url).status_code == 200
