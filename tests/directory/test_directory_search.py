"""One directory search, on SQLite FTS5 or PostgreSQL full-text search, tolerant of spelling."""

import pytest
from django.utils import translation

from tests.conftest import client_for
from tests.factories import GroupFactory, PartnerFactory
from twinning.directory.models import Link
from twinning.directory.search import search_ids
from twinning.directory.services import partner_update
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


def test_a_partner_is_found_by_another_spelling_of_its_place(cast) -> None:
    for query in ("Beit Ummar", "Bayt Ummar", "ummar", "مجلس بيت أمر", "Hebron"):
        assert cast.partner.pk in search_ids(query, "partner"), query


def test_every_word_must_match(cast) -> None:
    assert cast.group_a.pk in search_ids("Oxford friends", "group")
    assert cast.group_a.pk not in search_ids("Oxford cricket", "group")


def test_descriptions_are_searched_and_changes_are_indexed_at_once(cast) -> None:
    assert cast.group_a.pk not in search_ids("olive harvest", "group")
    group = cast.group_a
    group.description = "We help with the olive harvest every October."
    group.save()
    assert group.pk in search_ids("olive harvest", "group")


def test_links_are_found_by_either_side(cast) -> None:
    assert cast.link.pk in search_ids("Oxford", "link")
    assert cast.link.pk in search_ids("Bayt Ummar", "link")


def test_a_sensitive_partner_is_found_only_by_its_kind_and_governorate(cast) -> None:
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    assert cast.partner.pk not in search_ids("Ummar", "partner")
    # the group's own name mentions Beit Ummar; the partner's Arabic name must not be found
    assert cast.link.pk not in search_ids("مجلس بيت أمر", "link")
    assert cast.partner.pk in search_ids("Hebron", "partner")


def test_groups_waiting_for_review_and_proposed_links_are_not_found(cast) -> None:
    pending = GroupFactory(name="Secret Pending Friends", status="pending")
    assert pending.pk not in search_ids("Secret Pending", "group")
    proposed = Link.objects.create(group=cast.group_b, partner=cast.partner, status="proposed")
    assert proposed.pk not in search_ids("Leeds Jenin", "link")


@pytest.mark.parametrize("query", ['"', "*", "a OR b", "NEAR(", "\x00", "x" * 500, "-- ;", "'"])
def test_odd_queries_never_break_the_search(cast, client, query: str) -> None:
    assert isinstance(search_ids(query, "group"), list)
    assert client.get("/groups/", {"q": query}).status_code == 200
    assert client.get("/links/", {"q": query}).status_code == 200


def _twinned(group_name: str, partner_name: str, place: str) -> None:
    """A group in Britain twinned with a partner at a Palestinian place its names do not say."""
    Link.objects.create(
        group=GroupFactory(name=group_name, place=Place.objects.get(country="GB", name="Glasgow")),
        partner=PartnerFactory(
            name=partner_name, name_ar="", place=Place.objects.filter(country="PS", name=place)[0]
        ),
        status="active",
    )


def _found(query: str) -> dict[str, str]:
    client = client_for(None)
    return {
        page: client.get(f"/{page}/", {"q": query}).content.decode()
        for page in ("groups", "partners", "links")
    }


@pytest.mark.parametrize(
    ("query", "group", "partner"),
    [
        ("Betlehem", "Glasgow Friends", "Nativity council"),
        ("بيت لحم", "Glasgow Friends", "Nativity council"),
        ("نابلس", "Dundee Twinning", "Old City council"),
        # Beit Ummar is in the governorate of Hebron, al-Khalil
        ("الخليل", "Oxford Friends of Beit Ummar", "Beit Ummar council"),
        ("Hebron", "Oxford Friends of Beit Ummar", "Beit Ummar council"),
    ],
)
def test_groups_partners_and_links_are_all_found_by_a_twins_place_as_people_type_it(
    cast, query: str, group: str, partner: str
) -> None:
    _twinned("Glasgow Friends", "Nativity council", "Bethlehem")
    _twinned("Dundee Twinning", "Old City council", "Nablus")
    found = _found(query)
    for page in ("groups", "partners", "links"):
        assert group in found[page] or page == "partners", (page, query)
        assert partner in found[page] or page == "groups", (page, query)
    others = {"Glasgow Friends", "Dundee Twinning", "Oxford Friends of Beit Ummar"} - {group}
    assert not any(other in found["groups"] for other in others), query


@pytest.mark.parametrize("query", ["St Mary’s", "St Mary's", "“St Mary’s”", "«Mary’s»"])
def test_quotes_and_apostrophes_of_any_kind_find_the_same_names(cast, query: str) -> None:
    _twinned("St Mary's Friends", "Al-Khalil Girls’ School", "Hebron")
    found = _found(query)
    assert "St Mary&#x27;s Friends" in found["groups"]
    assert "Al-Khalil Girls’ School" in found["partners"]  # its link's group is St Mary's
    assert "St Mary&#x27;s Friends" in found["links"]
    assert "Girls’ School" in _found("girls' school")["partners"]


def test_an_entry_saved_in_arabic_is_found_in_english_too(cast) -> None:
    with translation.override("ar"):
        partner_update(actor=cast.coordinator, partner=cast.partner, values={"name": "Council"})
    for query in ("Hebron", "الخليل", "village council", "مجلس قروي"):
        assert cast.partner.pk in search_ids(query, "partner"), query


def test_a_description_in_both_scripts_is_found_by_its_words_in_either(cast) -> None:
    group = cast.group_a
    group.description = "Friends of the olive harvest, أصدقاء قطف الزيتون"
    group.save()
    for query in ("olive harvest", "قطف الزيتون", "olive الزيتون"):
        assert group.pk in search_ids(query, "group"), query


def test_a_sensitive_partner_is_not_found_by_its_links_nor_its_group_by_its_name(cast) -> None:
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    assert cast.partner.pk not in search_ids("Oxford", "partner")
    assert cast.group_a.pk not in search_ids("مجلس بيت أمر", "group")
    # what the public sees of it, its governorate, still leads to its group
    assert cast.group_a.pk in search_ids("الخليل", "group")


def test_the_list_pages_search_with_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries
) -> None:
    client = client_for(None)
    # the search, the count, one page, the interests offered in the filter
    with django_assert_max_num_queries(4):
        html = client.get("/partners/", {"q": "Bayt Ummar"}).content.decode()
    assert "Beit Ummar council" in html
    assert "Jenin camp centre" not in html
    # the same, and the counties offered in the filter
    with django_assert_max_num_queries(5):
        html = client.get("/groups/", {"q": "oxford"}).content.decode()
    assert "Oxford Friends of Beit Ummar" in html
    assert "Leeds Jenin Link" not in html
    # a group found by its twin's place costs the same
    with django_assert_max_num_queries(5):
        html = client.get("/groups/", {"q": "الخليل"}).content.decode()
    assert "Oxford Friends of Beit Ummar" in html
    # the search, the count, one page, the interests offered in the filter
    with django_assert_max_num_queries(5):
        assert "Oxford Friends" in client.get("/links/", {"q": "ummar"}).content.decode()
