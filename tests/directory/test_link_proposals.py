"""A link proposed by a group: it becomes active only with the partner's yes, it reaches the
partner's contacts and the coordinators by email, and it waits where coordinators work."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import GroupFactory, PartnerFactory
from twinning.directory.models import Link
from twinning.directory.models.links import NEXT_STATUSES, WHO_MAY_MOVE, LinkStatus, Side

pytestmark = pytest.mark.django_db


def _propose(cast, partner=None, *, capture, language="en") -> Link:
    """Group B's organiser proposes a link with the partner, through the page."""
    prefix = "/ar" if language == "ar" else ""
    with capture(execute=True):
        response = client_for(cast.other_organiser).post(
            f"{prefix}/groups/group-b/links/new/",
            {"partner": (partner or cast.partner).pk, "kind": "friendship"},
            follow=True,
        )
    assert response.status_code == 200
    return Link.objects.get(group=cast.group_b, partner=partner or cast.partner)


def test_an_organiser_cannot_make_their_own_proposed_link_active(
    cast, django_capture_on_commit_callbacks
) -> None:
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    organiser = client_for(cast.other_organiser)
    page = organiser.get(link.get_absolute_url()).content.decode()
    assert "Say yes: make the link active" not in page
    assert "Withdraw the proposal" in page
    assert "when the partner's contacts say yes" in page

    response = organiser.post(f"/links/{link.pk}/status/", {"status": "active"}, follow=True)
    assert "becomes active when the partner&#x27;s side says yes" in response.content.decode()
    response = organiser.post(f"/ar/links/{link.pk}/status/", {"status": "active"}, follow=True)
    assert "يصبح الرابط المقترح نشطًا" in response.content.decode()
    link.refresh_from_db()
    assert link.status == LinkStatus.PROPOSED
    assert "Leeds Jenin Link" not in client_for(None).get("/twinned/").content.decode()


