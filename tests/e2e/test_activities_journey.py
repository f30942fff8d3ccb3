"""In a real browser: an organiser schedules a joint meeting, a member answers, the
organiser plans a visit from Palestine and downloads the invitation letter, and opens an
appeal the public can follow; the pages pass axe-core, in English and in Arabic."""

import pytest

from tests.e2e.conftest import shot_and_check as shot
from tests.factories import PASSWORD


def _sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


@pytest.mark.django_db(transaction=True)
def test_an_organiser_runs_the_group_and_a_member_answers(page, live_server, cast) -> None:
    _sign_in(page, live_server, cast.organiser.email)
    page.goto(live_server.url + "/groups/group-a/")
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("button", name="Schedule a meeting").click()
    page.get_by_label("Title").fill("Planning the spring visit")
    page.get_by_label("Date").fill("2030-01-17")
    page.get_by_label("Starts at").fill("19:00")
    page.get_by_label("Time zone").select_option("Asia/Hebron")
    page.get_by_label("A joint meeting with").select_option(str(cast.link.pk))
    shot(page, "activities-meeting-form")
    page.get_by_role("button", name="Schedule").click()
    main = page.locator("main").inner_text()
    assert "19:00 Palestine time" in main and "17:00 UK time" in main
    shot(page, "activities-meeting")

    page.goto(live_server.url + "/groups/group-a/visits/new/")
    page.get_by_label("Title").fill("Teachers from Beit Ummar")
    page.get_by_label("Direction").select_option("to_britain")
    page.locator("#id_link").select_option(str(cast.link.pk))
    page.get_by_label("First day").fill("2030-04-10")
    page.get_by_label("Last day").fill("2030-04-17")
    page.get_by_label("Purpose").fill("Teachers meet teachers in Oxford schools.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Who goes").click()
    page.get_by_label("Full name").fill("Mahmoud Abu Ayyash")
    page.get_by_label("Name in Arabic").fill("محمود أبو عياش")
    page.get_by_label("Date of birth").fill("1975-04-02")
    page.get_by_label("Passport number").fill("P7781234")
    page.get_by_role("button", name="Add to the visit").click()
    shot(page, "activities-visit-people")
    with page.expect_download() as download:
        page.get_by_role("link", name="Invitation letter (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(live_server.url + "/groups/group-a/appeals/new/")
    page.get_by_label("Title").fill("Books for the school library")
    page.get_by_label("Purpose").fill("Books in Arabic and English.")
    page.get_by_label("Target (£)").fill("2000")
    page.get_by_label("show on the group's public page").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Record a donation").click()
    page.locator("#donation-amount").fill("500")
    page.locator("#donation-method").select_option("cash")
    page.get_by_role("button", name="Record the donation").click()
    shot(page, "activities-appeal")

    page.context.clear_cookies()
    page.goto(live_server.url + "/groups/group-a/")
    assert "£500.00 raised of £2,000.00" in page.locator("main").inner_text()
    shot(page, "activities-group-public")
    page.goto(live_server.url + "/ar/groups/group-a/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "activities-group-public-arabic")

    _sign_in(page, live_server, cast.member.email)
    page.goto(live_server.url + "/groups/group-a/meetings/")
    page.get_by_role("link", name="Planning the spring visit").click()
    page.get_by_label("coming", exact=True).check()
    page.get_by_role("button", name="Save my answer").click()
    assert "Your answer: coming" in page.locator("main").inner_text()
    shot(page, "activities-member-answered")
    page.goto(live_server.url + "/ar/groups/group-a/meetings/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "activities-meetings-arabic")
