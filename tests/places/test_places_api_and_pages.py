import pytest

from twinning.core.models import AuditEntry
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


def test_the_api_finds_places_by_any_spelling_with_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    # one query: the candidate places
    with django_assert_max_num_queries(1):
        response = client.get("/api/v1/places", {"q": "Shuafat", "country": "PS"})
    body = response.json()
    assert response.status_code == 200
    assert body[0]["kind"] == "refugee_camp"
    assert set(body[0]) == {
        "id",
        "name",
        "name_ar",
        "kind",
        "governorate",
        "county",
        "country",
        "lat",
        "lon",
    }


def test_the_api_filters_by_kind_and_refuses_unknown_values_with_a_reason(client) -> None:
    camps = client.get("/api/v1/places", {"q": "camp", "kind": "refugee_camp"}).json()
    assert camps and all(p["kind"] == "refugee_camp" for p in camps)
    response = client.get("/api/v1/places", {"q": "x", "country": "FR"})
    assert response.status_code == 422
    assert response.json()["detail"]
    assert client.get("/api/v1/places").status_code == 422


def test_the_search_page_works_without_javascript_and_as_an_htmx_fragment(client) -> None:
    page = client.get("/places/", {"q": "Dheisheh"}).content.decode()
    assert "Dheisheh" in page or "Deheishe" in page
    fragment = client.get("/places/", {"q": "Dheisheh"}, headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<section id="place-results"')
    assert "HX-Request" in fragment["Vary"]


def test_a_coordinator_adds_a_missing_village_and_it_can_be_found(cast) -> None:
    from tests.conftest import client_for

    client = client_for(cast.coordinator)
    response = client.post(
        "/places/new/",
        {
            "name": "Wadi Fukin Test",
            "name_ar": "وادي فوكين تجربة",
            "alt_names": "Wadi Fuqin Test",
            "country": "PS",
            "kind": "village",
            "governorate": "bethlehem",
            "lat": "31.7036",
            "lon": "35.1047",
        },
    )
    assert response.status_code == 302
    place = Place.objects.get(name="Wadi Fukin Test")
    assert place.key == f"added:{place.pk}"
    from twinning.places.search import search_places

    assert place in search_places("Wadi Fuqin Test")
    assert AuditEntry.objects.filter(action="place.added").exists()


def test_a_point_outside_the_country_is_refused_with_a_message(cast) -> None:
    from tests.conftest import client_for

    response = client_for(cast.coordinator).post(
        "/places/new/",
        {
            "name": "Nowhere",
            "country": "PS",
            "kind": "village",
            "governorate": "jenin",
            "lat": "51.5",
            "lon": "-0.1",
        },
    )
    assert response.status_code == 422
    assert "This point is not in Palestine." in response.content.decode()


def test_a_coordinator_hides_a_place_and_visitors_no_longer_find_it(cast, client) -> None:
    from tests.conftest import client_for

    place = cast.place
    client_for(cast.coordinator).post(f"/places/{place.pk}/hide/", {"hidden": "1"})
    assert client.get(f"/places/{place.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="place.hidden").exists()


def test_the_about_the_data_page_gives_every_attribution(client) -> None:
    html = client.get("/about/data/").content.decode()
    for credit in (
        "GeoNames",
        "CC BY 4.0",
        "Crown copyright",
        "Open Government Licence",
        "Natural Earth",
        "UNRWA",
    ):
        assert credit in html


def test_the_about_the_data_page_names_countries_and_kinds_in_the_readers_language(
    client,
) -> None:
    import re

    def cells(html: str) -> str:
        return re.sub(r"<td[^>]*>", "<td>", html)  # (each cell names its column for phones)

    english = cells(client.get("/about/data/").content.decode())
    assert "<td>Britain</td><td>Postcode district</td>" in english
    assert "<td>Palestine</td><td>Refugee camp</td>" in english
    arabic = cells(client.get("/ar/about/data/").content.decode())
    assert "<td>بريطانيا</td>" in arabic and "<td>مخيم لاجئين</td>" in arabic
    for page in (english, arabic):
        for code in (">GB<", ">PS<", "postcode_district", "refugee_camp"):
            assert code not in page
