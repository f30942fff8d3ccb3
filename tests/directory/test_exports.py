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
