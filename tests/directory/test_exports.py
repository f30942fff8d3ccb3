import csv
import io
import json

import pytest

from tests.factories import GroupFactory, PartnerFactory
from twinning.directory.models import Link

pytestmark = pytest.mark.django_db


def _csv(client) -> list[dict]:
    response = client.get("/links.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_public_links_download_as_a_spreadsheet_without_any_person(cast, client) -> None:
    rows = _csv(client)
    assert len(rows) == 1
    row = rows[0]
    assert row["group"] == "Oxford Friends of Beit Ummar"
    assert row["partner"] == "Beit Ummar council"
    assert row["governorate"] == "hebron"
    assert row["status"] == "active"
    text = json.dumps(rows)
    for person in ("example.org", "Olivia", "ليلى"):
        assert person not in text


def test_the_links_download_as_geojson_lines_between_the_two_places(cast, client) -> None:
    data = json.loads(client.get("/links.geojson").content)
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"]["type"] == "LineString"
    (lon1, lat1), (lon2, lat2) = feature["geometry"]["coordinates"]
    assert 49 < lat1 < 61 and 31 < lat2 < 33


def test_downloads_cost_the_same_queries_however_many_links(
    cast, client, django_assert_max_num_queries
) -> None:
    for _ in range(40):
        Link.objects.create(group=GroupFactory(), partner=PartnerFactory(), status="active")
    # the links with both sides and their places
    with django_assert_max_num_queries(1):
        assert len(json.loads(client.get("/links.geojson").content)["features"]) == 41
    with django_assert_max_num_queries(1):
        assert len(_csv(client)) == 41


def test_a_coordinator_downloads_everything_and_can_import_it_back_unchanged(cast) -> None:
    from tests.conftest import client_for
    from twinning.directory import importing
    from twinning.directory.services import partner_update

    Link.objects.create(group=cast.group_b, partner=cast.partner, status="proposed")
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    response = client_for(cast.coordinator).get("/directory/everything.csv")
    content = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    # every link, proposed ones and sensitive partners' names included
    assert {row["status"] for row in rows} == {"active", "proposed"}
    assert {row["partner"] for row in rows} == {"Beit Ummar council"}
    assert all(row["sensitive"] == "yes" for row in rows)
    assert "Olivia" not in content.decode("utf-8-sig")
    # the same file checked for import changes nothing
    header, table = importing.read_table("everything.csv", content)
    plan = importing.plan(header, table)
    assert [row.problems for row in plan.rows] == [[], []]
    assert plan.summary()["new_links"] == 0
    # read into an empty directory, the sensitive partner stays sensitive
    assert all(row.sensitive for row in plan.rows)
    assert {row.values["partner_ar"] for row in plan.rows} == {cast.partner.name_ar}


def test_the_everything_workbook_has_a_sheet_each_for_links_groups_and_partners(
    cast, django_assert_max_num_queries
) -> None:
    from openpyxl import load_workbook

    from tests.conftest import client_for

    coordinator = client_for(cast.coordinator)
    coordinator.get("/")
    for _ in range(20):
        Link.objects.create(group=GroupFactory(), partner=PartnerFactory(), status="active")
    # the session and user, the audit entry, the links with both sides and places,
    # the groups and their interests, the partners and their interests
    with django_assert_max_num_queries(9):
        response = coordinator.get("/directory/everything.xlsx")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Links", "Groups", "Partners"]
    links = list(workbook["Links"].iter_rows(values_only=True))
    assert len(links) == 1 + 21
    groups = list(workbook["Groups"].iter_rows(values_only=True))
    assert groups[0][:3] == ("id", "name", "slug")


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(cast, client) -> None:
    group = cast.group_a
    group.name = '=HYPERLINK("http://evil.example","click")'
    group.save()
    [row] = _csv(client)
    assert row["group"].startswith("'=")


# Each first character some spreadsheet program (in some locale) reads as a formula.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", ";", "|", "＝"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_export_writes_a_cell_a_spreadsheet_would_run_as_plain_text(
    cast, client, start: str
) -> None:
    """`;` was missed: a LibreOffice in a semicolon locale ran `;cmd|' /C calc'!A0`."""
    import datetime
    from decimal import Decimal

    from openpyxl import load_workbook

    from tests.conftest import client_for
    from twinning.activities.services import (
        appeal_create,
        donation_record,
        participant_add,
        visit_create,
    )

    attack = f"{start}cmd|' /C calc'!A0"
    group = cast.group_a
    group.name = attack
    group.save()
    visit = visit_create(
        actor=cast.organiser,
        group=group,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Visitors",
            "purpose": "Teachers meet teachers.",
            "starts_on": datetime.date(2031, 5, 1),
            "ends_on": datetime.date(2031, 5, 8),
        },
    )
    participant_add(actor=cast.organiser, visit=visit, values={"name": attack, "role": attack})
    appeal = appeal_create(
        actor=cast.organiser,
        group=group,
        values={
            "title": "Books",
            "purpose": "x",
            "target": Decimal("100"),
            "starts_on": datetime.date(2026, 1, 1),
            "link": cast.link,
        },
    )
    donation_record(
        actor=cast.organiser,
        appeal=appeal,
        values={
            "amount": Decimal("5"),
            "received_on": datetime.date(2026, 1, 2),
            "method": "cash",
            "donor": attack,
            "note": attack,
        },
    )
    coordinator = client_for(cast.coordinator)
    organiser = client_for(cast.organiser)

    def csv_cells(response) -> list[str]:
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        reader = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
        return [cell for row in reader for cell in row]

    files = {
        "/links.csv": csv_cells(client.get("/links.csv")),
        "/directory/everything.csv": csv_cells(coordinator.get("/directory/everything.csv")),
        "people.csv": csv_cells(organiser.get(f"{visit.get_absolute_url()}people.csv")),
        "ledger.csv": csv_cells(organiser.get(f"{appeal.get_absolute_url()}ledger.csv")),
    }
    workbook = load_workbook(
        io.BytesIO(coordinator.get("/directory/everything.xlsx").content), read_only=True
    )
    files["everything.xlsx"] = [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    for name, cells in files.items():
        found = [cell for cell in cells if "cmd|" in cell]
        assert found, name  # the attack is in the file…
        assert all(cell.startswith("'") for cell in found), (name, found)  # …as plain text


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_guarded_cell_reads_back_as_it_was_typed_on_import(start: str) -> None:
    from twinning.core.text import spreadsheet_cell, spreadsheet_unguard

    typed = f"{start}Bethlehem"
    assert spreadsheet_unguard(spreadsheet_cell(typed)) == typed
    assert spreadsheet_unguard("'quoted") == "'quoted"


@pytest.mark.parametrize("url", ["/links.csv", "/directory/everything.csv"])
def test_a_download_cut_short_by_the_database_says_so_and_fails_instead_of_looking_whole(
    cast, client, monkeypatch, caplog, url: str
) -> None:
    """The status (200) is sent before the first row: a failure later used to end the file
    quietly, a cut-off file that looked complete."""
    from django.db import OperationalError

    from tests.conftest import client_for
    from twinning.directory import exports

    for _ in range(4):
        Link.objects.create(group=GroupFactory(), partner=PartnerFactory(), status="active")
    rows = {"/links.csv": "_row", "/directory/everything.csv": "_full_link_row"}[url]
    real, read = getattr(exports, rows), []

    def failing(*args):
        if len(read) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        read.append(1)
        return real(*args)

    monkeypatch.setattr(exports, rows, failing)
    response = client_for(cast.coordinator).get(url)
    assert response.status_code == 200
    chunks = []
    with pytest.raises(exports.StreamCutShort):  # the server then cuts the connection
        for chunk in response.streaming_content:
            chunks.append(chunk.decode("utf-8-sig"))
    assert "INCOMPLETE FILE" in chunks[-1]
    assert len(chunks) == 4  # the header, two rows, the warning
    assert "stopped after 3 rows: OperationalError" in caplog.text
