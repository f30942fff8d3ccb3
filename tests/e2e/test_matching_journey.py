import pytest

from tests.e2e.conftest import shot_and_check as shot
from tests.factories import PASSWORD
from twinning.matching import services


def _sign_in(page, live_server, email: str, path: str) -> None:
    page.goto(live_server.url + "/accounts/login/?next=" + path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**" + path)


@pytest.mark.django_db(transaction=True)
def test_an_organiser_finds_a_community_seeking_a_twin_and_a_coordinator_introduces_them(
    browser, live_server, cast
) -> None:
    twin_request = services.request_create(
        actor=cast.partner_contact,
        partner=cast.partner,
        values={"message": "Our council hopes for a British town.", "hopes": ["visitors"]},
    )
    services.offer_create(actor=cast.other_organiser, group=cast.group_b, values={})
    # an organiser, reading in Arabic, expresses interest
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    _sign_in(page, live_server, cast.other_organiser.email, "/ar/seeking/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "matching-seeking-arabic")
    page.goto(live_server.url + twin_request.get_absolute_url())
    page.get_by_label("Message").fill("We would love to meet you.")
    page.get_by_role("button", name="Tell the coordinators").click()
    assert "coordinators will be in touch" in page.get_by_role("status").inner_text()
    shot(page, "matching-interest-sent")
    context.close()
    # a coordinator sees the suggestion with its reasons and introduces them
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    _sign_in(page, live_server, cast.coordinator.email, twin_request.get_absolute_url())
    suggestion = page.get_by_role("article").filter(has_text=cast.group_b.name)
    assert "suited" in suggestion.inner_text()
    shot(page, "matching-suggestions-for-a-request")
    suggestion.get_by_role("button", name="Introduce them").click()
    page.wait_for_url("**/introductions/*/")
    page.get_by_role("button", name="Record").click()
    assert "introduced: both sides asked" in page.locator("main").inner_text()
    shot(page, "matching-introduction")
    page.goto(live_server.url + "/introductions/")
    shot(page, "matching-board")
    context.close()