def test_a_proposal_emails_the_partners_contacts_in_their_language_and_the_coordinators(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast.partner_contact.preferred_language = "ar"
    cast.partner_contact.save()
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    to = {message.to[0]: message for message in mailoutbox}
    contact = to[cast.partner_contact.email]
    assert "مجلس بيت أمر" in contact.subject and "Leeds Jenin Link" in contact.subject
    assert f"/links/{link.pk}/" in contact.body
    coordinator = to[cast.coordinator.email]
    assert coordinator.subject == "A link is proposed: Leeds Jenin Link and Beit Ummar council"
    assert "have been asked to say yes or no" in coordinator.body
    assert cast.other_organiser.email not in to  # they proposed it: the page told them


def test_the_partners_contact_says_yes_and_the_group_hears_the_link_is_active(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    mailoutbox.clear()
    contact = client_for(cast.partner_contact)
    page = contact.get(f"/ar/links/{link.pk}/").content.decode()
    assert "قل نعم: فعّل الرابط" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = contact.post(
            f"/ar/links/{link.pk}/status/", {"status": "active", "reason": "أهلاً"}, follow=True
        )
    assert "الرابط نشط" in response.content.decode()
    link.refresh_from_db()
    assert link.status == LinkStatus.ACTIVE
    assert [message.to[0] for message in mailoutbox] == [cast.other_organiser.email]
    assert "said yes: your link is active" in mailoutbox[0].subject
    assert "Leeds Jenin Link" in client_for(None).get("/twinned/").content.decode()


def test_the_partners_contact_says_no_and_both_sides_are_told(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.partner_contact).post(
            f"/links/{link.pk}/status/", {"status": "ended", "reason": "Not now"}
        )
    link.refresh_from_db()
    assert link.status == LinkStatus.ENDED
    assert [message.to[0] for message in mailoutbox] == [cast.other_organiser.email]
    assert "Reason given: Not now" in mailoutbox[0].body


def test_a_coordinator_says_yes_only_for_a_partner_with_no_contacts(
    cast, django_capture_on_commit_callbacks
) -> None:
    coordinator = client_for(cast.coordinator)
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    page = coordinator.get(link.get_absolute_url()).content.decode()
    assert "Say yes" not in page and "Close the proposal" in page
    coordinator.post(f"/links/{link.pk}/status/", {"status": "active"})
    link.refresh_from_db()
    assert link.status == LinkStatus.PROPOSED  # its contacts answer for it

    alone = PartnerFactory(name="Arura women's centre", slug="arura")
    other = _propose(cast, alone, capture=django_capture_on_commit_callbacks)
    page = coordinator.get(other.get_absolute_url()).content.decode()
    assert "has no contacts on the platform" in page
    coordinator.post(f"/links/{other.pk}/status/", {"status": "active"})
    other.refresh_from_db()
    assert other.status == LinkStatus.ACTIVE


def test_proposals_wait_on_the_review_queue_with_their_age_and_on_the_board(
    cast, django_capture_on_commit_callbacks
) -> None:
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    Link.objects.filter(pk=link.pk).update(created_at=timezone.now() - datetime.timedelta(days=12))
    coordinator = client_for(cast.coordinator)
    queue = coordinator.get("/groups/pending/").content.decode()
    assert "Links waiting for the partner's yes" in queue
    assert "waiting 12 days" in queue and f"/links/{link.pk}/" in queue
    assert "12 يومًا" in coordinator.get("/ar/groups/pending/").content.decode()
    board = coordinator.get("/introductions/").content.decode()
    assert "1 proposed link is waiting for the partner's yes." in board


def test_coordinators_filter_the_links_list_to_proposed_links_and_the_public_cannot(
    cast, django_capture_on_commit_callbacks
) -> None:
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    listed = client_for(cast.coordinator).get("/links/?status=proposed").content.decode()
    assert f"/links/{link.pk}/" in listed and f"/links/{cast.link.pk}/" not in listed
    public = client_for(cast.other_organiser).get("/links/?status=proposed").content.decode()
    assert f"/links/{link.pk}/" not in public
    assert 'value="proposed"' not in public


def test_every_step_of_a_links_life_says_who_may_take_it() -> None:
    for status, following in NEXT_STATUSES.items():
        for to in following:
            assert WHO_MAY_MOVE[(status, to)]
    assert Side.GROUP not in WHO_MAY_MOVE[(LinkStatus.PROPOSED, LinkStatus.ACTIVE)]
    assert Side.COORDINATOR not in WHO_MAY_MOVE[(LinkStatus.PROPOSED, LinkStatus.ACTIVE)]


def test_a_proposed_link_says_the_partner_is_being_introduced_to_another_group(
    cast, django_capture_on_commit_callbacks
) -> None:
    from twinning.matching import services as matching

    twin_request = matching.request_create(
        actor=cast.partner_contact, partner=cast.partner, values={"message": "A twin, please."}
    )
    other = GroupFactory(name="Bristol Beit Ummar Friends", slug="bristol")
    introduction = matching.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=other
    )
    link = _propose(cast, capture=django_capture_on_commit_callbacks)
    heading = "Also under way: introductions to other groups"
    page = client_for(cast.coordinator).get(link.get_absolute_url()).content.decode()
    assert heading in page and "Bristol Beit Ummar Friends" in page
    # only shortlisted so far: the partner's contacts are not told of it yet
    assert (
        heading
        not in client_for(cast.partner_contact).get(link.get_absolute_url()).content.decode()
    )
    matching.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    page = client_for(cast.partner_contact).get(f"/ar/links/{link.pk}/").content.decode()
    assert "Bristol Beit Ummar Friends" in page
    # the proposing group never learns of another group's introduction
    page = client_for(cast.other_organiser).get(link.get_absolute_url()).content.decode()
    assert heading not in page and "Bristol" not in page


def test_the_review_queue_costs_the_same_queries_with_one_proposal_and_with_twenty(
    cast, django_assert_max_num_queries
) -> None:
    coordinator = client_for(cast.coordinator)
    partners = [PartnerFactory(slug=f"p{n}") for n in range(20)]
    Link.objects.create(group=cast.group_b, partner=partners[0], status="proposed")
    coordinator.get("/groups/pending/")
    with django_assert_max_num_queries(8) as one:
        coordinator.get("/groups/pending/")
    for partner in partners[1:]:
        Link.objects.create(group=cast.group_b, partner=partner, status="proposed")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "waiting 0 days" in coordinator.get("/groups/pending/").content.decode()
