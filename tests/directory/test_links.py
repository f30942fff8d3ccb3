import pytest
from django.core.exceptions import ValidationError

from tests.conftest import client_for
from tests.factories import GroupFactory, PartnerFactory
from twinning.core.models import AuditEntry
from twinning.directory.models import Link
from twinning.directory.services import link_propose, link_set_status

pytestmark = pytest.mark.django_db


def test_a_link_goes_from_proposed_to_active_to_dormant_and_back_with_its_history(cast) -> None:
    link = link_propose(
        actor=cast.coordinator, group=cast.group_b, partner=cast.partner, kind="friendship"
    )
    assert link.status == "proposed"
    link_set_status(actor=cast.coordinator, link=link, status="active")
    link_set_status(
        actor=cast.coordinator, link=link, status="dormant", reason="No visits since 2020"
    )
    link = link_set_status(actor=cast.coordinator, link=link, status="active")
    assert link.started_on is not None
    steps = list(link.status_changes.values_list("from_status", "to_status"))
    assert steps == [
        ("", "proposed"),
        ("proposed", "active"),
        ("active", "dormant"),
        ("dormant", "active"),
    ]
    assert AuditEntry.objects.filter(action="link.status_changed").count() == 3


def test_an_ended_link_stays_ended_and_says_why_not(cast) -> None:
    link = link_set_status(
        actor=cast.coordinator, link=cast.link, status="ended", reason="Council vote"
    )
    assert link.ended_on is not None
    with pytest.raises(ValidationError, match="cannot become"):
        link_set_status(actor=cast.coordinator, link=link, status="active")


def test_a_group_and_partner_cannot_be_linked_twice_while_the_first_link_lives(cast) -> None:
    with pytest.raises(ValidationError, match="already linked"):
        link_propose(
            actor=cast.coordinator, group=cast.group_a, partner=cast.partner, kind="school"
        )


def test_a_proposed_link_is_hidden_from_the_public_but_seen_by_both_sides(cast, client) -> None:
    link = link_propose(
        actor=cast.coordinator, group=cast.group_b, partner=cast.partner, kind="friendship"
    )
    assert client.get(f"/links/{link.pk}/").status_code == 404
    assert client_for(cast.other_organiser).get(f"/links/{link.pk}/").status_code == 200
    assert client_for(cast.partner_contact).get(f"/links/{link.pk}/").status_code == 200
    assert client_for(cast.organiser).get(f"/links/{link.pk}/").status_code == 404
    assert "Leeds Jenin Link" not in client.get("/twinned/").content.decode()


def test_the_overview_says_who_is_twinned_with_whom(cast, client) -> None:
    other = GroupFactory(name="Hackney Friends")
    link_propose(actor=None, group=other, partner=cast.partner, kind="friendship", status="active")
    html = client.get("/twinned/").content.decode()
    assert "West Bank" in html
    assert "is linked with" in html
    assert "Oxford Friends of Beit Ummar" in html and "Hackney Friends" in html
    assert "<svg" in html


def test_the_link_page_shows_both_places_on_one_map_and_the_story(cast, client) -> None:
    html = client.get(f"/links/{cast.link.pk}/").content.decode()
    assert html.count("<circle") == 2
    assert "Since 2005." in html


def test_link_lists_cost_the_same_queries_with_10_and_with_1000_links(
    cast, client, django_assert_max_num_queries
) -> None:
    from twinning.directory.models import Group, Partner

    def make(n: int) -> None:
        start = Group.objects.count()
        groups = Group.objects.bulk_create(
            [Group(name=f"Bulk group {start + i}", slug=f"bulk-g-{start + i}") for i in range(n)]
        )
        partners = Partner.objects.bulk_create(
            [
                Partner(name=f"Bulk partner {start + i}", slug=f"bulk-p-{start + i}")
                for i in range(n)
            ]
        )
        links = [
            Link(group=g, partner=p, status="active") for g, p in zip(groups, partners, strict=True)
        ]
        for link in links:
            link.fill_listing()  # as save() would: listed, so every page shows them
        Link.objects.bulk_create(links)

    make(10)
    # count for the paginator, one page of links with both sides and their places,
    # the interests and the counties offered in the filter
    with django_assert_max_num_queries(4):
        assert client.get("/links/").status_code == 200
    make(990)
    with django_assert_max_num_queries(4):
        assert client.get("/links/?status=active").status_code == 200
    # the directory's revision, every link's section and partner (one narrow
    # query), then the links shown with both sides and places (one query), however
    # many there are; once built, the revision alone
    with django_assert_max_num_queries(3):
        html = client.get("/twinned/").content.decode()
    assert "Bulk partner" in html
    assert "more partners" in html  # a section shows its first 200
    with django_assert_max_num_queries(1):
        assert client.get("/twinned/").status_code == 200


