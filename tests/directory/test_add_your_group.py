import pytest

from tests.conftest import client_for
from twinning.core.models import AuditEntry
from twinning.directory.models import Group, GroupRole

pytestmark = pytest.mark.django_db

NEW_GROUP = {
    "name": "Bristol Friends of Sebastia",
    "kind": "friendship_group",
    "place_q": "Bristol",
    "place_was": "",
    "description": "Five neighbours who want a twin.",
}


@pytest.fixture
def proposed(cast, django_capture_on_commit_callbacks, mailoutbox) -> Group:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.stranger).post("/groups/new/", NEW_GROUP)
    group = Group.objects.get(name="Bristol Friends of Sebastia")
    assert response["Location"] == f"/groups/{group.slug}/"
    return group


def test_a_member_adds_their_group_and_becomes_its_organiser_while_it_waits(
    cast, proposed, mailoutbox
) -> None:
    assert proposed.status == "pending"
    assert proposed.place.name == "Bristol"
    assert GroupRole.objects.get(group=proposed, user=cast.stranger).role == "organiser"
    assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
    assert "/groups/pending/" in mailoutbox[0].body


def test_a_group_waiting_for_review_is_seen_by_no_one_else(cast, proposed, client) -> None:
    assert client.get(f"/groups/{proposed.slug}/").status_code == 404
    assert client_for(cast.member).get(f"/groups/{proposed.slug}/").status_code == 404
    assert "Bristol Friends" not in client.get("/groups/").content.decode()
    assert "Bristol Friends" not in client.get("/api/v1/groups").content.decode()
    assert client.get(f"/api/v1/groups/{proposed.slug}").status_code == 404
    assert client_for(cast.stranger).get(f"/groups/{proposed.slug}/").status_code == 200


def test_a_coordinator_approves_it_and_the_organiser_is_told(
    cast, proposed, client, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    coordinator = client_for(cast.coordinator)
    assert "Bristol Friends" in coordinator.get("/groups/pending/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/groups/{proposed.slug}/review/", {"decision": "approve"})
    waiting_address = f"/groups/{proposed.slug}/"
    proposed.refresh_from_db()
    # random while it waited; its name's now, and the organiser is sent it
    assert waiting_address.startswith("/groups/g-")
    assert proposed.slug == "bristol-friends-of-sebastia"
    assert client.get(f"/groups/{proposed.slug}/").status_code == 200
    assert client.get(waiting_address).status_code == 404
    assert AuditEntry.objects.filter(action="group.approved").exists()
    assert mailoutbox[-1].to == ["stranger@example.org"]
    assert "/groups/bristol-friends-of-sebastia/" in mailoutbox[-1].body


def test_a_group_not_accepted_stays_hidden_and_is_told_why(
    cast, proposed, client, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.coordinator).post(
            f"/groups/{proposed.slug}/review/", {"decision": "reject", "reason": "Duplicate"}
        )
    assert client.get(f"/groups/{proposed.slug}/").status_code == 404
    assert "Duplicate" in mailoutbox[-1].body


def test_a_group_waiting_for_review_cannot_propose_links(cast, proposed) -> None:
    response = client_for(cast.stranger).post(
        f"/groups/{proposed.slug}/links/new/", {"partner": cast.partner.pk, "kind": "friendship"}
    )
    assert response.status_code == 422
    assert "once a coordinator has approved it" in response.content.decode()


def test_adding_a_group_without_a_name_redisplays_the_form(cast) -> None:
    response = client_for(cast.stranger).post("/groups/new/", {**NEW_GROUP, "name": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Group.objects.filter(kind="friendship_group", name="").exists()


def test_a_plain_member_of_a_group_waiting_for_review_does_not_see_it(cast, proposed) -> None:
    GroupRole.objects.create(group=proposed, user=cast.advisor, role="member")
    assert client_for(cast.advisor).get(f"/groups/{proposed.slug}/").status_code == 404


def test_the_same_form_sent_twice_adds_one_group(cast) -> None:
    client = client_for(cast.member)
    first = client.post("/groups/new/", NEW_GROUP)
    second = client.post("/groups/new/", NEW_GROUP)
    assert Group.objects.filter(name="Bristol Friends of Sebastia").count() == 1
    assert first["Location"] == second["Location"]


def test_a_name_another_waiting_group_has_gives_no_sign_of_it(cast, proposed) -> None:
    """Proposing the same name again once gave "…-2", telling that a group was waiting."""
    from twinning.directory.services import group_propose

    again = group_propose(
        actor=cast.member,
        values={"name": "Bristol Friends of Sebastia", "kind": "school"},
        review_url="http://testserver/groups/pending/",
    )
    assert again.pk != proposed.pk
    for group in (proposed, again):
        assert "bristol" not in group.slug
        assert group.slug.startswith("g-") and len(group.slug) == 14


def test_the_migration_moves_groups_and_partners_that_waited_or_were_turned_down(cast) -> None:
    import importlib

    from django.apps import apps

    from twinning.directory.models import Partner

    Group.objects.filter(pk=cast.group_b.pk).update(status="rejected", slug="turned-down")
    Partner.objects.filter(pk=cast.partner.pk).update(sensitive=True, slug="p-beit-ummar")
    migration = importlib.import_module("twinning.directory.migrations.0021_partner_random_slug")
    migration.forward(apps, None)
    cast.group_b.refresh_from_db()
    cast.partner.refresh_from_db()
    assert cast.group_b.slug.startswith("g-") and "turned" not in cast.group_b.slug
    assert cast.partner.slug_is_random and "ummar" not in cast.partner.slug
    assert Group.objects.get(pk=cast.group_a.pk).slug == "group-a"  # approved: untouched
