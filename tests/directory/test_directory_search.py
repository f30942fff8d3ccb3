"""One directory search, on SQLite FTS5 or PostgreSQL full-text search, tolerant of spelling."""

import pytest

from tests.conftest import client_for
from tests.factories import GroupFactory
from twinning.directory.models import Link
from twinning.directory.search import search_ids
from twinning.directory.services import partner_update

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
    # the search, the count, one page, the interests offered in the filter
    with django_assert_max_num_queries(5):
        assert "Oxford Friends" in client.get("/links/", {"q": "ummar"}).content.decode()
