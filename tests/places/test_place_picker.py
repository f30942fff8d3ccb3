"""Choosing a place in a form, by any spelling, without JavaScript."""

import pytest

from tests.conftest import KEEP_PLACE
from twinning.directory.models import Group

pytestmark = pytest.mark.django_db

FORM = {"name": "Oxford Friends of Beit Ummar", "kind": "friendship_group", "description": ""}


def test_an_exact_name_is_taken_at_once(cast, organiser_client) -> None:
    organiser_client.post(
        "/groups/group-a/edit/", {**FORM, "place_q": "Dundee", "place_was": "Oxford"}
    )
    assert Group.objects.get(pk=cast.group_a.pk).place.name == "Dundee"


def test_a_postcode_is_taken_as_its_district(cast, organiser_client) -> None:
    organiser_client.post("/groups/group-a/edit/", {**FORM, "place_q": "ls6 3ab", "place_was": ""})
    assert Group.objects.get(pk=cast.group_a.pk).place.name == "LS6"


def test_several_matches_come_back_as_choices_and_the_choice_is_kept(
    cast, organiser_client
) -> None:
    response = organiser_client.post(
        "/groups/group-a/edit/", {**FORM, "place_q": "Kennington", "place_was": ""}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Several places match" in html
    assert html.count('type="radio" name="place"') >= 2
    chosen = response.context["form"]["place"].field.widget.get_context(
        "place", {"q": "Kennington", "was": "", "id": ""}, {}
    )["widget"]["options"][1]
    organiser_client.post(
        "/groups/group-a/edit/",
        {**FORM, "place_q": "Kennington", "place_was": "Kennington", "place": chosen.pk},
    )
    assert Group.objects.get(pk=cast.group_a.pk).place == chosen


def test_a_palestinian_place_is_not_offered_for_a_british_group(cast, organiser_client) -> None:
    response = organiser_client.post(
        "/groups/group-a/edit/", {**FORM, "place_q": "Nablus", "place_was": ""}
    )
    assert response.status_code == 422
    assert "No place matches" in response.content.decode()


def test_leaving_the_place_as_it_is_keeps_it(cast, organiser_client) -> None:
    organiser_client.post("/groups/group-a/edit/", {**FORM, **KEEP_PLACE})
    assert Group.objects.get(pk=cast.group_a.pk).place.name == "Oxford"
