import pytest

from tests.conftest import client_for


@pytest.mark.django_db
def test_the_api_describes_itself_in_openapi(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Twinning API"
    assert "/api/v1/groups/{slug}" in schema["paths"]


@pytest.mark.django_db
def test_the_api_says_who_you_are_only_when_you_are_signed_in(cast, client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in to use this route."}
    me = client_for(cast.advisor).get("/api/v1/me").json()
    assert me["email"] == "advisor@example.org"
    assert me["roles"] == ["member", "advisor"]


@pytest.mark.django_db
def test_a_groups_members_are_listed_to_its_members_without_emails(cast) -> None:
    members = client_for(cast.member).get("/api/v1/groups/group-a/members").json()
    assert {"name": "Olivia Organiser", "role": "organiser"} in members
    assert "example.org" not in str(members)


@pytest.mark.django_db
def test_another_groups_organiser_gets_404_and_a_stranger_403_from_the_api(cast) -> None:
    assert client_for(cast.other_organiser).get("/api/v1/groups/group-a/members").status_code == 404
    response = client_for(cast.stranger).get("/api/v1/groups/group-a/members")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_missing_group_is_a_404_with_a_reason(client) -> None:
    response = client.get("/api/v1/groups/no-such-group")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_group_list_is_paginated_with_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
) -> None:
    from tests.factories import GroupFactory

    GroupFactory.create_batch(60)
    # count, one page of groups
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/groups").json()
    assert body["count"] == 62
    assert len(body["items"]) == 50


@pytest.mark.django_db
def test_the_schema_documents_the_refusals_a_private_route_can_give(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/groups/{slug}/members"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(responses)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/groups?page=200000000000000000",
        "/api/v1/partners?page=0",
        "/api/v1/groups?page=abc",
        "/api/v1/groups?page_size=100000",
        "/api/v1/groups/a%00b",
        "/api/v1/partners/a%00b",
        "/api/v1/groups/x%00/members",
    ],
)
def test_bad_api_input_gets_a_4xx_with_a_reason_never_a_500(cast, url: str) -> None:
    response = client_for(cast.member).get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_groups_member_list_costs_the_same_queries_for_a_large_group(
    cast, django_assert_max_num_queries
) -> None:
    from tests.factories import GroupRoleFactory, UserFactory

    for user in UserFactory.create_batch(30):
        GroupRoleFactory(group=cast.group_a, user=user)
    client = client_for(cast.member)
    # session, user, the group, organiser check, membership check,
    # the memberships with their people
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/groups/group-a/members").json()) == 32


def test_the_directory_api_lists_filter_like_the_pages(cast, client) -> None:
    group = cast.group_a
    group.kind = "school"
    group.save()
    names = [g["name"] for g in client.get("/api/v1/groups?kind=school").json()["items"]]
    assert names == ["Oxford Friends of Beit Ummar"]
    oxford = client.get("/api/v1/groups?q=oxford").json()["items"]
    assert [g["slug"] for g in oxford] == ["group-a"]
    partners = client.get("/api/v1/partners?governorate=hebron").json()["items"]
    assert [p["slug"] for p in partners] == ["partner-p"]
    assert client.get("/api/v1/links?q=ummar").json()["count"] == 1
    assert client.get("/api/v1/links?q=zzzz").json()["count"] == 0


def test_a_bad_filter_gets_422_with_the_reason(cast, client) -> None:
    response = client.get("/api/v1/groups?interest=no-such-interest")
    assert response.status_code == 422
    assert "interest" in response.json()["detail"]
    assert client.get("/api/v1/partners?kind=spaceship").status_code == 422


@pytest.mark.django_db
def test_the_api_lists_cost_the_same_queries_with_10_and_with_1000_rows(
    cast, django_assert_max_num_queries
) -> None:
    from twinning.directory.models import Group, Link, Partner

    def grow_to(total: int) -> None:
        start = Link.objects.count()
        n = total - start
        groups = Group.objects.bulk_create(
            Group(name=f"Bulk group {start + i}", slug=f"bulk-g-{start + i}") for i in range(n)
        )
        partners = Partner.objects.bulk_create(
            # every third one sensitive, so each row asks who may see it in full
            Partner(
                name=f"Bulk partner {start + i}", slug=f"p-bulk{start + i}", sensitive=i % 3 == 0
            )
            for i in range(n)
        )
        links = [
            Link(group=g, partner=p, status="active") for g, p in zip(groups, partners, strict=True)
        ]
        for link in links:
            link.fill_listing()
        Link.objects.bulk_create(links)

    anonymous, contact = client_for(None), client_for(cast.partner_contact)
    for total in (10, 1000):
        grow_to(total)
        # count, one page of links with both sides and their places
        with django_assert_max_num_queries(2):
            assert anonymous.get("/api/v1/links").json()["count"] == total
        # the same, with the session and its user, and the partners this person speaks for
        with django_assert_max_num_queries(5):
            assert contact.get("/api/v1/links").json()["count"] == total
        with django_assert_max_num_queries(5):
            assert contact.get("/api/v1/partners").status_code == 200
        with django_assert_max_num_queries(2):
            assert anonymous.get("/api/v1/groups").json()["count"] >= total
