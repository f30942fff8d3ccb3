"""An invitation to organise, forwarded to another account: the organiser invites an address
from the members page; someone signed in with another address opens the emailed link on a
phone, in Arabic, and accepts; they do not become an organiser until the organiser, back on
the group's members page, confirms that it is the person they meant. The pages pass axe-core
in English and in Arabic and fit 390 pixels."""

import re
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import shot_and_check as shot
from tests.factories import PASSWORD
from twinning.directory.models import GroupRole

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}
INVITED = "maya.at.home@example.org"  # Maya's other address; she has no account with it


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"the page is {width} pixels wide in a {inner}-pixel window"


def _sign_in(page, email: str) -> None:
    """The sign-in form the site sends a signed-out visitor to, in whatever language it is."""
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()


def _mail_to(smtp_inbox, address: str):
    [message] = [m for m in smtp_inbox.messages if address in m["To"]]
    return message


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_an_organiser_confirms_who_answered_a_forwarded_invitation_to_organise(
    browser, live_server, cast, smtp_inbox
) -> None:
    # The organiser, at their desk, in English, invites Maya's home address to organise.
    desk = browser.new_context(locale="en-GB", bypass_csp=True, viewport=DESK)
    organiser = desk.new_page()
    organiser.set_default_timeout(15_000)
    organiser.goto(live_server.url + "/accounts/login/")
    organiser.get_by_label("Email").fill(cast.organiser.email)
    organiser.get_by_label("Password").fill(PASSWORD)
    organiser.get_by_role("button", name="Sign in").click()
    organiser.wait_for_url("**/home/")
    organiser.goto(live_server.url + "/groups/group-a/")
    organiser.get_by_role("link", name="Members' area").click()
    organiser.wait_for_url("**/groups/group-a/members/")
    invite = organiser.get_by_role("region", name="Invite someone")
    invite.get_by_label("Their email address").fill(INVITED)
    invite.get_by_label("Role").select_option(label="Organiser")
    invite.get_by_role("button", name="Send the invitation").click()
    organiser.wait_for_url("**/groups/group-a/members/")
    assert f"We have emailed an invitation to {INVITED}." in (
        organiser.get_by_role("status").inner_text()
    )
    shot(organiser, "organiser-invitation-sent")

    # The email has the link; Maya forwards it to the address she signs in with.
    invitation_email = _text(_mail_to(smtp_inbox, INVITED))
    [link] = re.findall(r"https?://\S+/invitations/\S+/", invitation_email)
    path = urlsplit(link).path

    # Maya, on her phone, opens it in Arabic; she is asked to sign in first.
    phone = browser.new_context(locale="ar", bypass_csp=True, viewport=PHONE)
    maya = phone.new_page()
    maya.set_default_timeout(15_000)
    maya.goto(live_server.url + "/ar" + path)
    maya.wait_for_url("**/ar/accounts/login/**")
    _sign_in(maya, cast.member.email)
    maya.wait_for_url("**/ar" + path)
    assert maya.locator("html").get_attribute("dir") == "rtl"
    assert "الانضمام إلى" in maya.get_by_role("heading", level=1).inner_text()
    assert "منظِّم" in maya.locator("main").inner_text()
    _fits(maya)
    shot(maya, "forwarded-invitation-phone-arabic")

    # The same page in English fits the phone and passes axe-core too.
    maya.locator("a[hreflang=en]").click()
    maya.wait_for_url("**" + path)
    assert maya.locator("html").get_attribute("dir") == "ltr"
    assert "as Organiser" in maya.locator("main").inner_text()
    _fits(maya)
    shot(maya, "forwarded-invitation-phone-english")
    maya.locator("a[hreflang=ar]").click()
    maya.wait_for_url("**/ar" + path)

    maya.get_by_role("button", name="أقبل وأنضمّ").click()
    maya.wait_for_url("**/ar/")
    told = maya.get_by_role("status").inner_text()
    assert "طُلب من منظّميها تأكيد أنك الشخص المقصود" in told
    assert cast.group_a.name in told
    _fits(maya)
    shot(maya, "forwarded-invitation-accepted-phone-arabic")
    # She is not an organiser yet.
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "member"

    # The organiser is emailed, and finds the answer from the group's page.
    asked = _mail_to(smtp_inbox, cast.organiser.email)
    assert "Please confirm a new organiser of" in asked["Subject"]
    assert cast.member.email in _text(asked)
    organiser.goto(live_server.url + "/groups/group-a/")
    organiser.get_by_role("link", name="Members' area").click()
    organiser.wait_for_url("**/groups/group-a/members/")
    waiting = organiser.get_by_role("region", name="Invitations waiting for an answer")
    assert (
        f"Accepted by an account with another address: {cast.member.get_short_name()} "
        f"({cast.member.email}). Is this the person you meant?"
    ) in waiting.inner_text()
    shot(organiser, "organiser-members-claim-waiting")

    # The same page in Arabic, the question translated.
    organiser.locator("a[hreflang=ar]").click()
    organiser.wait_for_url("**/ar/groups/group-a/members/")
    waiting = organiser.get_by_role("region", name="دعوات بانتظار الرد")
    assert "قَبِلها حساب بعنوان آخر" in waiting.inner_text()
    assert waiting.get_by_role("button", name="نعم، اجعله منظّمًا").is_visible()
    assert waiting.get_by_role("button", name="لا، ليس هو").is_visible()
    shot(organiser, "organiser-members-claim-waiting-arabic")
    # and it fits a phone, the question and its buttons included
    organiser.set_viewport_size(PHONE)
    _fits(organiser)
    shot(organiser, "organiser-members-claim-waiting-phone-arabic")
    organiser.set_viewport_size(DESK)
    organiser.locator("a[hreflang=en]").click()
    organiser.wait_for_url("**/groups/group-a/members/")

    organiser.get_by_role("button", name="Yes, make them an organiser").click()
    organiser.wait_for_url("**/groups/group-a/members/")
    assert "They are now an organiser, and we have told them." in (
        organiser.get_by_role("status").inner_text()
    )
    assert not organiser.get_by_role("button", name="Yes, make them an organiser").count()
    shot(organiser, "organiser-confirmed-new-organiser")
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "organiser"
    assert "You are an organiser of" in _mail_to(smtp_inbox, cast.member.email)["Subject"]

    # Maya, now an organiser, reaches the members page on her phone, in Arabic.
    maya.goto(live_server.url + "/ar/groups/group-a/")
    maya.locator("main").get_by_role("link", name="مساحة الأعضاء").click()
    maya.wait_for_url("**/ar/groups/group-a/members/")
    row = maya.get_by_role("row").filter(has_text=cast.member.email)
    assert "منظِّم" in row.inner_text()
    assert maya.get_by_role("heading", name="ادعُ شخصًا").is_visible()
    _fits(maya)
    shot(maya, "new-organiser-members-phone-arabic")

    phone.close()
    desk.close()
