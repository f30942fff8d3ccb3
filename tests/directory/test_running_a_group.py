import pytest

from tests.conftest import KEEP_PLACE, client_for
from tests.factories import PASSWORD, GroupFactory, GroupRoleFactory, UserFactory
from twinning.core.models import AuditEntry
from twinning.directory.models import GroupRole


@pytest.mark.django_db
def test_an_organiser_edits_their_group_and_the_change_is_audited(cast, organiser_client) -> None:
    response = organiser_client.post(
        "/groups/group-a/edit/",
        {
            "name": "Oxford–Beit Ummar Friends",
            "kind": "friendship_group",
            **KEEP_PLACE,
            "description": "We meet **monthly**.",
        },
    )
    assert response.status_code == 302
    page = organiser_client.get("/groups/group-a/").content.decode()
    assert "Oxford–Beit Ummar Friends" in page
    assert "<strong>monthly</strong>" in page
    entry = AuditEntry.objects.get(action="group.updated")
    assert entry.actor == cast.organiser
    assert entry.data == {"changed": ["description", "name"]}


@pytest.mark.django_db
def test_an_empty_name_redisplays_the_form_with_a_message_and_keeps_the_description(
    cast, organiser_client
) -> None:
    response = organiser_client.post(
        "/groups/group-a/edit/",
        {
            "name": "",
            "kind": "friendship_group",
            **KEEP_PLACE,
            "description": "Draft text I must not lose",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in html
    assert "Draft text I must not lose" in html
    cast.group_a.refresh_from_db()
    assert cast.group_a.name == "Oxford Friends of Beit Ummar"


@pytest.mark.django_db
def test_an_organiser_makes_a_member_an_organiser_and_the_change_is_audited(
    cast, organiser_client
) -> None:
    organiser_client.post(f"/groups/group-a/members/{cast.member_role.pk}/", {"role": "organiser"})
    cast.member_role.refresh_from_db()
    assert cast.member_role.role == "organiser"
    entry = AuditEntry.objects.get(action="group.role_changed")
    assert entry.data == {"user_id": cast.member.pk, "role": "organiser"}


@pytest.mark.django_db
def test_the_last_organiser_cannot_leave_a_group_without_an_organiser(
    cast, organiser_client
) -> None:
    own = GroupRole.objects.get(group=cast.group_a, user=cast.organiser)
    response = organiser_client.post(
        f"/groups/group-a/members/{own.pk}/", {"role": "remove", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert GroupRole.objects.filter(pk=own.pk, role="organiser").exists()
    page = organiser_client.get("/groups/group-a/members/").content.decode()
    assert "A group needs at least one organiser" in page


@pytest.mark.django_db
def test_taking_someone_out_of_a_group_asks_first_and_only_then_acts(
    cast, organiser_client
) -> None:
    url = f"/groups/group-a/members/{cast.member_role.pk}/"
    response = organiser_client.post(url, {"role": "remove"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Take <bdi>Maya Member</bdi> out of <bdi>Oxford Friends of Beit Ummar</bdi>?" in page
    assert GroupRole.objects.filter(pk=cast.member_role.pk).exists()
    arabic = organiser_client.post(f"/ar{url}", {"role": "remove"}).content.decode()
    assert "Yes, take them out" not in arabic
    organiser_client.post(url, {"role": "remove", "confirm": "yes"})
    assert not GroupRole.objects.filter(pk=cast.member_role.pk).exists()


@pytest.mark.django_db
def test_erasing_the_only_organiser_says_first_what_happens_to_the_group(
    cast, organiser_client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    page = organiser_client.get("/account/erase/").content.decode()
    assert "Groups you are the only organiser of" in page
    assert 'href="/groups/group-a/members/"' in page
    assert (
        "Groups you are the only organiser of"
        not in client_for(cast.member).get("/account/erase/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post("/account/erase/", {"password": PASSWORD})
    assert any(
        m.subject == "Oxford Friends of Beit Ummar has no organiser any more" for m in mailoutbox
    )


@pytest.mark.django_db
def test_members_see_each_others_names_but_only_organisers_see_email_addresses(
    cast, member_client, organiser_client
) -> None:
    as_member = member_client.get("/groups/group-a/members/").content.decode()
    as_organiser = organiser_client.get("/groups/group-a/members/").content.decode()
    assert "Olivia Organiser" in as_member
    assert "organiser@example.org" not in as_member
    assert "member@example.org" in as_organiser


@pytest.mark.django_db
def test_an_organiser_cannot_change_a_membership_of_another_group_through_their_own(
    cast, organiser_client
) -> None:
    other = GroupRole.objects.get(group=cast.group_b, user=cast.other_organiser)
    response = organiser_client.post(f"/groups/group-a/members/{other.pk}/", {"role": "remove"})
    assert response.status_code == 404
    assert GroupRole.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_the_public_group_page_names_no_one(cast, client) -> None:
    html = client.get("/groups/group-a/").content.decode()
    assert "Olivia" not in html
    assert "organiser@example.org" not in html


@pytest.mark.django_db
def test_the_members_page_costs_the_same_queries_for_a_large_group(
    cast, organiser_client, django_assert_max_num_queries
) -> None:
    for user in UserFactory.create_batch(25):
        GroupRoleFactory(group=cast.group_a, user=user)
    # session, user, the group, organiser check (view), organiser check (manage),
    # the memberships with their people, the pending invitations
    with django_assert_max_num_queries(7):
        assert organiser_client.get("/groups/group-a/members/").status_code == 200


@pytest.mark.django_db
def test_the_group_list_costs_the_same_queries_for_many_groups(
    client, django_assert_max_num_queries
) -> None:
    GroupFactory.create_batch(10)
    # count for the paginator, one page of groups, the interests and counties
    # offered in the filters
    with django_assert_max_num_queries(4):
        assert client.get("/groups/").status_code == 200
    GroupFactory.create_batch(990)
    with django_assert_max_num_queries(4):
        assert client.get("/groups/?nation=england&page=3").status_code == 200
