"""'Add a partner': the public proposes a Palestinian partner, a coordinator reviews it."""

import pytest

from tests.conftest import client_for
from twinning.core.models import AuditEntry
from twinning.directory.models import Partner, PartnerContact
from twinning.directory.search import search_ids

pytestmark = pytest.mark.django_db

NEW_PARTNER = {
    "name": "Battir women's cooperative",
    "name_ar": "تعاونية نساء بتير",
    "kind": "cooperative",
    "place_q": "Battir",
    "place_was": "",
    "description": "Terraces, vegetables and a guest house.",
    "description_ar": "",
}


def _propose(cast, capture, **extra) -> Partner:
    with capture(execute=True):
        response = client_for(cast.stranger).post("/partners/new/", {**NEW_PARTNER, **extra})
    partner = Partner.objects.get(name="Battir women's cooperative")
    assert response["Location"] == partner.get_absolute_url()
    return partner


def test_a_proposed_partner_waits_unseen_while_coordinators_are_told(
    cast, client, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    partner = _propose(cast, django_capture_on_commit_callbacks)
    assert partner.status == "pending"
    assert partner.place.name == "Battir"
    assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
    assert client.get(partner.get_absolute_url()).status_code == 404
    assert client_for(cast.member).get(partner.get_absolute_url()).status_code == 404
    assert "Battir women" not in client.get("/partners/").content.decode()
    assert "Battir women" not in client.get("/api/v1/partners").content.decode()
    assert client.get(f"/api/v1/partners/{partner.slug}").status_code == 404
    assert partner.pk not in search_ids("Battir cooperative", "partner")
    page = client_for(cast.stranger).get(partner.get_absolute_url()).content.decode()
    assert "waits for a coordinator's review" in page
    # nor can a group link with it yet
    form = client_for(cast.organiser).get(f"/groups/{cast.group_a.slug}/links/new/")
    assert "Battir women" not in form.content.decode()


def test_approval_makes_it_public_and_its_proposer_its_contact_if_they_speak_for_it(
    cast, client, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    partner = _propose(cast, django_capture_on_commit_callbacks, speaks_for_it="on")
    coordinator = client_for(cast.coordinator)
    queue = coordinator.get("/groups/pending/").content.decode()
    assert "Battir women" in queue
    assert "Added by <bdi>Sam Stranger</bdi> (<bdi>stranger@example.org</bdi>)" in queue
    assert "who says they speak for it" in queue
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            f"/partners/{partner.slug}/review/", {"decision": "approve", "make_contact": "on"}
        )
    waiting_address = partner.get_absolute_url()
    partner.refresh_from_db()
    # random while it waited (its name's address would tell it exists); its name's now
    assert waiting_address.startswith("/partners/p-")
    assert partner.slug.startswith("battir-women")
    assert client.get(partner.get_absolute_url()).status_code == 200
    assert partner.pk in search_ids("Battir cooperative", "partner")
    assert PartnerContact.objects.filter(partner=partner, user=cast.stranger).exists()
    assert client_for(cast.stranger).get(f"/partners/{partner.slug}/edit/").status_code == 200
    assert mailoutbox[-1].to == ["stranger@example.org"]
    assert AuditEntry.objects.filter(action="partner.approved").exists()


def test_a_partner_not_accepted_stays_hidden_and_its_proposer_is_told_why(
    cast, client, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    partner = _propose(cast, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.coordinator).post(
            f"/partners/{partner.slug}/review/",
            {"decision": "reject", "reason": "Already listed as Battir council"},
        )
    assert client.get(partner.get_absolute_url()).status_code == 404
    assert "Already listed as Battir council" in mailoutbox[-1].body
    assert not PartnerContact.objects.filter(partner=partner).exists()
    # a second decision is refused, not applied twice
    response = client_for(cast.coordinator).post(
        f"/partners/{partner.slug}/review/", {"decision": "approve"}, follow=True
    )
    assert "already been reviewed" in response.content.decode()


def test_the_proposer_of_a_sensitive_partner_sees_what_they_wrote(
    cast, django_capture_on_commit_callbacks
) -> None:
    partner = _propose(cast, django_capture_on_commit_callbacks, sensitive="on")
    page = client_for(cast.stranger).get(partner.get_absolute_url()).content.decode()
    assert "Battir women" in page
    assert client_for(None).get(partner.get_absolute_url()).status_code == 404


def test_a_proposal_without_a_name_is_explained_and_keeps_what_was_typed(cast) -> None:
    response = client_for(cast.stranger).post("/partners/new/", {**NEW_PARTNER, "name": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "This field is required" in html
    assert "Terraces, vegetables and a guest house." in html
    assert not Partner.objects.filter(name_ar="تعاونية نساء بتير").exists()


def test_approving_a_partner_makes_no_one_its_contact_unless_the_coordinator_says_so(
    cast, django_capture_on_commit_callbacks
) -> None:
    partner = _propose(cast, django_capture_on_commit_callbacks, speaks_for_it="on")
    client_for(cast.coordinator).post(f"/partners/{partner.slug}/review/", {"decision": "approve"})
    assert not PartnerContact.objects.filter(partner=partner).exists()


def test_the_email_about_a_sensitive_partner_does_not_name_it(
    cast, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    _propose(cast, django_capture_on_commit_callbacks, sensitive="on")
    [message] = mailoutbox
    assert "Battir" not in message.subject + message.body
    assert "co-operative" in message.subject


def test_a_link_to_a_partner_waiting_for_review_is_not_public(
    cast, client, django_capture_on_commit_callbacks
) -> None:
    from twinning.directory.models import Link

    partner = _propose(cast, django_capture_on_commit_callbacks)
    link = Link.objects.create(group=cast.group_a, partner=partner, status="active")
    assert client.get(f"/links/{link.pk}/").status_code == 404
    assert client.get(f"/api/v1/links/{link.pk}").status_code == 404
    assert "Battir women" not in client.get("/links/").content.decode()
    assert client_for(cast.organiser).get(f"/links/{link.pk}/").status_code == 200


def test_the_same_form_sent_twice_adds_one_partner(cast) -> None:
    client = client_for(cast.stranger)
    first = client.post("/partners/new/", NEW_PARTNER)
    second = client.post("/partners/new/", NEW_PARTNER)
    assert Partner.objects.filter(name="Battir women's cooperative").count() == 1
    assert first["Location"] == second["Location"]


def test_sending_the_form_again_with_a_change_is_a_new_proposal_not_a_repeat(cast) -> None:
    client = client_for(cast.stranger)
    client.post("/partners/new/", NEW_PARTNER)
    client.post("/partners/new/", {**NEW_PARTNER, "sensitive": "on"})
    proposals = Partner.objects.filter(name="Battir women's cooperative")
    assert proposals.count() == 2
    assert proposals.filter(sensitive=True).count() == 1
