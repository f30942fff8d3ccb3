import json

import pytest

from tests.conftest import KEEP_PLACE
from tests.factories import PASSWORD
from twinning.accounts.models import User
from twinning.core.models import AuditEntry
from twinning.directory.models import GroupRole


@pytest.mark.django_db
def test_a_member_downloads_everything_held_about_them_and_nothing_about_others(
    cast, member_client
) -> None:
    response = member_client.get("/account/my-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@example.org"
    assert data["account"]["display_name"] == "Maya Member"
    assert data["directory"]["groups"] == [
        {
            "group": "Oxford Friends of Beit Ummar",
            "role": "member",
            "since": cast.member_role.since.isoformat(),
        }
    ]
    text = response.content.decode()
    assert "organiser@example.org" not in text
    assert "Olivia" not in text


@pytest.mark.django_db
def test_a_member_erases_their_account_after_confirming_their_password(cast, member_client) -> None:
    response = member_client.post("/account/erase/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="member@example.org").exists()
    assert not GroupRole.objects.filter(pk=cast.member_role.pk).exists()
    assert AuditEntry.objects.filter(action="user.erased").count() == 1
    assert member_client.get("/account/").status_code == 302  # signed out


@pytest.mark.django_db
def test_erasing_with_a_wrong_password_keeps_the_account_and_says_why(cast, member_client) -> None:
    response = member_client.post("/account/erase/", {"password": "wrong"})
    assert response.status_code == 422
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(email="member@example.org").exists()


@pytest.mark.django_db
def test_the_history_keeps_what_an_erased_person_changed_but_not_who_they_were(
    cast, organiser_client
) -> None:
    organiser_client.post(
        "/groups/group-a/edit/",
        {
            "name": "Oxford–Beit Ummar Friends",
            "kind": "friendship_group",
            **KEEP_PLACE,
            "description": "",
        },
    )
    organiser_client.post("/account/erase/", {"password": PASSWORD})
    entry = AuditEntry.objects.get(action="group.updated")
    assert entry.actor is None
    assert entry.object_repr == "Oxford–Beit Ummar Friends"


@pytest.mark.django_db
def test_after_erasure_no_history_entry_names_the_person(cast, coordinator_client) -> None:
    from tests.conftest import client_for

    coordinator_client.post(f"/people/{cast.member.pk}/", {"is_advisor": "on"})
    client_for(cast.member).post("/account/erase/", {"password": PASSWORD})
    for entry in AuditEntry.objects.all():
        text = f"{entry.object_repr} {entry.data}"
        assert "Maya" not in text
        assert "member@example.org" not in text


@pytest.mark.django_db
def test_a_last_organiser_may_erase_their_account_and_the_group_is_flagged(
    cast, organiser_client
) -> None:
    organiser_client.post("/account/erase/", {"password": PASSWORD})
    assert not cast.group_a.roles.filter(role="organiser").exists()
    entry = AuditEntry.objects.get(action="group.role_erased")
    assert entry.data == {"role": "organiser", "group_has_no_organiser": True}
    assert entry.object_repr == "Oxford Friends of Beit Ummar"
