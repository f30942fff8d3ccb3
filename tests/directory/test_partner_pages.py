import pytest

from twinning.core.models import AuditEntry


@pytest.mark.django_db
def test_a_partner_contact_edits_their_page_in_both_languages(cast) -> None:
    from tests.conftest import client_for

    client = client_for(cast.partner_contact)
    response = client.post(
        "/partners/partner-p/edit/",
        {
            "name": "Beit Ummar Village Council",
            "name_ar": "مجلس قروي بيت أمر",
            "kind": "council",
            "description": "A farming village.",
            "description_ar": "قرية زراعية.",
        },
    )
    assert response.status_code == 302
    assert "قرية زراعية." in client.get("/ar/partners/partner-p/").content.decode()
    assert "A farming village." in client.get("/partners/partner-p/").content.decode()
    assert AuditEntry.objects.filter(action="partner.updated", actor=cast.partner_contact).exists()


@pytest.mark.django_db
def test_arabic_pages_show_the_arabic_name_first(cast, client) -> None:
    html = client.get("/ar/partners/").content.decode()
    assert '<bdi lang="ar">مجلس بيت أمر</bdi>' in html
    english = client.get("/partners/").content.decode()
    assert "<bdi>Beit Ummar council</bdi>" in english


@pytest.mark.django_db
def test_the_partner_list_costs_the_same_queries_for_many_partners(
    client, django_assert_max_num_queries
) -> None:
    from tests.factories import PartnerFactory

    PartnerFactory.create_batch(60)
    # count for the paginator, one page of partners, the interests offered in the filter
    with django_assert_max_num_queries(3):
        assert client.get("/ar/partners/").status_code == 200
    PartnerFactory.create_batch(940)
    with django_assert_max_num_queries(3):
        assert client.get("/ar/partners/?governorate=hebron").status_code == 200
    # count, one page of partners
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/partners").json()["count"] == 1000
