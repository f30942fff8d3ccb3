import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for
from twinning.core.models import AuditEntry
from twinning.directory.models import GroupInvitation, GroupRole


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Post the invitation form; the email goes once the transaction commits."""

    def _invite(client, email: str, role: str = "member"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/groups/group-a/members/invite/", {"email": email, "role": role})

    return _invite


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/(?:ar/)?invitations/[^\s]+/)", body).group(1)


@pytest.mark.django_db
def test_an_invited_person_gets_an_email_over_smtp_and_joins_when_they_accept(
    cast, organiser_client, smtp_inbox, invite
) -> None:
    response = invite(organiser_client, "stranger@example.org")
    assert response.status_code == 302
    assert not GroupRole.objects.filter(group=cast.group_a, user=cast.stranger).exists()

    [message] = smtp_inbox.messages
    assert message["To"] == "stranger@example.org"
    assert "Oxford Friends of Beit Ummar" in message["Subject"]
    stranger = client_for(cast.stranger)
    page = stranger.get(_link(message))
    assert "Accept and join" in page.content.decode()
    response = stranger.post(_link(message), {"answer": "accept"})
    assert response["Location"] == "/groups/group-a/members/"
    assert GroupRole.objects.get(group=cast.group_a, user=cast.stranger).role == "member"
    assert AuditEntry.objects.filter(action="group.invitation_accepted").count() == 1
    assert stranger.get(_link(message)).status_code == 404  # used once


@pytest.mark.django_db
def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    cast, organiser_client, mailoutbox, invite
) -> None:
    known = invite(organiser_client, "stranger@example.org")
    unknown = invite(organiser_client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    messages = [
        str(m) for m in organiser_client.get("/groups/group-a/members/").context["messages"]
    ]
    assert messages == [
        "We have emailed an invitation to stranger@example.org. They join when they accept it.",
        "We have emailed an invitation to nobody@example.org. They join when they accept it.",
    ]
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_sending_the_same_invitation_twice_makes_one_invitation(
    cast, organiser_client, mailoutbox, invite
) -> None:
    invite(organiser_client, "new@example.org")
    invite(organiser_client, "NEW@example.org")
    assert GroupInvitation.objects.filter(email="new@example.org").count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_invitation_email_is_in_the_invited_persons_language(
    cast, organiser_client, mailoutbox, invite
) -> None:
    cast.stranger.preferred_language = "ar"
    cast.stranger.save(update_fields=["preferred_language"])
    invite(organiser_client, "stranger@example.org")
    assert re.search("[\u0600-\u06ff]", mailoutbox[0].subject)
    assert "/ar/invitations/" in mailoutbox[0].body


@pytest.mark.django_db
def test_declining_an_invitation_adds_no_one(cast) -> None:
    stranger = client_for(cast.stranger)
    stranger.post(f"/invitations/{cast.invitation.token}/", {"answer": "decline"})
    assert not GroupRole.objects.filter(group=cast.group_a, user=cast.stranger).exists()
    assert not GroupInvitation.objects.filter(pk=cast.invitation.pk).exists()


@pytest.mark.django_db
def test_an_expired_invitation_no_longer_works(cast) -> None:
    GroupInvitation.objects.filter(pk=cast.invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    response = client_for(cast.stranger).post(
        f"/invitations/{cast.invitation.token}/", {"answer": "accept"}
    )
    assert response.status_code == 404
    assert not GroupRole.objects.filter(group=cast.group_a, user=cast.stranger).exists()


@pytest.mark.django_db
def test_an_organiser_invited_as_a_member_stays_an_organiser(cast) -> None:
    GroupInvitation.objects.filter(pk=cast.invitation.pk).update(email=cast.organiser.email)
    client_for(cast.organiser).post(f"/invitations/{cast.invitation.token}/", {"answer": "accept"})
    assert GroupRole.objects.get(group=cast.group_a, user=cast.organiser).role == "organiser"


@pytest.mark.django_db
def test_organisers_see_and_withdraw_pending_invitations_and_members_do_not_see_them(
    cast, organiser_client, member_client
) -> None:
    assert (
        "invited@example.org" in organiser_client.get("/groups/group-a/members/").content.decode()
    )
    assert (
        "invited@example.org" not in member_client.get("/groups/group-a/members/").content.decode()
    )
    organiser_client.post(f"/groups/group-a/invitations/{cast.invitation.pk}/withdraw/")
    assert not GroupInvitation.objects.filter(pk=cast.invitation.pk).exists()


@pytest.mark.django_db
def test_an_invalid_address_redisplays_the_form_with_a_message(
    cast, organiser_client, invite
) -> None:
    response = invite(organiser_client, "not an address")
    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="not an address"' in response.content.decode()
