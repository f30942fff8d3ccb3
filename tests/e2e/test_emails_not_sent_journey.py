"""A coordinator on a phone finds an email the mail server refused, reads why, and tries it
again; the page passes axe-core and fits 390 pixels, in English and in Arabic."""

import pytest
from django.utils import timezone

from tests.e2e.conftest import shot_and_check as shot
from tests.factories import PASSWORD
from twinning.core.models import OutgoingEmail

PHONE = {"width": 390, "height": 844}


def _refused(subject: str) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to="a.rather.long.address.for.a.phone@example.org",
        from_email="Twinning <noreply@example.org>",
        subject=subject,
        body="…",
        attempts=5,
        last_tried_at=timezone.now(),
        last_error=(
            "SMTPRecipientsRefused: 550 5.1.1 <a.rather.long.address.for.a.phone@example.org>: "
            "Recipient address rejected: User unknown in virtual mailbox table"
        ),
    )


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} pixels wide"


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_on_a_phone_reads_why_an_email_was_not_sent_and_tries_it_again(
    browser, live_server, cast
) -> None:
    _refused("Invitation: Planning the spring visit with Beit Ummar council")
    _refused("دعوة: اجتماع التخطيط لزيارة الربيع")
    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/?next=/introductions/")
    page.get_by_label("Email").fill(cast.coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/introductions/")
    page.get_by_role("link", name="2 emails could not be sent.").click()
    page.wait_for_url("**/emails/not-sent/")
    _fits(page)
    shot(page, "emails-not-sent-phone")

    email = page.get_by_role("article").filter(has_text="Planning the spring visit")
    assert "Recipient address rejected" in email.inner_text()
    email.get_by_role("button", name="Try again now").click()
    page.wait_for_url("**/emails/not-sent/")
    assert "The email is sent." in page.get_by_role("status").first.inner_text()
    assert OutgoingEmail.objects.count() == 1

    page.goto(live_server.url + "/ar/emails/not-sent/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    _fits(page)
    shot(page, "emails-not-sent-phone-arabic")
    context.close()
