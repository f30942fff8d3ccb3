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


# --- an invitation to organise reaches the invited address only ------------------------


@pytest.fixture
def organiser_invitation(cast, organiser_client, invite, mailoutbox) -> str:
    """An invitation to organise sent to the stranger's address; the link in its email."""
    invite(organiser_client, cast.stranger.email, role="organiser")
    return _link_text(mailoutbox[-1].body)


def _link_text(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/(?:ar/)?invitations/[^\s]+/)", body).group(1)


@pytest.mark.django_db
def test_a_forwarded_invitation_to_organise_gives_no_rights_until_the_organisers_confirm(
    cast, organiser_invitation, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    member = client_for(cast.member)  # it was forwarded to them
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(organiser_invitation, {"answer": "accept"}, follow=True)
    assert "asked to confirm that it is you" in response.content.decode()
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "member"
    assert "Invite someone" not in member.get("/groups/group-a/members/").content.decode()
    # the organisers are told, with who answered
    told = mailoutbox[-1]
    assert told.to == [cast.organiser.email]
    assert cast.member.email in told.body and cast.stranger.email in told.body
    assert "/groups/group-a/members/" in told.body

    # a third account cannot take the claim over
    other = client_for(cast.other_organiser)
    response = other.post(organiser_invitation, {"answer": "accept"}, follow=True)
    assert "Someone else has already answered" in response.content.decode()

    organiser = client_for(cast.organiser)
    page = organiser.get("/groups/group-a/members/").content.decode()
    assert "Accepted by an account with another address" in page
    invitation = GroupInvitation.objects.get(email=cast.stranger.email)
    with django_capture_on_commit_callbacks(execute=True):
        organiser.post(
            f"/groups/group-a/invitations/{invitation.pk}/confirm/", {"answer": "confirm"}
        )
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "organiser"
    assert mailoutbox[-1].to == [cast.member.email]
    assert AuditEntry.objects.filter(action="group.invitation_claimed").count() == 1


@pytest.mark.django_db
def test_the_organisers_can_refuse_the_account_that_answered_and_the_invitation_waits_on(
    cast, organiser_invitation, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    client_for(cast.member).post(organiser_invitation, {"answer": "accept"})
    invitation = GroupInvitation.objects.get(email=cast.stranger.email)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.organiser).post(
            f"/groups/group-a/invitations/{invitation.pk}/confirm/", {"answer": "refuse"}
        )
    invitation.refresh_from_db()
    assert invitation.claimed_by is None  # still there for the address it was sent to
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "member"
    assert mailoutbox[-1].to == [cast.member.email]
    assert "did not recognise" in mailoutbox[-1].body
    client_for(cast.stranger).post(organiser_invitation, {"answer": "accept"})
    assert GroupRole.objects.get(group=cast.group_a, user=cast.stranger).role == "organiser"


@pytest.mark.django_db
def test_the_invited_address_becomes_an_organiser_at_once_and_the_organisers_are_told(
    cast, organiser_invitation, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.stranger).post(organiser_invitation, {"answer": "accept"})
    assert response["Location"] == "/groups/group-a/members/"
    assert GroupRole.objects.get(group=cast.group_a, user=cast.stranger).role == "organiser"
    told = mailoutbox[-1]
    assert told.to == [cast.organiser.email]
    assert "is now an organiser" in told.subject


@pytest.mark.django_db
def test_a_member_cannot_confirm_a_claim_for_themselves(cast, organiser_invitation) -> None:
    member = client_for(cast.member)
    member.post(organiser_invitation, {"answer": "accept"})
    invitation = GroupInvitation.objects.get(email=cast.stranger.email)
    response = member.post(
        f"/groups/group-a/invitations/{invitation.pk}/confirm/", {"answer": "confirm"}
    )
    assert response.status_code == 403
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "member"


@pytest.mark.django_db
def test_an_answer_waiting_for_confirmation_is_in_the_persons_data_and_goes_with_erasure(
    cast, organiser_invitation
) -> None:
    from twinning.directory.services import personal_data, personal_data_erase

    client_for(cast.member).post(organiser_invitation, {"answer": "accept"})
    [waiting] = personal_data(cast.member)["invitations_waiting_for_confirmation"]
    assert waiting["group"] == cast.group_a.name
    personal_data_erase(cast.member)
    assert GroupInvitation.objects.get(email=cast.stranger.email).claimed_by is None


@pytest.mark.django_db
def test_an_invited_address_added_to_another_account_but_never_confirmed_is_not_theirs(
    cast, organiser_invitation
) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=cast.member, email=cast.stranger.email, verified=False)
    client_for(cast.member).post(organiser_invitation, {"answer": "accept"})
    assert GroupRole.objects.get(group=cast.group_a, user=cast.member).role == "member"
    assert GroupInvitation.objects.get(email=cast.stranger.email).claimed_by == cast.member
