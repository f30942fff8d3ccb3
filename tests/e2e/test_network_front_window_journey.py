"""A visitor on a small phone, in Arabic, sees the network today on the home page and reaches
the map of who is twinned with whom from it and from the menu; the pages pass axe-core and fit
320 pixels."""

import pytest

from tests.e2e.conftest import shot_and_check as shot

SMALL_PHONE = {"width": 320, "height": 740}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"the page is {width} pixels wide"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_on_a_phone_reaches_the_map_from_the_home_page_in_arabic(
    browser, live_server, cast
) -> None:
    context = browser.new_context(bypass_csp=True, viewport=SMALL_PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    today = page.get_by_role("region", name="الشبكة اليوم")
    assert "رابطة توأمة" in today.inner_text()
    _fits(page)
    shot(page, "home-network-today-ar-320")
    today.get_by_role("link", name="شاهدوا من يرتبط بتوأمة مع من، على الخريطة").click()
    page.wait_for_url("**/ar/twinned/")
    _fits(page)
    shot(page, "overview-ar-320")

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Who is twinned with whom"
    ).click()
    page.wait_for_url("**/twinned/")
    context.close()
