"""Each role, from signing in to their main task, without typing an address: the organiser
reaches their group's next meeting and an open introduction; the partner's contact, in Arabic
on a phone, reaches their request and accepts an introduction; the coordinator reaches a
proposed link and says yes for a partner with no contacts; a visitor reaches the map from the
home page and asks to join a group."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import shot_and_check as shot
from tests.factories import PASSWORD, GroupFactory, PartnerFactory
from twinning.activities.services import meeting_schedule
from twinning.directory.models import Link
from twinning.directory.services import link_propose
from twinning.matching import services as matching

PHONE = {"width": 390, "height": 844}


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()


def _introduced(cast):
    twin_request = matching.request_create(
        actor=cast.partner_contact, partner=cast.partner, values={"message": "A twin, please."}
    )
    introduction = matching.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
    )
    return matching.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )


def _fits(page, width: int) -> None:
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"the page is {scrolled} pixels wide"


@pytest.mark.django_db(transaction=True)
def test_an_organiser_signs_in_and_reaches_the_next_meeting_and_an_introduction(
    page, live_server, cast
) -> None:
    meeting_schedule(
        actor=cast.other_organiser,
        group=cast.group_b,
        values={
            "title": "Planning the spring visit",
            "starts_at": timezone.now() + datetime.timedelta(days=5),
        },
        invite=False,
    )
    introduction = _introduced(cast)
    _sign_in(page, live_server.url, cast.other_organiser.email)
    page.wait_for_url("**/home/")
    waiting = page.get_by_role("region", name="Waiting for you")
    assert "Accept or decline the introduction" in waiting.inner_text()
    shot(page, "home-organiser-en")
    page.get_by_role("region", name="Coming meetings").get_by_role(
        "link", name="Planning the spring visit"
    ).click()
    page.wait_for_url("**/groups/group-b/meetings/*/")
    assert "Planning the spring visit" in page.locator("h1").inner_text()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your twinning").click()
    page.wait_for_url("**/home/")
    page.get_by_role("region", name="Introductions under way").get_by_role("link").first.click()
    page.wait_for_url(f"**/introductions/{introduction.pk}/")
    page.get_by_role("button", name="We accept this introduction").click()
    page.wait_for_url(f"**/introductions/{introduction.pk}/")
    assert "The group has accepted." in page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_a_partners_contact_on_a_phone_in_arabic_reaches_the_request_and_accepts(
    browser, live_server, cast
) -> None:
    cast.partner_contact.preferred_language = "ar"
    cast.partner_contact.save()
    introduction = _introduced(cast)
    context = browser.new_context(bypass_csp=True, viewport=PHONE, locale="ar")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server.url, cast.partner_contact.email)
    page.wait_for_url("**/ar/home/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    _fits(page, PHONE["width"])
    shot(page, "home-partner-ar-390")
    section = page.get_by_role("region", name="تعريفات جارية")
    section.get_by_role("link", name="مجلس بيت أمر", exact=True).click()
    page.wait_for_url(f"**/ar/seeking/{introduction.request_id}/")
    _fits(page, PHONE["width"])
    page.go_back()
    page.wait_for_url("**/ar/home/")
    page.get_by_role("region", name="ما ينتظر إجابتك").get_by_role(
        "link", name=re.compile("Leeds Jenin Link")
    ).click()
    page.wait_for_url(f"**/ar/introductions/{introduction.pk}/")
    _fits(page, PHONE["width"])
    page.locator(f"form[action='/ar/introductions/{introduction.pk}/accept/'] button").click()
    page.wait_for_url(f"**/ar/introductions/{introduction.pk}/")
    introduction.refresh_from_db()
    assert introduction.partner_accepted_at is not None
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_reaches_a_proposed_link_and_says_yes_for_a_partner_with_no_contacts(
    page, live_server, cast
) -> None:
    alone = PartnerFactory(name="Arura women's centre", slug="arura")
    link = link_propose(
        actor=cast.other_organiser, group=cast.group_b, partner=alone, kind="friendship"
    )
    _sign_in(page, live_server.url, cast.coordinator.email)
    page.wait_for_url("**/home/")
    page.get_by_role("link", name="Answer 1 proposed link for a partner with no contacts").click()
    page.wait_for_url("**/groups/pending/#proposed-links")
    shot(page, "review-queue-proposals")
    page.get_by_role("link", name=re.compile("Leeds Jenin Link – Arura")).click()
    page.wait_for_url(f"**/links/{link.pk}/")
    shot(page, "proposed-link-coordinator")
    page.get_by_role("button", name="Say yes: make the link active").click()
    page.wait_for_url(f"**/links/{link.pk}/")
    assert "The link is active" in page.get_by_role("status").inner_text()
    link.refresh_from_db()
    assert link.status == "active"
    assert Link.objects.get(pk=link.pk).listed


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reaches_the_map_from_the_home_page_and_asks_to_join_a_group(
    page, live_server, cast
) -> None:
    GroupFactory(name="Unrelated Group", slug="unrelated")
    page.goto(live_server.url + "/")
    page.get_by_role("region", name="The network today").get_by_role(
        "link", name=re.compile("on the map")
    ).click()
    page.wait_for_url("**/twinned/")
    page.get_by_role("link", name="Oxford Friends of Beit Ummar").first.click()
    page.wait_for_url(f"**/links/{cast.link.pk}/")
    page.get_by_role("region", name="The two sides").get_by_role(
        "link", name="Oxford Friends of Beit Ummar"
    ).click()
    page.wait_for_url("**/groups/group-a/")
    shot(page, "group-page-visitor")
    page.get_by_role("link", name="Ask to join this group").click()
    page.wait_for_url("**/accounts/login/?next=/groups/group-a/join/")
    page.locator("input[name=login]").fill(cast.stranger.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/groups/group-a/join/")
    shot(page, "ask-to-join")
    page.get_by_label("A few words about you (optional)").fill("I live in Headington.")
    page.get_by_role("button", name="Ask to join").click()
    page.wait_for_url("**/groups/group-a/")
    assert "Your request is sent" in page.get_by_role("status").inner_text()
    assert "You asked to join on" in page.locator("main").inner_text()
