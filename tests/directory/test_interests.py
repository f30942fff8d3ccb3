import re

import pytest

from tests.conftest import KEEP_PLACE, client_for
from twinning.directory.models import Interest
from twinning.directory.search import search_ids

pytestmark = pytest.mark.django_db


def test_the_network_s_interests_exist_in_both_languages() -> None:
    water = Interest.objects.get(slug="water")
    assert (water.name, water.name_ar) == ("Water", "المياه")
    assert Interest.objects.count() >= 15


def test_an_organiser_ticks_interests_and_links_can_be_filtered_and_searched_by_them(
    cast, client
) -> None:
    farming, water = Interest.objects.filter(slug__in=["farming", "water"]).order_by("slug")
    client_for(cast.organiser).post(
        "/groups/group-a/edit/",
        {
            "name": "Oxford Friends of Beit Ummar",
            "kind": "friendship_group",
            "interests": [farming.pk, water.pk],
            **KEEP_PLACE,
        },
    )
    assert set(cast.group_a.interests.values_list("slug", flat=True)) == {"farming", "water"}
    page = client.get("/groups/group-a/").content.decode()
    assert "Farming, Water" in re.sub(r"<[^>]+>", "", page)
    assert "Oxford Friends" in client.get("/links/", {"interest": "water"}).content.decode()
    assert "Oxford Friends" not in client.get("/links/", {"interest": "sport"}).content.decode()
    assert cast.group_a.pk in search_ids("farming", "group")
    assert cast.group_a.pk in search_ids("الزراعة", "group")


def test_an_unknown_interest_is_a_clear_error_not_a_crash(cast, client) -> None:
    response = client.get("/links/", {"interest": "no-such-thing"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
