"""Journeys through the directory in a real browser, each step checked for accessibility."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ensure_gazetteer, shot_and_check
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


def _decoy(cast) -> None:
    """A second public link, which a search for Beit Ummar must leave out."""
    from twinning.directory.models import Link, Partner

    Link.objects.create(
        group=cast.group_b, partner=Partner.objects.get(slug="partner-q"), status="active"
    )


def _with_places(cast) -> None:
    """Earlier tests that commit empty the database, gazetteer included: the map needs
    the places back, and group A and partner P on them."""
    from twinning.places.models import Place

    ensure_gazetteer()
    cast.group_a.place = Place.objects.filter(country="GB", name="Oxford").first()
    cast.group_a.save()
    cast.partner.place = Place.objects.filter(country="PS", name="Bayt Ummar").first()
    cast.partner.save()


def test_a_visitor_finds_a_link_by_search_and_sees_it_on_the_map(page, live_server, cast) -> None:
    _with_places(cast)
    _decoy(cast)
    page.goto(live_server.url + "/links/")
    assert "Jenin camp centre" in page.locator("main").inner_text()
    shot_and_check(page, "links-en")
    page.get_by_label("Search").fill("Bayt Umar")  # another spelling of Beit Ummar
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/links/?*")
    assert "Jenin camp centre" not in page.locator("main").inner_text()
    page.get_by_role("link", name="Beit Ummar council").click()
    page.wait_for_url(f"**/links/{cast.link.pk}/")
    assert "Oxford Friends of Beit Ummar" in page.locator("main").inner_text()
    assert page.locator("main figure svg").count() == 1
    shot_and_check(page, "link-en")


def test_a_visitor_searches_the_links_in_arabic_right_to_left(page, live_server, cast) -> None:
    _decoy(cast)
    partner = cast.partner
    partner.name_ar = "مجلس بيت أمر"
    partner.save()
    page.goto(live_server.url + "/ar/links/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.locator("input[name=q]").fill("بيت أمر")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/ar/links/?*")
    assert "مجلس بيت أمر" in page.locator("main").inner_text()
    assert "Jenin camp centre" not in page.locator("main").inner_text()
    shot_and_check(page, "links-ar-search")
    page.get_by_role("link", name="مجلس بيت أمر").click()
    page.wait_for_url(f"**/ar/links/{cast.link.pk}/")
    shot_and_check(page, "link-ar")


def test_a_coordinator_signs_in_and_approves_a_proposed_group(page, live_server, cast) -> None:
    from twinning.directory.models import Group
    from twinning.directory.services import group_propose

    group = group_propose(
        actor=cast.stranger,
        values={"name": "Bristol Friends of Sebastia", "kind": "friendship_group"},
        review_url=live_server.url + "/groups/pending/",
    )
    _sign_in(page, live_server, cast.coordinator.email)
    page.goto(live_server.url + "/groups/pending/")
    shot_and_check(page, "review-queue")
    article = page.locator("article", has_text="Bristol Friends of Sebastia")
    article.get_by_label("Decision").select_option("approve")
    article.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("status")).to_contain_text("is approved")
    shot_and_check(page, "review-done")
    assert Group.objects.get(pk=group.pk).status == "approved"
    page.goto(live_server.url + "/groups/")
    assert "Bristol Friends of Sebastia" in page.locator("main").inner_text()
