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
