import pytest

from twinning.places.geo import bounding_box, distance_km, places_within
from twinning.places.maps import MapLink, MapPoint, render_map
from twinning.places.models import Place


def test_great_circle_distances_match_known_figures() -> None:
    # Oxford to Leeds is about 247 km; Ramallah to Bethlehem about 22 km.
    assert distance_km(51.752, -1.258, 53.797, -1.548) == pytest.approx(228, abs=5)
    assert distance_km(31.899, 35.204, 31.705, 35.202) == pytest.approx(21.6, abs=1)


def test_the_bounding_box_contains_the_whole_circle() -> None:
    south, west, north, east = bounding_box(51.75, -1.26, 15)
    for lat, lon in ((51.75 + 0.13, -1.26), (51.75, -1.26 + 0.21), (51.75 - 0.13, -1.26)):
        assert south <= lat <= north and west <= lon <= east


@pytest.mark.django_db
def test_places_within_a_radius_come_nearest_first(django_assert_max_num_queries) -> None:
    # one query: the places in the box
    with django_assert_max_num_queries(1):
        near = places_within(51.752, -1.258, 15)
    distances = [d for _p, d in near]
    assert distances == sorted(distances)
    assert all(d <= 15 for d in distances)
    assert any(p.name == "OX1" for p, _d in near)


def test_the_map_draws_both_regions_joins_a_link_and_names_each_place() -> None:
    svg = render_map(
        [
            MapPoint("a", 51.752, -1.258, "Oxford", "GB", url="/places/1/"),
            MapPoint("b", 31.62, 35.12, "Beit Ummar", "PS", title="Beit Ummar, Hebron"),
        ],
        [MapLink("a", "b", "Oxford – Beit Ummar")],
    )
    assert svg.startswith("<svg")
    assert svg.count("<circle") == 2
    assert "<title>Oxford – Beit Ummar</title>" in svg
    assert "<title>Beit Ummar, Hebron</title>" in svg
    assert 'href="/places/1/"' in svg
    # its places are links, so it is a group of controls, not a picture (axe: nested-interactive)
    assert 'role="group"' in svg


def test_labels_that_would_collide_are_left_out_of_the_picture() -> None:
    points = [MapPoint(str(i), 51.75 + i * 0.001, -1.25, f"Place {i}", "GB") for i in range(20)]
    svg = render_map(points, regions=("GB",))
    assert svg.count("<circle") == 20
    assert 1 <= svg.count("<text") < 20


def test_names_on_the_map_are_escaped() -> None:
    svg = render_map([MapPoint("x", 51.5, -0.1, "<script>alert(1)</script>", "GB")])
    assert "<script>" not in svg


@pytest.mark.django_db
def test_a_place_page_shows_its_map_and_its_arabic_name_first_in_arabic(
    client, django_assert_max_num_queries
) -> None:
    place = Place.objects.get(key="camp:aida-camp")
    # the place, the places nearby (one box query)
    with django_assert_max_num_queries(2):
        html = client.get(f"/ar/places/{place.pk}/").content.decode()
    assert "<svg" in html
    assert f'<bdi lang="ar">{place.name_ar}</bdi>' in html
    # the text alternative lists the place shown on the map
    details = html.split("<details>")[1].split("</details>")[0]
    assert place.name_ar in details
