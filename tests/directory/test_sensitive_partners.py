"""A sensitive partner shows the public only its kind and governorate."""

import pytest

from tests.conftest import client_for
from tests.factories import UserFactory
from twinning.directory.models import PartnerContact
from twinning.directory.services import partner_update

pytestmark = pytest.mark.django_db

CANARIES = (
    "Beit Ummar council",
    "مجلس بيت أمر",
    "Bayt Ummar",
    "SECRET-STORY",
    "partner@example.org",
)


@pytest.fixture
def sensitive(cast):
    partner = partner_update(
        actor=cast.coordinator,
        partner=cast.partner,
        values={"sensitive": True, "description": "SECRET-STORY of the council"},
    )
    PartnerContact.objects.create(partner=partner, user=UserFactory(display_name="Hidden Person"))
    return partner


def _public_pages(client, cast, partner) -> list[str]:
    urls = [
        f"/partners/{partner.slug}/",
        "/partners/",
        "/ar/partners/",
        f"/links/{cast.link.pk}/",
        "/links/",
        "/twinned/",
        "/ar/twinned/",
        f"/groups/{cast.group_a.slug}/",
        "/api/v1/partners",
        f"/api/v1/partners/{partner.slug}",
        "/links.geojson",
        "/partners/?q=Hebron",
        "/partners/?governorate=hebron&kind=council",
        "/links/?q=hebron",
        "/links/?governorate=hebron",
        "/api/v1/links",
        f"/api/v1/links/{cast.link.pk}",
        "/api/v1/groups",
    ]
    pages = [client.get(url).content.decode() for url in urls]
    pages.append(b"".join(client.get("/links.csv").streaming_content).decode())
    return pages


def test_marking_a_partner_sensitive_gives_it_a_web_address_without_its_name(sensitive) -> None:
    assert sensitive.slug.startswith("p-")
    assert "ummar" not in sensitive.slug


def test_no_public_page_or_api_names_a_sensitive_partner_its_place_or_its_people(
    cast, client, sensitive
) -> None:
    for page in _public_pages(client, cast, sensitive):
        for canary in (*CANARIES, "Hidden Person"):
            assert canary not in page, canary
    html = client.get(f"/partners/{sensitive.slug}/").content.decode()
    assert "municipality or village council" in html
    assert "Hebron" in html


def test_the_partners_own_contact_and_coordinators_still_see_everything(cast, sensitive) -> None:
    for person in (cast.partner_contact, cast.coordinator):
        html = client_for(person).get(f"/partners/{sensitive.slug}/").content.decode()
        assert "Beit Ummar council" in html
        assert "SECRET-STORY" in html


def test_the_links_api_gives_a_sensitive_partner_only_its_kind_and_governorate(
    cast, client, sensitive
) -> None:
    for url in ("/api/v1/links", f"/api/v1/links/{cast.link.pk}"):
        text = client.get(url).content.decode()
        for canary in CANARIES:
            assert canary not in text, (url, canary)
    link = client.get(f"/api/v1/links/{cast.link.pk}").json()
    assert link["partner"]["governorate"] == "hebron"
    assert link["partner"]["place"] is None


def test_a_sensitive_partners_link_story_and_reasons_stay_private(cast, client, sensitive) -> None:
    from twinning.directory.services import link_set_status

    cast.link.story = "Run by Um Ahmad, SECRET-STORY"
    cast.link.save()
    link_set_status(
        actor=cast.coordinator, link=cast.link, status="dormant", reason="SECRET-REASON"
    )
    for url in (
        f"/links/{cast.link.pk}/",
        f"/api/v1/links/{cast.link.pk}",
        "/api/v1/links",
        "/links/?q=Ahmad",
    ):
        text = client.get(url).content.decode()
        assert "Um Ahmad" not in text and "SECRET-REASON" not in text, url
    html = client_for(cast.coordinator).get(f"/links/{cast.link.pk}/").content.decode()
    assert "Um Ahmad" in html and "SECRET-REASON" in html


def test_a_partner_made_sensitive_anywhere_gets_a_nameless_web_address(cast) -> None:
    from twinning.directory.models import Partner

    partner = Partner.objects.create(name="Named Village", slug="named-village", sensitive=True)
    assert partner.slug.startswith("p-")


def test_a_sensitive_partners_own_page_does_not_list_its_british_friends(
    cast, client, sensitive
) -> None:
    html = client.get(f"/partners/{sensitive.slug}/").content.decode()
    assert "Oxford Friends" not in html
    assert "<svg" not in html


def test_links_of_a_group_no_longer_approved_leave_every_public_list(cast, client) -> None:
    cast.group_a.status = "rejected"
    cast.group_a.save()
    assert client.get(f"/links/{cast.link.pk}/").status_code == 404
    for url in ("/links/", "/twinned/", "/api/v1/links", "/links.geojson"):
        assert "Oxford Friends" not in client.get(url).content.decode(), url


# A name that starts with "p" once kept its own address: "P. Jabalia Women Committee" stayed
# at p-jabalia-women-committee, listed for anyone under its governorate.
P_NAMES = ["P. Jabalia Women Committee", "p-0123456789ab", "P 0123456789AB", "Pjabalia", "P"]


@pytest.mark.parametrize("name", P_NAMES)
def test_a_sensitive_partner_named_anything_gets_an_address_made_of_nothing_in_its_name(
    cast, name: str
) -> None:
    from django.utils.text import slugify

    from twinning.directory.models import Partner

    partner = Partner.objects.create(name=name, slug=slugify(name) or "x", sensitive=True)
    assert partner.slug != slugify(name)
    assert partner.slug_is_random
    words = [word for word in slugify(name).split("-") if len(word) > 1 and word != "p"]
    assert not any(word in partner.slug for word in words), partner.slug


def test_a_partner_made_sensitive_moves_to_a_new_address_and_the_old_one_is_not_found(
    cast, client
) -> None:
    partner = partner_update(
        actor=cast.coordinator,
        partner=cast.partner,
        values={"name": "P. Jabalia Women Committee", "place": cast.partner.place},
    )
    from twinning.directory.services.shared import unique_slug as _unique_slug

    partner.slug = _unique_slug(partner.name, model=type(partner))
    partner.save(update_fields=["slug"])
    old = f"/partners/{partner.slug}/"
    assert old == "/partners/p-jabalia-women-committee/"
    assert client.get(old).status_code == 200

    partner = partner_update(actor=cast.coordinator, partner=partner, values={"sensitive": True})
    assert client.get(old).status_code == 404  # not a redirect: that would tie the two
    assert client.get(f"/api/v1/partners/{old.split('/')[2]}").status_code == 404
    assert client.get(partner.get_absolute_url()).status_code == 200
    for page in _public_pages(client, cast, partner):
        assert "jabalia" not in page.lower()
    governorate = cast.partner.place.governorate
    for url in (f"/partners/?governorate={governorate}", "/api/v1/partners", "/api/v1/links"):
        assert "jabalia" not in client.get(url).content.decode().lower(), url
