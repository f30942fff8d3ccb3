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
