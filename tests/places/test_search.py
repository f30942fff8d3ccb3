import csv

import pytest

from twinning.places.loader import FILES
from twinning.places.models import Place
from twinning.places.search import postcode_district, search_places

pytestmark = pytest.mark.django_db


def _camps() -> list[dict]:
    with FILES["ps_refugee_camps"].open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_all_27_refugee_camps_are_loaded_19_in_the_west_bank_and_8_in_gaza() -> None:
    camps = Place.objects.filter(kind="refugee_camp")
    assert camps.count() == 27
    gaza = {"north-gaza", "gaza", "deir-al-balah", "khan-yunis", "rafah"}
    assert camps.filter(governorate__in=gaza).count() == 8


@pytest.mark.parametrize("camp", _camps(), ids=lambda camp: camp["slug"])
def test_every_camp_is_found_by_at_least_two_common_spellings(camp: dict) -> None:
    spellings = [camp["name"], *camp["alt_names"].split("|")]
    found = [
        s
        for s in spellings
        if any(p.key == f"camp:{camp['slug']}" for p in search_places(s, limit=10))
    ]
    assert len(found) >= 2, (camp["name"], spellings, found)


@pytest.mark.parametrize("camp", _camps(), ids=lambda camp: camp["slug"])
def test_every_camp_is_found_by_its_arabic_name(camp: dict) -> None:
    results = search_places(camp["name_ar"], limit=10)
    assert any(p.key == f"camp:{camp['slug']}" for p in results), camp["name_ar"]


def test_an_exact_name_comes_before_names_that_only_start_with_it() -> None:
    results = search_places("Nablus", country="PS")
    assert results[0].name == "Nablus"


def test_a_village_is_found_without_its_exact_spelling() -> None:
    from twinning.places.text import skeleton

    for spelling in ("Bayt Sahur", "Beit Sahour", "Bet Sahur", "بيت ساحور"):
        found = search_places(spelling, country="PS", limit=5)
        assert any(skeleton(p.name) == "btshr" for p in found), (spelling, [p.name for p in found])


def test_arabic_queries_find_arabic_names() -> None:
    results = search_places("رام الله", limit=5)
    assert any(p.name_ar and "رام" in p.name_ar for p in results)


def test_no_excluded_settlement_is_offered() -> None:
    from twinning.places.loader import excluded_keys

    keys = excluded_keys()
    assert len(keys) >= 20
    assert not Place.objects.offered().filter(key__in=keys).exists()
    for name in ("Ariel", "Ma'ale Adummim", "Modiin Illit", "Beitar Illit", "Efrata"):
        assert all(p.key not in keys for p in search_places(name, country="PS"))


def test_a_hidden_place_is_not_offered() -> None:
    place = search_places("Jenin", country="PS")[0]
    place.hidden = True
    place.save(update_fields=["hidden"])
    assert place not in search_places("Jenin", country="PS")


@pytest.mark.parametrize("query", ["OX1 2JD", "ox12jd", "OX1", "ox1"])
def test_a_postcode_finds_its_district(query: str) -> None:
    assert search_places(query)[0].name == "OX1"


def test_postcode_queries_are_read_as_districts() -> None:
    assert postcode_district("LS6 3AB") == ("LS6", True)
    assert postcode_district("EC1A 1BB") == ("EC1A", True)
    assert postcode_district("Leeds") is None


def test_british_towns_are_found_by_name_with_their_county() -> None:
    place = search_places("Oxford", country="GB")[0]
    assert place.name == "Oxford"
    assert place.nation == "england"


def test_every_palestinian_place_has_a_governorate() -> None:
    assert not Place.objects.filter(country="PS", governorate="").exists()


@pytest.mark.parametrize("spelling", ["Al-Bireh", "el Bireh", "Bira", "البيرة"])
def test_short_names_are_found_by_their_common_spellings(spelling: str) -> None:
    assert any(p.name == "Al Birah" for p in search_places(spelling, country="PS", limit=5))
