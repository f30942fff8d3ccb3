import pytest

from tests.e2e.conftest import shot_and_check as shot
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_an_organiser_signs_in_and_edits_their_group(page, live_server, cast) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(cast.organiser.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")
    shot(page, "organiser-signed-in")

    page.goto(live_server.url + "/groups/group-a/")
    page.get_by_role("link", name="Edit the group").click()
    page.get_by_label("Description").fill("We meet on the first Tuesday of the month.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/groups/group-a/")
    assert "first Tuesday" in page.locator("main").inner_text()
    assert "saved" in page.get_by_role("status").inner_text()
    shot(page, "organiser-edited-group")
