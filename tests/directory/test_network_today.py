"""The network's front window: its live counts and the map of who is twinned with whom, from
the home page and the menu."""

import pytest

from tests.factories import GroupFactory, PartnerFactory
from twinning.directory.models import Link
from twinning.places.models import Place


def _counts(html: str) -> str:
    start = html.index('<ul class="network-counts">')
    return html[start : html.index("</ul>", start)]


def test_the_home_page_counts_the_public_network_and_leads_to_the_map(cast, client):
    html = client.get("/").content.decode()
    counts = _counts(html)
    assert "<strong>1</strong> twinning link" in counts
    assert "<strong>2</strong> British groups" in counts
    assert "<strong>2</strong> Palestinian partners" in counts
    # Oxford and Bayt Ummar, the two ends of the one public link
    assert "<strong>2</strong> places twinned" in counts
    assert 'href="/twinned/">See who is twinned with whom, on the map</a>' in html
    assert client.get("/twinned/").status_code == 200


def test_the_counts_follow_the_directory_and_leave_out_what_the_public_may_not_know(cast, client):
    client.get("/")  # counted once, kept until the directory changes
    hidden_place = Place.objects.filter(country="PS", name="Jenin").first()
    sensitive = PartnerFactory(name="A village that asked not to be named", sensitive=True)
    sensitive.place = hidden_place
    sensitive.save()
    Link.objects.create(group=cast.group_b, partner=sensitive, kind="friendship", status="active")
    Link.objects.create(group=cast.group_b, partner=cast.partner, kind="school", status="proposed")
    counts = _counts(client.get("/").content.decode())
    assert "<strong>2</strong> twinning links" in counts  # the proposed one is not public
    assert "<strong>3</strong> Palestinian partners" in counts
    # Leeds has no place; the sensitive partner's village is not counted
    assert "<strong>2</strong> places twinned" in counts


def test_the_menu_offers_who_is_twinned_with_whom_to_everyone(cast, client):
    for path in ("/", "/ar/"):
        html = client.get(path).content.decode()
        nav = html[html.index("<nav") : html.index("</nav>")]
        assert 'href="/twinned/"' in nav or 'href="/ar/twinned/"' in nav, path


def test_the_network_today_reads_in_arabic(cast, client):
    html = client.get("/ar/").content.decode()
    counts = _counts(html)
    assert "twinning link" not in counts and "places twinned" not in counts
    assert 'href="/ar/twinned/"' in html


@pytest.mark.django_db
def test_the_home_page_asks_the_database_once_between_changes(
    client, django_assert_max_num_queries
):
    GroupFactory(name="Bristol friends of Nablus")
    client.get("/")
    with django_assert_max_num_queries(1):  # the directory's revision: the counts are kept
        assert client.get("/").status_code == 200


def test_a_group_page_and_a_partner_page_lead_to_the_map_of_who_is_twinned_with_whom(
    cast, client
) -> None:
    for url in (cast.group_a.get_absolute_url(), cast.partner.get_absolute_url()):
        assert 'href="/twinned/"' in client.get(url).content.decode()
        assert 'href="/ar/twinned/"' in client.get(f"/ar{url}").content.decode()