def test_an_organiser_proposes_a_link_and_the_partners_contact_makes_it_active(cast) -> None:
    organiser = client_for(cast.other_organiser)
    response = organiser.post(
        "/groups/group-b/links/new/",
        {"partner": cast.partner.pk, "kind": "friendship", "story": "We met in 2024."},
    )
    link = Link.objects.get(group=cast.group_b)
    assert response["Location"] == f"/links/{link.pk}/"
    assert link.status == "proposed"
    contact = client_for(cast.partner_contact)
    assert "Say yes: make the link active" in contact.get(f"/links/{link.pk}/").content.decode()
    contact.post(f"/links/{link.pk}/status/", {"status": "active", "reason": "We agree"})
    link.refresh_from_db()
    assert link.status == "active"


def test_proposing_a_link_that_exists_redisplays_the_form_with_the_reason(cast) -> None:
    response = client_for(cast.organiser).post(
        "/groups/group-a/links/new/", {"partner": cast.partner.pk, "kind": "school"}
    )
    assert response.status_code == 422
    assert "already linked" in response.content.decode()


def test_a_step_a_link_cannot_take_is_refused_with_a_message(cast) -> None:
    client = client_for(cast.coordinator)
    client.post(f"/links/{cast.link.pk}/status/", {"status": "ended"})
    response = client.post(f"/links/{cast.link.pk}/status/", {"status": "active"}, follow=True)
    assert "Choose the link" in response.content.decode()
    cast.link.refresh_from_db()
    assert cast.link.status == "ended"


def test_the_links_api_filters_and_costs_the_same_queries_however_many_links(
    cast, client, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        Link.objects.create(group=GroupFactory(), partner=PartnerFactory(), status="dormant")
    # count, one page of links with both sides and their places
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/links", {"status": "dormant"}).json()
    assert body["count"] == 30
    assert client.get("/api/v1/links", {"status": "sleeping"}).status_code == 422
    one = client.get(f"/api/v1/links/{cast.link.pk}").json()
    assert one["group"]["name"] == "Oxford Friends of Beit Ummar"
    assert one["partner"]["name"] == "Beit Ummar council"


def test_the_overview_is_rebuilt_as_soon_as_the_directory_changes_however_it_changes(
    cast, client
) -> None:
    assert "Beit Ummar council" in client.get("/twinned/").content.decode()
    partner = cast.partner
    partner.sensitive = True
    partner.save()  # as the admin would: no service, no history entry
    assert "Beit Ummar council" not in client.get("/twinned/").content.decode()


def test_a_section_of_the_overview_shows_at_most_its_limit_and_says_how_many_more() -> None:
    from twinning.directory.maps import overview_plan

    # (link, kind, governorate, partner): 205 schools, the first with two links
    rows = [(1000, "school", "", 0)] + [(i, "school", "", i) for i in range(205)]
    [section] = overview_plan(rows, limit=200)
    assert len(section["entries"]) == 200
    assert section["entries"][0] == [1000, 0]
    assert section["more"] == 5
    assert section["kind"] == "school"


def test_the_overview_puts_links_in_gaza_apart_and_schools_in_their_own_section() -> None:
    from twinning.directory.maps import overview_plan

    rows = [
        (1, "friendship", "rafah", 10),
        (2, "council", "nablus", 11),
        (3, "school", "rafah", 12),
    ]
    sections = {section["key"]: section["entries"] for section in overview_plan(rows)}
    assert sections == {"gaza": [[1]], "west-bank": [[2]], "school": [[3]]}
