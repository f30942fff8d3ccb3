import re
from pathlib import Path

import pytest

from twinning.core.audit import labelled_actions
from twinning.core.models import AuditEntry
from twinning.core.services import audit_log

SOURCE = Path(__file__).resolve().parents[2] / "src" / "twinning"


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
    assert "Group details changed" in html
    assert "Olivia Organiser" in html


@pytest.mark.django_db
def test_the_history_names_each_change_in_words_in_the_readers_language(
    cast, coordinator_client
) -> None:
    audit_log(actor=cast.organiser, action="link.status_changed", obj=cast.link)
    audit_log(actor=cast.coordinator, action="place.hidden", obj=cast.place)
    english = coordinator_client.get("/history/").content.decode()
    assert "Link status changed" in english and "Place hidden" in english
    arabic = coordinator_client.get("/ar/history/").content.decode()
    assert "تغيّرت حالة رابطة" in arabic and "أُخفي مكان" in arabic
    for page in (english, arabic):
        assert ">link.status_changed<" not in page and ">place.hidden<" not in page


@pytest.mark.django_db
def test_a_change_no_app_has_named_reads_as_its_code_in_words(cast, coordinator_client) -> None:
    audit_log(actor=cast.coordinator, action="garden.hedge_trimmed")
    assert "Garden: hedge trimmed" in coordinator_client.get("/history/").content.decode()


def _actions_written_by(app: str) -> set[str]:
    """The actions an app's code passes to audit_log (`action="x.y"`, or either of
    `action="x.y" if … else "x.z"`)."""
    actions = set()
    for path in (SOURCE / app).rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "action=" in line:
                actions |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', line))
    return actions


@pytest.mark.parametrize(
    "app",
    [
        "accounts",
        "core",
        "places",
        "directory",
        "activities",
        "matching",
        "formation",
    ],
)
def test_every_change_an_app_records_has_a_label(app: str) -> None:
    assert _actions_written_by(app) <= labelled_actions()


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
        assert "Group details changed" in response.content.decode()
