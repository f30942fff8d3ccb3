"""Importing the spreadsheets networks keep today: checked row by row, then imported once."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.conftest import client_for
from tests.factories import GroupFactory, PartnerFactory
from twinning.core.models import AuditEntry
from twinning.directory import importing, services
from twinning.directory.models import Group, ImportBatch, Link, Partner
from twinning.directory.reasons import reason_text
from twinning.directory.services import imports
from twinning.places.models import Place

pytestmark = pytest.mark.django_db

GOOD = (
    "Group,Town,Partner,Place,Kind,Since,Contact\n"
    "Camden Abu Dis Friendship,Camden,Abu Dis council,Abu Dis,friendship link,1984,"
    "info@example.org\n"
    "Hanwell Sebastia Link,Hanwell,Sebastia council,Sabastiya,friendship,14/03/2010,\n"
    "Hanwell Sebastia Link,,Beit Sahour youth,Bayt Sahur,school,2015-09-01,\n"
)
BAD = (
    "group,town,partner,place,kind,since,contact\n"
    "Camden Abu Dis Friendship,Camden,Abu Dis council,Abu Dis,friendship,1984,\n"
    "Nowhere Friends,Atlantis,Jenin council,Jenin,friendship,,\n"
    "Dundee Nablus,Dundee,Nablus council,Nablus,spaceship,31/02/2001,not-an-email\n"
    "Camden Abu Dis Friendship,,Abu Dis council,,,,\n"
    ",Leeds,,,,,\n"
)


def _plan(text: str, filename: str = "network.csv") -> importing.Plan:
    header, rows = importing.read_table(filename, text.encode())
    return importing.plan(header, rows)


def _counts() -> tuple[int, int, int]:
    return Group.objects.count(), Partner.objects.count(), Link.objects.count()


def test_a_good_file_creates_groups_partners_and_links_on_their_places(cast) -> None:
    before = _counts()
    counts = services.import_apply(actor=cast.coordinator, plan=_plan(GOOD), source="net.csv")
    assert counts == {
        "groups": 2,
        "partners": 3,
        "links": 3,
        "existing_links": 0,
        "rejected": 0,
    }
    assert _counts() == (before[0] + 2, before[1] + 3, before[2] + 3)
    camden = Group.objects.get(name="Camden Abu Dis Friendship")
    assert "Camden" in camden.place.name
    assert camden.status == "approved"
    # the contact is kept, but private until the group chooses to show it
    assert camden.public_email == "info@example.org"
    assert not camden.show_public_email
    link = Link.objects.get(group=camden)
    assert link.partner.place.name == "Abu Dis"
    assert link.started_on.year == 1984
    assert link.status == "active"
    # a spelling of the gazetteer's own: Bayt Sahur is Beit Sahour
    youth = Partner.objects.get(name="Beit Sahour youth")
    assert youth.place.governorate == "bethlehem"
    assert Link.objects.get(partner=youth).kind == "school"
    assert AuditEntry.objects.filter(action="link.imported").count() == 3
    page = client_for(None).get(camden.get_absolute_url()).content.decode()
    assert "info@example.org" not in page
    assert "Abu Dis council" in client_for(None).get("/links/").content.decode()


def test_importing_the_same_file_twice_creates_no_duplicates(cast) -> None:
    services.import_apply(actor=cast.coordinator, plan=_plan(GOOD))
    after_first = _counts()
    second = _plan(GOOD)
    assert second.summary()["new_links"] == 0
    assert second.summary()["existing_links"] == 3
    counts = services.import_apply(actor=cast.coordinator, plan=second)
    assert counts["links"] == counts["groups"] == counts["partners"] == 0
    assert counts["existing_links"] == 3
    assert _counts() == after_first


def test_a_malformed_file_is_rejected_row_by_row_and_nothing_is_written(cast) -> None:
    plan = _plan(BAD)
    problems = {row.number: " ".join(map(str, row.problems)) for row in plan.rows}
    assert problems[2] == ""
    assert "We do not know the place “Atlantis” in Britain" in problems[3]
    assert "“spaceship” is not a kind of link we know" in problems[4]
    assert "“31/02/2001” is not a date" in problems[4]
    assert "“not-an-email” is not an email address" in problems[4]
    assert "repeats the link in row 2" in problems[5]
    assert "The group's name is missing" in problems[6]
    assert "The partner's name is missing" in problems[6]
    before = _counts()
    with pytest.raises(ValidationError):
        services.import_apply(actor=cast.coordinator, plan=plan)
    assert _counts() == before


def test_the_valid_rows_alone_can_be_imported_when_the_user_accepts_them(cast) -> None:
    before = _counts()
    counts = services.import_apply(actor=cast.coordinator, plan=_plan(BAD), accept_valid=True)
    assert counts["links"] == 1
    assert counts["rejected"] == 4
    assert _counts()[2] == before[2] + 1


def test_an_unknown_place_gets_suggestions_and_a_shared_name_asks_for_its_area(cast) -> None:
    _place_id, problem = importing.find_place("Oxfrd", "GB")
    assert problem
    _place_id, problem = importing.find_place("Newport", "GB")
    assert "more than one place" in str(problem)
    assert "Isle of Wight" in str(problem)
    place_id, problem = importing.find_place("Newport, Isle of Wight", "GB")
    assert not problem
    assert place_id
    # a camp is also known by its town's name; the town is meant unless "camp" is said
    town, _ = importing.find_place("Jenin", "PS")
    camp, _ = importing.find_place("Jenin camp", "PS")
    assert town and camp and town != camp
    # a place's own name beats another place's other spelling of it
    yabrud, problem = importing.find_place("Yabrud", "PS")
    assert not problem
    assert Place.objects.get(pk=yabrud).name == "Yabrud"


def test_existing_groups_and_partners_are_matched_by_name_in_either_script(cast) -> None:
    plan = _plan(f"group,partner\n{cast.group_b.name.upper()},{cast.partner.name_ar}\n")
    row = plan.rows[0]
    assert row.valid, row.problems
    assert row.group == ("matched", cast.group_b.name)
    assert row.partner == ("matched", cast.partner.name)
    assert row.link == "new"


def test_an_excel_file_is_read_like_a_csv_file(cast) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    sheet["F3"] = __import__("datetime").date(2010, 3, 14)  # a real date cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, rows = importing.read_table("network.xlsx", buffer.getvalue())
    plan = importing.plan(header, rows)
    assert [row.valid for row in plan.rows] == [True, True, True]
    assert plan.rows[1].since.isoformat() == "2010-03-14"


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("network.pdf", b"%PDF-1.4", "CSV or as Excel"),
        ("network.xlsx", b"not a zip at all", r"not an Excel \(\.xlsx\) file"),
        ("network.csv", b"", "empty"),
        ("network.csv", b"town,place\nLeeds,Jenin\n", "missing: group, partner"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(filename, content, message) -> None:
    with pytest.raises(importing.ImportFileError, match=message):
        header, rows = importing.read_table(filename, content)
        importing.plan(header, rows)


def test_the_command_reports_rejected_rows_and_writes_nothing(cast, tmp_path) -> None:
    path = tmp_path / "network.csv"
    path.write_text(BAD)
    out = io.StringIO()
    before = _counts()
    with pytest.raises(CommandError, match="4 rows have problems"):
        call_command("import", "directory", str(path), stdout=out)
    assert "row 3: rejected: We do not know the place “Atlantis”" in out.getvalue()
    assert _counts() == before
    call_command("import", "directory", str(path), "--dry-run", stdout=io.StringIO())
    assert _counts() == before
    call_command("import", "directory", str(path), "--accept-valid", stdout=out)
    assert "1 new links" in out.getvalue()
    assert _counts()[2] == before[2] + 1


def test_a_coordinator_checks_a_file_then_imports_its_valid_rows_once(
    cast, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    coordinator = client_for(cast.coordinator)
    with django_capture_on_commit_callbacks() as queued:
        response = coordinator.post(
            "/directory/import/",
            {"file": SimpleUploadedFile("network.csv", BAD.encode(), content_type="text/csv")},
        )
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    # the file is read and checked on the task queue; until then, the page says so
    page = coordinator.get(batch.get_absolute_url()).content.decode()
    assert "Reading the file" in page
    assert 'http-equiv="refresh"' in page
    assert "Import the" not in page
    for task in queued:
        task()
    page = coordinator.get(batch.get_absolute_url()).content.decode()
    assert "We do not know the place “Atlantis” in Britain" in page
    assert "Import the 1 valid row and leave the rest" in page
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/directory/import/{batch.pk}/start/", {"accept_valid": "on"})
    # a second click (or a double submission) imports nothing more
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(f"/directory/import/{batch.pk}/start/", {"accept_valid": "on"})
    assert _counts()[2] == before[2] + 1
    page = coordinator.get(response["Location"]).content.decode()
    assert "This file has already been imported" in page
    assert "Imported: 1 new groups, 1 new partners and 1 new links" in page


def test_a_file_with_rejected_rows_is_not_imported_without_saying_so(cast) -> None:
    batch = services.import_check(actor=cast.coordinator, filename="n.csv", content=BAD.encode())
    before = _counts()
    page = (
        client_for(cast.coordinator)
        .post(f"/directory/import/{batch.pk}/start/", follow=True)
        .content.decode()
    )
    assert "Some rows have problems" in page
    assert _counts() == before
    batch.refresh_from_db()
    assert batch.status == "checked"


def test_an_unreadable_upload_is_explained_on_the_form(cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(cast.coordinator).post(
        "/directory/import/",
        {"file": SimpleUploadedFile("network.pdf", b"%PDF", content_type="application/pdf")},
    )
    assert response.status_code == 422
    assert "Upload a spreadsheet saved as CSV or as Excel" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_checking_a_large_file_reports_progress(cast) -> None:
    lines = ["group,town,partner,place"] + [
        f"Group {i},Leeds,Partner {i},Nablus" for i in range(1200)
    ]
    header, rows = importing.read_table("big.csv", "\n".join(lines).encode())
    seen = []
    plan = importing.plan(header, rows, progress=lambda done, total: seen.append(done))
    assert seen == [500, 1000, 1200]
    assert plan.summary()["valid"] == 1200


def test_a_rejected_row_does_not_let_a_later_row_create_its_group_without_a_place(cast) -> None:
    plan = _plan(
        "group,town,partner,place\n"
        "New Friends,Atlantis,Abu Dis council,Abu Dis\n"
        "New Friends,,Battir council,Battir\n"
    )
    assert not plan.rows[0].valid
    assert "New Friends is a new group: give its town" in str(plan.rows[1].problems[0])


def test_rows_naming_a_group_or_partner_still_under_review_are_rejected(cast) -> None:
    GroupFactory(name="Pending Friends", status="pending")
    PartnerFactory(name="Unreviewed council", status="rejected")
    plan = _plan(
        "group,partner\n"
        f"Pending Friends,{cast.partner.name}\n"
        f"{cast.group_a.name},Unreviewed council\n"
    )
    assert "waits for a coordinator's review" in str(plan.rows[0].problems[0])
    assert "was not accepted" in str(plan.rows[1].problems[0])


def test_a_sensitive_column_keeps_an_imported_partner_off_public_pages(cast) -> None:
    plan = _plan(
        "group,town,partner,place,sensitive\n"
        "Hanwell Sebastia Link,Hanwell,Hidden council,Battir,yes\n"
    )
    services.import_apply(actor=cast.coordinator, plan=plan)
    partner = Partner.objects.get(name="Hidden council")
    assert partner.sensitive
    assert partner.slug.startswith("p-")
    assert "Hidden council" not in client_for(None).get("/links/").content.decode()


def test_a_link_page_does_not_show_the_file_it_was_imported_from(cast) -> None:
    services.import_apply(actor=cast.coordinator, plan=_plan(GOOD), source="secret-notes.csv")
    link = Link.objects.get(group__name="Camden Abu Dis Friendship")
    assert "secret-notes" not in client_for(None).get(link.get_absolute_url()).content.decode()


def test_an_import_that_breaks_unexpectedly_fails_visibly_and_can_be_started_again(
    cast, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    batch = services.import_check(actor=cast.coordinator, filename="n.csv", content=GOOD.encode())

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "import_apply", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_start(actor=cast.coordinator, batch=batch, accept_valid=False)
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "Try again" in reason_text(batch.result["error"])
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.import_start(actor=cast.coordinator, batch=batch, accept_valid=False)
    batch.refresh_from_db()
    assert batch.status == "done"
    assert batch.result["links"] == 3
    assert bytes(batch.content) == b""  # the file is not kept once imported


def test_a_broken_excel_file_is_refused_with_a_reason_not_an_error_page() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
        archive.writestr("xl/workbook.xml", "<workbook")
    with pytest.raises(importing.ImportFileError, match="not an Excel"):
        importing.read_table("broken.xlsx", buffer.getvalue())


def test_a_file_still_being_checked_cannot_be_imported_yet(
    cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():  # the check is queued, not run
        batch = services.import_upload(
            actor=cast.coordinator, filename="n.csv", content=GOOD.encode()
        )
    assert batch.status == "checking"
    with pytest.raises(ValidationError, match="still being checked"):
        services.import_start(actor=cast.coordinator, batch=batch, accept_valid=True)
    assert _counts()[2] == 1


def test_a_check_that_breaks_unexpectedly_says_so_and_nothing_can_be_imported_from_it(
    cast, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(importing, "plan", broken)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_upload(
            actor=cast.coordinator, filename="n.csv", content=GOOD.encode()
        )
    batch.refresh_from_db()
    assert batch.status == "failed"
    page = client_for(cast.coordinator).get(batch.get_absolute_url()).content.decode()
    assert "The check stopped:" in page
    assert "Upload it again" in page
    with pytest.raises(ValidationError, match="No row of this file can be imported"):
        services.import_start(actor=cast.coordinator, batch=batch, accept_valid=True)


def test_the_checks_findings_read_in_the_language_of_whoever_reads_them(
    cast, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    coordinator = client_for(cast.coordinator)
    with django_capture_on_commit_callbacks() as queued:
        coordinator.post(
            "/directory/import/",
            {"file": SimpleUploadedFile("network.csv", BAD.encode(), content_type="text/csv")},
        )
    for task in queued:  # run later, by a worker reading no one's language
        task()
    url = ImportBatch.objects.get().get_absolute_url()
    arabic = coordinator.get(f"/ar{url}").content.decode()
    # an English coordinator checked it; an Arabic one reads why rows were rejected
    assert "لا نعرف مكانًا اسمه «Atlantis» في بريطانيا" in arabic
    assert "«spaceship» ليس نوع الرابطة نعرفه" in arabic
    assert "اسم المجموعة ناقص." in arabic
    for english in ("We do not know the place", "is not a kind of link", "name is missing"):
        assert english not in arabic
    english = coordinator.get(url).content.decode()
    assert "We do not know the place “Atlantis” in Britain" in english


def test_rows_refused_by_the_import_and_a_file_that_failed_read_in_the_readers_language(
    cast, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    batch = services.import_check(actor=cast.coordinator, filename="n.csv", content=GOOD.encode())
    broken = services.import_check(actor=cast.coordinator, filename="m.csv", content=GOOD.encode())
    GroupFactory(name="Hanwell Sebastia Link")  # a group the file would make, made meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        services.import_start(actor=cast.coordinator, batch=batch, accept_valid=False)
    monkeypatch.setattr(imports, "import_apply", lambda **kwargs: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_start(actor=cast.coordinator, batch=broken, accept_valid=False)
    coordinator = client_for(cast.coordinator)
    refused, failed = (f"/ar{b.get_absolute_url()}" for b in (batch, broken))
    page = coordinator.get(refused).content.decode()
    assert "أُضيف Hanwell Sebastia Link إلى الدليل بعد الفحص" in page
    assert "was added to the directory" not in page
    page = coordinator.get(failed).content.decode()
    assert "حدث خطأ أثناء الاستيراد" in page
    assert "Something went wrong" not in page


def test_a_check_that_stopped_moving_can_be_started_again_and_one_under_way_cannot(
    cast, django_capture_on_commit_callbacks
) -> None:
    import datetime

    from django.utils import timezone

    with django_capture_on_commit_callbacks():  # its worker dies: the check never runs
        batch = services.import_upload(
            actor=cast.coordinator, filename="n.csv", content=GOOD.encode()
        )
    coordinator = client_for(cast.coordinator)
    page = coordinator.get(batch.get_absolute_url()).content.decode()
    assert "Check the file again" not in page
    response = coordinator.post(f"/directory/import/{batch.pk}/check/", follow=True)
    assert "under way or over" in response.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(
        progress_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert "Check the file again" in coordinator.get(batch.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/directory/import/{batch.pk}/check/")
    batch.refresh_from_db()
    assert batch.status == "checked"
    assert batch.report["summary"]["valid"] == 3


def test_a_check_that_finishes_late_leaves_an_import_already_started_alone(
    cast, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():
        batch = services.import_upload(
            actor=cast.coordinator, filename="n.csv", content=GOOD.encode()
        )
    real_plan = importing.plan

    def meanwhile(*args, **kwargs):
        # another run of the check finished and the coordinator started the import
        ImportBatch.objects.filter(pk=batch.pk).update(status="importing", rows_done=7)
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(importing, "plan", meanwhile)
    batch = services.import_check_finish(batch_id=batch.pk)
    assert (batch.status, batch.rows_done) == ("importing", 7)
    assert not AuditEntry.objects.filter(action="directory.import_checked").exists()


def test_a_line_break_typed_in_a_cell_becomes_a_space_except_in_the_story(db) -> None:
    """Alt+Enter in an Excel cell, or a quoted CSV cell over two lines: names and places stay
    on one line (they go into email subjects and headers); the story keeps its lines."""
    content = (
        b'group,town,partner,place,story\r\n"Hastings\r\nand Rye Friends",Hastings,'
        b'"Yatma\tvillage council",Yatma,"Since 2011.\r\nVisits each spring."\r\n'
    )
    header, rows = importing.read_table("links.csv", content)
    [row] = importing.plan(header, rows).rows
    assert row.values["group"] == "Hastings and Rye Friends"
    assert row.values["partner"] == "Yatma village council"
    assert row.values["story"] == "Since 2011.\r\nVisits each spring."
