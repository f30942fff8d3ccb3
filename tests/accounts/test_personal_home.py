"""Your twinning: signing in lands on a person's own home, in their language, with their groups
and partners, what is coming, and what waits for their answer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import PASSWORD, GroupFactory, GroupRoleFactory, UserFactory
from twinning.activities import services as activities
from twinning.activities.models import Appeal, Transfer
from twinning.directory.models import GroupRole, Link
from twinning.directory.services import link_propose

pytestmark = pytest.mark.django_db


def _home(user, language="en") -> str:
    prefix = "/ar" if language == "ar" else ""
    response = client_for(user).get(f"{prefix}/home/")
    assert response.status_code == 200
    return response.content.decode()


def _meeting(cast, group=None, *, days=3, title="Monthly meeting", link=None):
    return activities.meeting_schedule(
        actor=cast.organiser,
        group=group or cast.group_a,
        values={
            "title": title,
            "starts_at": timezone.now() + datetime.timedelta(days=days),
            "link": link,
        },
        invite=False,
    )


def test_signing_in_lands_on_your_twinning(cast, client) -> None:
    response = client.post(
        "/accounts/login/", {"login": cast.organiser.email, "password": PASSWORD}
    )
    assert response["Location"] == "/home/"
    assert "Your twinning" in client.get("/home/").content.decode()


def test_a_person_who_prefers_arabic_lands_on_the_arabic_home_wherever_they_signed_in(
    cast, client
) -> None:
    cast.partner_contact.preferred_language = "ar"
    cast.partner_contact.save()
    response = client.post(
        "/accounts/login/", {"login": cast.partner_contact.email, "password": PASSWORD}
    )
    assert response["Location"] == "/ar/home/"
    page = client.get("/ar/home/").content.decode()
    assert "توأمتك" in page and 'dir="rtl"' in page
    assert "You are signed in" not in page  # allauth's message is in their language too


def test_a_sign_in_that_was_going_somewhere_still_goes_there(cast, client) -> None:
    response = client.post(
        "/accounts/login/?next=/groups/group-a/members/",
        {"login": cast.organiser.email, "password": PASSWORD},
    )
    assert response["Location"] == "/groups/group-a/members/"


def test_an_organiser_of_two_groups_sees_both_with_their_next_meeting(cast) -> None:
    second = GroupFactory(name="Oxford Schools Link", slug="oxford-schools")
    GroupRoleFactory(group=second, user=cast.organiser, role=GroupRole.Role.ORGANISER)
    _meeting(cast, title="Planning the spring visit")
    page = _home(cast.organiser)
    assert "Oxford Friends of Beit Ummar" in page and "Oxford Schools Link" in page
    assert "Your roles: member" not in page
    assert page.count("</bdi></a> · Organiser") == 2
    assert "Planning the spring visit" in page
    # the second group has nothing planned: the home offers to schedule one
    assert "has no meeting planned" in page
    assert "/groups/oxford-schools/meetings/new/" in page


def test_a_member_is_asked_to_answer_a_meeting_and_the_question_leaves_once_answered(
    cast,
) -> None:
    meeting = _meeting(cast, title="AGM of the group")
    page = _home(cast.member)
    assert "Will you come to <bdi>AGM of the group</bdi>" in page
    client_for(cast.member).post(
        f"/groups/group-a/meetings/{meeting.pk}/answer/", {"response": "yes"}
    )
    page = _home(cast.member)
    assert "Will you come to" not in page
    assert "you: coming" in page


def test_a_partners_contact_sees_in_arabic_a_link_to_answer_money_to_confirm_and_an_introduction(
    cast, django_capture_on_commit_callbacks
) -> None:
    from twinning.matching import services as matching

    with django_capture_on_commit_callbacks(execute=True):
        link_propose(
            actor=cast.other_organiser, group=cast.group_b, partner=cast.partner, kind="school"
        )
    appeal = Appeal.objects.create(
        group=cast.group_a,
        link=cast.link,
        title="Library",
        target=Decimal("1000.00"),
        starts_on=timezone.localdate(),
    )
    Transfer.objects.create(
        appeal=appeal, amount=Decimal("250.00"), sent_on=timezone.localdate(), how="bank_transfer"
    )
    twin_request = matching.request_create(
        actor=cast.partner_contact, partner=cast.partner, values={"message": "A twin, please."}
    )
    other = GroupFactory(name="Bristol Friends", slug="bristol")
    introduction = matching.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=other
    )
    matching.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    page = _home(cast.partner_contact, "ar")
    assert "ينتظر إجابتك" in page
    assert "<bdi>Leeds Jenin Link</bdi>" in page and "<bdi>مجلس بيت أمر</bdi>" in page
    assert f"/links/{Link.objects.get(group=cast.group_b).pk}/" in page
    assert "250" in page and f"/appeals/{appeal.pk}/#ledger" in page
    assert f"/introductions/{introduction.pk}/" in page and "<bdi>Bristol Friends</bdi>" in page


def test_a_coordinator_is_shown_the_reviews_waiting(cast) -> None:
    from twinning.matching import services as matching

    GroupFactory(name="Hebden Bridge Palestine", slug="hebden", status="pending")
    matching.request_create(
        actor=cast.partner_contact, partner=cast.partner, values={"message": "A twin, please."}
    )
    page = _home(cast.coordinator)
    assert "Review 1 group or partner added to the directory" in page
    assert "/groups/pending/" in page
    assert "Introduce 1 community waiting for a British twin" in page
    assert "You are not in a group yet" not in page  # their work is the network's


def test_someone_in_no_group_is_shown_where_to_start_not_a_dead_end(cast) -> None:
    page = _home(cast.stranger)
    assert "You are not in a group yet" in page
    assert 'href="/groups/"' in page and 'href="/groups/new/"' in page
    page = _home(cast.stranger, "ar")
    assert "لست في مجموعة بعد" in page


def test_an_advisor_is_told_what_advisors_do_for_now(cast) -> None:
    page = _home(cast.advisor)
    assert "As an advisor" in page and "put groups in touch with you" in page
    assert "As an advisor" not in _home(cast.member)


def test_an_invitation_waits_on_the_home_of_the_person_it_was_sent_to(cast) -> None:
    invited = UserFactory(email="Invited@Example.org")
    page = _home(invited)
    assert (
        "Accept or decline the invitation to join <bdi>Oxford Friends of Beit Ummar</bdi>" in page
    )
    assert f"/invitations/{cast.invitation.token}/" in page
    assert f"/invitations/{cast.invitation.token}/" not in _home(cast.stranger)


def test_the_home_costs_the_same_queries_with_one_group_and_with_many(
    cast, django_assert_max_num_queries
) -> None:
    client = client_for(cast.organiser)
    _meeting(cast)
    client.get("/home/")
    with django_assert_max_num_queries(30) as few:
        client.get("/home/")
    for n in range(8):
        group = GroupFactory(slug=f"more-{n}")
        GroupRoleFactory(group=group, user=cast.organiser, role=GroupRole.Role.ORGANISER)
        _meeting(cast, group, days=n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/home/")


def test_an_invitation_carries_through_sign_up_and_email_confirmation(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Someone invited follows the link, has no account, signs up and confirms their address
    (perhaps in another browser): the invitation is waiting for them when they are in."""
    import re

    invitation_url = f"/invitations/{cast.invitation.token}/"
    response = client.get(invitation_url)
    assert response["Location"].startswith("/accounts/login/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ar/accounts/signup/",
            {
                "email": "invited@example.org",
                "display_name": "Ines Invited",
                "preferred_language": "ar",
                "password1": "olive-harvest-2026",
                "password2": "olive-harvest-2026",
                "accept_terms": "on",
            },
        )
    body = mailoutbox[-1].body
    confirm = re.search(r"https?://[^/\s]+(/(?:ar/)?accounts/confirm-email/[^\s]+/)", body)
    other_browser = client_for(None)
    other_browser.post(confirm.group(1))
    response = other_browser.post(
        "/accounts/login/", {"login": "invited@example.org", "password": "olive-harvest-2026"}
    )
    assert response["Location"] == "/ar/home/"
    page = other_browser.get("/ar/home/").content.decode()
    assert invitation_url in page and "Oxford Friends of Beit Ummar" in page


def test_the_sign_up_form_offers_the_pages_language(client) -> None:
    page = client.get("/ar/accounts/signup/").content.decode()
    assert '<option value="ar" selected>' in page
    assert '<option value="en" selected>' in client.get("/accounts/signup/").content.decode()
