"""Filtering the public lists of groups, partners and links."""

import pytest

from tests.conftest import client_for
from twinning.directory.models import Interest
from twinning.directory.services import partner_update

pytestmark = pytest.mark.django_db


def _names(path: str, **query) -> str:
    response = client_for(None).get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def test_groups_can_be_filtered_by_kind_nation_county_and_interest(cast) -> None:
    cast.group_a.kind = "school"
    cast.group_a.save()
    cast.group_a.interests.add(Interest.objects.get(slug="farming"))
    county = cast.group_a.place.county
    assert county, "Oxford has a county in the gazetteer"
    for query in (
        {"kind": "school"},
        {"nation": "england"},
        {"county": county},
        {"interest": "farming"},
    ):
        html = _names("/groups/", **query)
        assert "Oxford Friends of Beit Ummar" in html, query
        assert "Leeds Jenin Link" not in html, query
    assert "Oxford Friends" not in _names("/groups/", kind="church")


def test_partners_can_be_filtered_by_kind_governorate_and_interest(cast) -> None:
    cast.partner.interests.add(Interest.objects.get(slug="water"))
    for query in ({"governorate": "hebron"}, {"interest": "water"}):
        html = _names("/partners/", **query)
        assert "Beit Ummar council" in html, query
        assert "Jenin camp centre" not in html, query


def test_a_sensitive_partners_interests_do_not_find_it(cast) -> None:
    cast.partner.interests.add(Interest.objects.get(slug="water"))
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    assert cast.partner.slug not in _names("/partners/", interest="water")
    # its kind and governorate are public, and still find it
    assert cast.partner.slug in _names("/partners/", governorate="hebron")


def test_links_can_be_filtered_by_the_groups_county(cast) -> None:
    html = _names("/links/", county=cast.group_a.place.county)
    assert "Oxford Friends of Beit Ummar" in html
    assert "Oxford Friends" not in _names("/links/", county="Cornwall")


def test_an_unknown_filter_value_is_explained_and_the_list_still_shows(cast) -> None:
    html = _names("/groups/", kind="spaceship")
    assert "Select a valid choice" in html


def _link_order(html: str, *names: str) -> list[str]:
    return sorted(names, key=html.index)


def test_links_are_listed_by_partner_and_follow_a_renamed_partner(cast) -> None:
    from twinning.directory.models import Link, Partner

    jenin = Partner.objects.get(slug="partner-q")
    Link.objects.create(group=cast.group_b, partner=jenin, status="active")
    html = _names("/links/")
    assert _link_order(html, "Beit Ummar council", "Jenin camp centre") == [
        "Beit Ummar council",
        "Jenin camp centre",
    ]
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"name": "Zububa council"})
    html = _names("/links/")
    assert _link_order(html, "Zububa council", "Jenin camp centre") == [
        "Jenin camp centre",
        "Zububa council",
    ]


def test_links_of_a_sensitive_partner_come_last_whatever_its_name(cast) -> None:
    from twinning.directory.models import Link, Partner

    jenin = Partner.objects.get(slug="partner-q")
    Link.objects.create(group=cast.group_b, partner=jenin, status="active")
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    html = _names("/links/")
    assert "Beit Ummar council" not in html
    assert html.index("Jenin camp centre") < html.index("Oxford Friends of Beit Ummar")


def test_links_filtered_by_governorate_follow_a_partner_that_moves(cast) -> None:
    from twinning.places.models import Place

    assert "Oxford Friends of Beit Ummar" in _names("/links/", governorate="hebron")
    jenin = Place.objects.filter(governorate="jenin").first()
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"place": jenin})
    assert "Oxford Friends of Beit Ummar" not in _names("/links/", governorate="hebron")
    assert "Oxford Friends of Beit Ummar" in _names("/links/", governorate="jenin")


def test_links_follow_a_place_whose_governorate_is_corrected(cast) -> None:
    place = cast.partner.place
    place.governorate = "bethlehem"
    place.save()  # as in the admin
    assert "Oxford Friends of Beit Ummar" in _names("/links/", governorate="bethlehem")
    assert "Oxford Friends of Beit Ummar" not in _names("/links/", governorate="hebron")


def test_links_follow_the_gazetteer_when_it_is_reloaded(cast) -> None:
    from django.core.management import call_command

    from twinning.directory.models import Link

    Link.objects.update(governorate="")  # as if the reload had changed every place
    call_command("places", "load", stdout=__import__("io").StringIO())
    assert "Oxford Friends of Beit Ummar" in _names("/links/", governorate="hebron")


def test_a_search_that_finds_no_group_says_so_and_offers_every_group(cast, client) -> None:
    html = client.get("/groups/", {"q": "Zzyzx"}).content.decode()
    assert "No group matches your search." in html and "No groups yet." not in html
    assert 'href="/groups/">Show every group</a>' in html
    arabic = client.get("/ar/partners/", {"q": "Zzyzx"}).content.decode()
    assert "No partner matches your search." not in arabic  # it reads in Arabic
    assert 'href="/ar/partners/"' in arabic and "No partners yet." not in arabic
