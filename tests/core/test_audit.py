import pytest

from twinning.core.models import AuditEntry
from twinning.core.services import audit_log


@pytest.mark.django_db
def test_audit_log_records_who_did_what_to_which_object(cast) -> None:
    entry = audit_log(
        actor=cast.organiser, action="group.updated", obj=cast.group_a, data={"changed": ["name"]}
    )
    assert entry.actor == cast.organiser
    assert entry.object_repr == "Oxford Friends of Beit Ummar"
    assert list(AuditEntry.objects.for_object(cast.group_a)) == [entry]


@pytest.mark.django_db
def test_an_anonymous_actor_is_recorded_as_nobody(cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    entry = audit_log(actor=AnonymousUser(), action="user.erased")
    assert entry.actor is None


@pytest.mark.django_db
def test_coordinators_read_the_history_of_changes(cast, coordinator_client) -> None:
    audit_log(actor=cast.organiser, action="group.updated", obj=cast.group_a)
    html = coordinator_client.get("/history/?action=group.").content.decode()
    assert "group.updated" in html
    assert "Olivia Organiser" in html


@pytest.mark.django_db
def test_the_history_page_costs_the_same_queries_for_many_entries(
    cast, coordinator_client, django_assert_max_num_queries
) -> None:
    for _ in range(60):
        audit_log(actor=cast.organiser, action="group.updated", obj=cast.group_a)
    # session, user, count for the paginator, one page of entries with actor and type
    with django_assert_max_num_queries(4):
        response = coordinator_client.get("/history/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_filter_with_a_nul_character_or_too_long_is_ignored_not_an_error(
    cast, coordinator_client
) -> None:
    audit_log(actor=cast.organiser, action="group.updated", obj=cast.group_a)
    for bad in ("group\x00", "g" * 500):
        response = coordinator_client.get("/history/", {"action": bad})
        assert response.status_code == 200
        assert "group.updated" in response.content.decode()
