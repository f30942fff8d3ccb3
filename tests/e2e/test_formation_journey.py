import re

import pytest

from tests.e2e.conftest import ensure_gazetteer
from tests.e2e.conftest import shot_and_check as shot
from twinning.formation.models import Registration


@pytest.mark.django_db(transaction=True)
def test_a_neighbour_registers_in_arabic_confirms_from_the_email_and_sees_groups_nearby(
    page, live_server, cast
) -> None:
    from twinning.places.models import Place

    ensure_gazetteer()
    leeds = Place.objects.filter(country="GB", name="Leeds").order_by("-population").first()
    cast.group_b.place = leeds
    cast.group_b.save()
    page.goto(live_server.url + "/ar/start-a-group/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "formation-start-arabic")
    page.goto(live_server.url + "/start-a-group/")
    page.get_by_label("Your name").fill("Rosa Neighbour")
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_label("Where you live").fill("Leeds")
    page.get_by_role("button", name="Send").click()
    main = page.locator("main")
    if "Several places match" in main.inner_text() or "choose one" in main.inner_text():
        page.get_by_label(re.compile("Leeds")).first.check()
        page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/start-a-group/registered/")
    assert "Leeds Jenin Link" in page.locator("main").inner_text()
    shot(page, "formation-registered")
    token = Registration.objects.get().token
    page.goto(live_server.url + f"/start-a-group/confirm/{token}/")
    page.get_by_role("button", name="Confirm").click()
    assert "Your interest is confirmed" in page.locator("main").inner_text()
    shot(page, "formation-confirmed")
