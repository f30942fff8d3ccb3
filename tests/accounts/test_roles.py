import pytest

from twinning.core.models import AuditEntry


@pytest.mark.django_db
def test_a_coordinator_makes_someone_an_advisor_and_the_change_is_audited(
    cast, coordinator_client
) -> None:
    response = coordinator_client.post(f"/people/{cast.stranger.pk}/", {"is_advisor": "on"})
    assert response.status_code == 302
    cast.stranger.refresh_from_db()
    assert cast.stranger.is_advisor
    entry = AuditEntry.objects.get(action="user.roles_changed")
    assert entry.actor == cast.coordinator
    assert entry.data["after"] == {"coordinator": False, "advisor": True}


@pytest.mark.django_db
def test_an_organiser_cannot_give_themselves_network_roles(cast, organiser_client) -> None:
    response = organiser_client.post(f"/people/{cast.organiser.pk}/", {"is_coordinator": "on"})
    assert response.status_code == 403
    cast.organiser.refresh_from_db()
    assert not cast.organiser.is_coordinator


@pytest.mark.django_db
def test_coordinators_find_people_by_name(cast, coordinator_client) -> None:
    html = coordinator_client.get("/people/?q=maya").content.decode()
    assert "member@example.org" in html
    assert "organiser@example.org" not in html


@pytest.mark.django_db
def test_the_people_list_costs_the_same_queries_for_many_people(
    cast, coordinator_client, django_assert_max_num_queries
) -> None:
    from tests.factories import UserFactory

    UserFactory.create_batch(30)
    # session, user, count for the paginator, one page of people
    with django_assert_max_num_queries(4):
        assert coordinator_client.get("/people/").status_code == 200


@pytest.mark.django_db
def test_a_person_changes_their_name_and_email_language(cast, member_client) -> None:
    response = member_client.post(
        "/account/", {"display_name": "Maya M.", "preferred_language": "ar"}
    )
    assert response.status_code == 302
    cast.member.refresh_from_db()
    assert (cast.member.display_name, cast.member.preferred_language) == ("Maya M.", "ar")
