"""An import writes exactly what its check found, and refuses a row that changed since."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import GroupFactory
from twinning.core.models import AuditEntry
from twinning.directory import services
from twinning.directory.models import Group, ImportBatch, Link, Partner
from twinning.directory.reasons import reason_text
from twinning.directory.services import imports

pytestmark = pytest.mark.django_db


def _file(cast) -> str:
    """Three rows: a group already there with a new partner, a new group with a partner
    already there, and a new link between the two already there."""
    group, partner = cast.group_b.name, cast.partner.name
    return (
        "group,town,partner,place\n"
        f"{group},,Battir council,Battir\n"
        f"New Friends,Leeds,{partner},\n"
        f"{group},,{partner},\n"
    )


def _checked(cast, text: str) -> ImportBatch:
    return services.import_check(actor=cast.coordinator, filename="n.csv", content=text.encode())


def _import(cast, batch: ImportBatch, capture) -> ImportBatch:
    with capture(execute=True):
        services.import_start(actor=cast.coordinator, batch=batch, accept_valid=False)
    batch.refresh_from_db()
    return batch


def test_the_check_keeps_the_ids_of_what_each_row_will_use(cast) -> None:
    batch = _checked(cast, _file(cast))
    rows = batch.report["rows"]
    assert [row["ids"]["group"] for row in rows] == [cast.group_b.pk, None, cast.group_b.pk]
    assert [row["ids"]["partner"] for row in rows] == [None, cast.partner.pk, cast.partner.pk]
    assert rows[0]["ids"]["partner_place"] and rows[1]["ids"]["group_place"]  # found once


def _rename_the_group(cast) -> None:
    Group.objects.filter(pk=cast.group_b.pk).update(name="Leeds Nablus Link")


def _turn_the_group_down(cast) -> None:
    Group.objects.filter(pk=cast.group_b.pk).update(status="rejected")


def _remove_the_group(cast) -> None:
    cast.group_b.delete()


def _add_the_new_group_meanwhile(cast) -> None:
    GroupFactory(name="NEW FRIENDS")


def _link_the_pair_meanwhile(cast) -> None:
    Link.objects.create(group=cast.group_b, partner=cast.partner, status="active")


@pytest.mark.parametrize(
    ("change", "refused", "reason"),
    [
        (_rename_the_group, [2, 4], "Leeds Jenin Link has been renamed Leeds Nablus Link"),
        (_turn_the_group_down, [2, 4], "Leeds Jenin Link was not accepted into the directory"),
        (_remove_the_group, [2, 4], "Leeds Jenin Link is no longer in the directory"),
        (_add_the_new_group_meanwhile, [3], "NEW FRIENDS was added to the directory after"),
        (_link_the_pair_meanwhile, [4], "have been linked since the check"),
    ],
    ids=["renamed", "turned down", "removed", "added meanwhile", "linked meanwhile"],
)
def test_a_row_that_changed_between_the_check_and_the_import_is_refused_with_the_reason(
    cast, django_capture_on_commit_callbacks, change, refused, reason
) -> None:
    batch = _checked(cast, _file(cast))
    change(cast)
    links_before, groups_before = Link.objects.count(), Group.objects.count()
    batch = _import(cast, batch, django_capture_on_commit_callbacks)
    assert batch.status == "done"
    assert [row["row"] for row in batch.result["refused"]] == refused
    assert batch.result["refused_count"] == len(refused)
    assert all(reason in reason_text(row["reason"]) for row in batch.result["refused"])
    # the other rows are imported as they were checked, and nothing is made twice
    assert batch.result["links"] == 3 - len(refused)
    assert Link.objects.count() == links_before + 3 - len(refused)
    assert Group.objects.filter(name__iexact="New Friends").count() == 1
    assert Group.objects.count() == groups_before + (0 if 3 in refused else 1)
    page = client_for(cast.coordinator).get(batch.get_absolute_url()).content.decode()
    assert "Rows not imported" in page
    assert reason in page


def test_an_import_asks_the_directory_a_few_queries_per_chunk_whatever_its_rows(
    cast, django_assert_max_num_queries
) -> None:
    rows = "".join(f"Group {i},Leeds,Partner {i},Nablus\n" for i in range(30))
    plan = services.import_plan(
        filename="n.csv", content=f"group,town,partner,place\n{rows}".encode()
    )
    with CaptureQueriesContext(connection) as thirty:
        services.import_apply(actor=cast.coordinator, plan=plan)
    three = services.import_plan(filename="n.csv", content=_file(cast).encode())
    # One chunk: a savepoint (1); the groups and the partners rows matched (2), those now
    # bearing the names of new ones (2), the places of new ones (1), whether the matched
    # pairs are linked (1); free web addresses for the new group and partner (2); inserts of
    # the groups, partners, links, status changes and search entries (5); one audit entry
    # per group, partner and link made (5); the interests the index reads (2); the
    # directory's revision (1); the savepoint's release (1). Then the import's own audit
    # entry in a savepoint (3) and fresh planner statistics (4); and the ids of three
    # content types for the audit entries, where not yet known (3).
    with django_assert_max_num_queries(33):
        counts = services.import_apply(actor=cast.coordinator, plan=three)
    assert counts == {"groups": 1, "partners": 1, "links": 3, "existing_links": 0, "rejected": 0}
    reads = [q["sql"] for q in thirty.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) <= 10, reads  # no read per row: thirty rows cost what three do
    assert AuditEntry.objects.filter(action="link.imported").count() == 33


def test_an_import_that_stopped_goes_on_where_it_stopped_and_writes_nothing_twice(
    cast, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    # Two rows per chunk; New Friends is made in the first chunk and used in the second.
    text = (
        "group,town,partner,place\n"
        "New Friends,Leeds,Battir council,Battir\n"
        "Other Friends,Hanwell,Yatma council,Yatma\n"
        "New Friends,,Jenin council,Jenin\n"
    )
    batch = _checked(cast, text)
    monkeypatch.setattr(imports, "IMPORT_CHUNK", 2)
    real_write, chunks = imports._Writer.write, []

    def stops_in_the_second_chunk(writer, rows):
        chunks.append(len(rows))
        if len(chunks) == 2:
            raise RuntimeError("the worker was stopped")
        real_write(writer, rows)

    monkeypatch.setattr(imports._Writer, "write", stops_in_the_second_chunk)
    batch = _import(cast, batch, django_capture_on_commit_callbacks)
    assert batch.status == "failed"
    assert batch.rows_done == 2
    monkeypatch.setattr(imports._Writer, "write", real_write)
    batch = _import(cast, batch, django_capture_on_commit_callbacks)
    assert batch.status == "done"
    assert "refused" not in batch.result
    assert (batch.result["groups"], batch.result["partners"], batch.result["links"]) == (2, 3, 3)
    assert Group.objects.filter(name="New Friends").count() == 1
    assert Link.objects.filter(group__name="New Friends").count() == 2


def test_a_second_run_of_the_import_task_leaves_the_import_to_the_first(
    cast, django_capture_on_commit_callbacks
) -> None:
    batch = _checked(cast, _file(cast))
    with django_capture_on_commit_callbacks():  # queued, not yet run
        services.import_start(actor=cast.coordinator, batch=batch, accept_valid=False)
    from django.utils import timezone

    ImportBatch.objects.filter(pk=batch.pk).update(progress_at=timezone.now())  # a run has it
    before = Link.objects.count()
    assert services.import_finish(batch_id=batch.pk).status == "importing"
    assert Link.objects.count() == before


def test_a_check_that_kept_no_ids_is_not_imported_and_says_why(
    cast, django_capture_on_commit_callbacks
) -> None:
    batch = _checked(cast, _file(cast))
    report = batch.report
    for row in report["rows"]:
        del row["ids"]  # as checks made before the ids were kept
    ImportBatch.objects.filter(pk=batch.pk).update(report=report)
    batch.refresh_from_db()
    before = Partner.objects.count()
    batch = _import(cast, batch, django_capture_on_commit_callbacks)
    assert batch.status == "failed"
    assert "no longer matches its check: upload it again" in reason_text(batch.result["error"])
    assert Partner.objects.count() == before
