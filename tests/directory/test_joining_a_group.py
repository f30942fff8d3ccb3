"""A way into a group: a member asks to join and its organisers answer; anyone writes to a
group, or to the network, through the site without seeing an address."""

import pytest

from tests.conftest import client_for
from tests.factories import GroupFactory, UserFactory
from twinning.accounts.services import user_erase, user_export_data
from twinning.directory.models import GroupRole, JoinRequest

pytestmark = pytest.mark.django_db


def _ask(cast, person, *, capture, message="I live in Headington and speak Arabic."):
    with capture(execute=True):
        return client_for(person).post("/groups/group-a/join/", {"message": message}, follow=True)


def test_a_member_asks_to_join_and_the_organiser_accepts_them(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast.organiser.preferred_language = "ar"
    cast.organiser.save()
    page = client_for(cast.stranger).get("/groups/group-a/").content.decode()
    assert "Ask to join this group" in page
    response = _ask(cast, cast.stranger, capture=django_capture_on_commit_callbacks)
    assert "Your request is sent to the group&#x27;s organisers" in response.content.decode()
    assert "You asked to join on" in response.content.decode()
    [email] = mailoutbox
    assert email.to == [cast.organiser.email]
    assert "Sam Stranger" in email.subject and "تطلب" in email.subject  # in Arabic
    assert "Headington" in email.body and "/groups/group-a/members/#asking-to-join" in email.body

    organiser = client_for(cast.organiser)
    assert "Answer 1 person asking to join" in organiser.get("/home/").content.decode()
    members = organiser.get("/groups/group-a/members/").content.decode()
    assert "Asking to join" in members and "stranger@example.org" in members
    join_request = JoinRequest.objects.get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(
            f"/groups/group-a/join-requests/{join_request.pk}/",
            {"decision": "accept"},
            follow=True,
        )
    assert "is now a member" in response.content.decode()
    assert GroupRole.objects.filter(
        group=cast.group_a, user=cast.stranger, role=GroupRole.Role.MEMBER
    ).exists()
    [email] = mailoutbox
    assert email.to == [cast.stranger.email] and email.subject == (
        "Welcome to Oxford Friends of Beit Ummar"
    )
    page = client_for(cast.stranger).get("/groups/group-a/").content.decode()
    assert "You are a member of this group." in page and "Ask to join this group" not in page


def test_a_declined_request_is_told_and_makes_no_member(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _ask(cast, cast.stranger, capture=django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.organiser).post(
            f"/groups/group-a/join-requests/{JoinRequest.objects.get().pk}/",
            {"decision": "decline"},
        )
    assert not GroupRole.objects.filter(group=cast.group_a, user=cast.stranger).exists()
    assert "have not accepted your request" in mailoutbox[0].body
    assert "/groups/" in mailoutbox[0].body  # where to find another group


def test_asking_twice_makes_one_request_and_one_email(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _ask(cast, cast.stranger, capture=django_capture_on_commit_callbacks)
    _ask(cast, cast.stranger, capture=django_capture_on_commit_callbacks)
    assert JoinRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_visitor_is_sent_to_sign_in_and_comes_back_to_ask(cast, client) -> None:
    page = client.get("/groups/group-a/").content.decode()
    assert "Ask to join this group" in page and "sign in or create an account first" in page
    response = client.get("/groups/group-a/join/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/groups/group-a/join/"


def test_only_the_groups_organisers_answer_a_request(
    cast, django_capture_on_commit_callbacks
) -> None:
    _ask(cast, cast.stranger, capture=django_capture_on_commit_callbacks)
    url = f"/groups/group-a/join-requests/{JoinRequest.objects.get().pk}/"
    assert client_for(cast.other_organiser).post(url, {"decision": "accept"}).status_code == 404
    assert client_for(cast.member).post(url, {"decision": "accept"}).status_code == 403
    assert (
        "Asking to join"
        not in client_for(cast.member).get("/groups/group-a/members/").content.decode()
    )
    assert JoinRequest.objects.get().status == "waiting"


def test_a_group_waiting_for_review_takes_no_requests(cast) -> None:
    GroupFactory(slug="pending-group", status="pending")
    assert client_for(cast.stranger).get("/groups/pending-group/join/").status_code == 404
    assert client_for(cast.stranger).get("/groups/pending-group/write/").status_code == 404


def test_a_visitor_writes_to_a_group_and_its_organisers_can_reply(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    page = client.get("/groups/group-a/write/").content.decode()
    assert "organiser@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/groups/group-a/write/",
            {
                "name": "Hannah",
                "email": "hannah@example.net",
                "message": "Can our school choir join your spring visit? “Yes” would be lovely.",
            },
            follow=True,
        )
    assert "Your message is sent" in response.content.decode()
    [email] = mailoutbox
    assert email.to == [cast.organiser.email]
    assert email.reply_to == ["hannah@example.net"]
    assert "“Yes” would be lovely" in email.body
    assert "organiser@example.org" not in response.content.decode()


def test_a_message_with_no_text_is_shown_again_with_what_was_typed(cast, client) -> None:
    response = client.post(
        "/groups/group-a/write/", {"name": "هناء", "email": "hanaa@example.net", "message": ""}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "This field is required." in page and "هناء" in page


def test_writing_to_a_group_is_rate_limited(cast, client, settings, mailoutbox) -> None:
    settings.ACCOUNT_RATE_LIMITS_ENABLED = True
    message = {"name": "Bot", "email": "bot@example.net", "message": "Buy now"}
    for _ in range(5):
        assert client.post("/groups/group-a/write/", message).status_code == 302
    response = client.post("/groups/group-a/write/", message)
    assert response.status_code == 422
    assert "Too many messages" in response.content.decode()


def test_a_form_filled_by_a_program_sends_nothing(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/groups/group-a/write/",
            {"name": "Bot", "email": "bot@example.net", "message": "Hi", "website": "x"},
        )
    assert mailoutbox == []


def test_anyone_writes_to_the_network_from_the_menu_and_coordinators_receive_it(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    assert 'href="/contact/"' in client.get("/").content.decode()
    assert "اتصل بالشبكة" in client.get("/ar/contact/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/",
            {"name": "Omar", "email": "omar@example.net", "message": "Our camp seeks a twin."},
        )
    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == [cast.coordinator.email] and email.reply_to == ["omar@example.net"]
    assert "Our camp seeks a twin." in email.body


def test_a_persons_requests_to_join_are_in_their_data_and_go_with_erasure(
    cast, django_capture_on_commit_callbacks
) -> None:
    person = UserFactory(email="asker@example.org")
    _ask(cast, person, capture=django_capture_on_commit_callbacks, message="Canary words")
    data = user_export_data(user=person)
    assert "Canary words" in str(data)
    user_erase(user=person)
    assert not JoinRequest.objects.exists()
