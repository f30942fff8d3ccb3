import pytest

from tests.e2e.conftest import shot_and_check as shot


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_home_page_in_english_then_switches_to_arabic_right_to_left(
    page, live_server
) -> None:
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Twin your community with Palestine"
    shot(page, "home-en")

    page.locator("a[hreflang=ar]").click()
    page.wait_for_url("**/ar/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    heading = page.locator("h1").inner_text()
    assert heading and heading != "Twin your community with Palestine"
    # Right-to-left for real: the heading starts on the right of the page.
    box = page.locator("h1").bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box["x"] + box["width"] > width / 2
    shot(page, "home-ar")


@pytest.mark.django_db(transaction=True)
def test_the_skip_link_is_the_first_thing_the_keyboard_reaches_and_it_is_visible(
    page, live_server
) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
