"""Facilitating new links: a request for a twin, a suggestion, an introduction, both sides
accepting, and the link active in the directory; and every way it can be refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import GroupFactory, GroupRoleFactory, UserFactory
from twinning.core.models import AuditEntry
from twinning.directory.models import GroupRole, Interest, Link
from twinning.matching import services, suggestions
from twinning.matching.models import ExcludedPair, Introduction, TwinRequest

pytestmark = pytest.mark.django_db


def _request(cast, **values) -> TwinRequest:
    return services.request_create(
        actor=cast.partner_contact,
        partner=cast.partner,
        values={"message": "Our girls' school hopes for a British school.", **values},
    )


def _ready(group, n: int = 4) -> None:
    """Give a group members enough to be ready for a link."""
    for _ in range(n):
        GroupRoleFactory(group=group, user=UserFactory(), role=GroupRole.Role.MEMBER)


def test_a_request_becomes_a_live_link_through_an_introduction(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    water = Interest.objects.get(slug="water")
    contact, organiser = client_for(cast.partner_contact), client_for(cast.other_organiser)
    # the partner's contact asks for a twin
    with django_capture_on_commit_callbacks(execute=True):
        response = contact.post(
            f"/partners/{cast.partner.slug}/seeking/new/",
            {
                "wished_group_kinds": ["twinning_association", "friendship_group"],
                "hopes": ["visitors", "project"],
                "interests": [water.pk],
                "languages": ["ar", "en"],
                "message": "We would like a British town as a friend.",
                "message_ar": "نرغب في مدينة بريطانية صديقة.",
            },
        )
    twin_request = TwinRequest.objects.get()
    assert response["Location"] == twin_request.get_absolute_url()
    assert any("asks for a British twin" in m.subject for m in mailoutbox)  # coordinators told
    # it is public, in both languages
    page = client_for(None).get("/seeking/").content.decode()
    assert "Beit Ummar council" in page
    assert "We would like a British town" in page and "نرغب في مدينة" in page
    # group A seeks a partner; the engine suggests it for the request, and says why
    _ready(cast.group_b)
    cast.group_b.kind = "twinning_association"
    cast.group_b.languages = ["en", "ar"]
    cast.group_b.save()
    organiser.post(
        f"/groups/{cast.group_b.slug}/seeking-a-partner/",
        {"offers": ["visitors", "project"], "interests": [water.pk], "capacity": 1,
         "status": "open"},
    )  # fmt: skip
    [first, *_] = suggestions.for_request(twin_request)
    assert first.offer.group == cast.group_b
    reasons = " ".join(term.reason for term in first.explanation.reasons)
    assert "They share an interest: Water." in reasons
    # one action turns the suggestion into an introduction
    coordinator = client_for(cast.coordinator)
    page = coordinator.get(twin_request.get_absolute_url()).content.decode()
    assert "Introduce them" in page
    response = coordinator.post(
        f"/seeking/{twin_request.pk}/introduce/", {"group": cast.group_b.pk, "score": 80}
    )
    introduction = Introduction.objects.get()
    assert response["Location"] == introduction.get_absolute_url()
    assert introduction.stage == "shortlisted"
    # the coordinator asks both sides; each is emailed and accepts
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/introductions/{introduction.pk}/step/", {"stage": "introduced"})
    assert {m.to[0] for m in mailoutbox} == {cast.other_organiser.email, cast.partner_contact.email}
    organiser.post(f"/introductions/{introduction.pk}/accept/")
    introduction.refresh_from_db()
    assert introduction.stage == "introduced"  # one side is not enough
    contact.post(f"/introductions/{introduction.pk}/accept/")
    introduction.refresh_from_db()
    assert introduction.stage == "accepted"
    # the sides record their own steps
    for stage in ("first_contact", "first_meeting", "statement"):
        organiser.post(f"/introductions/{introduction.pk}/step/", {"stage": stage, "note": "ok"})
    introduction.refresh_from_db()
    assert introduction.stage == "statement"
    # the coordinator declares the link active: it is in the directory
    coordinator.post(f"/introductions/{introduction.pk}/step/", {"stage": "active"})
    introduction.refresh_from_db()
    link = Link.objects.get(group=cast.group_b, partner=cast.partner, status="active")
    assert introduction.link == link
    twin_request.refresh_from_db()
    assert twin_request.status == "matched"
    assert "Beit Ummar council" not in client_for(None).get("/seeking/").content.decode()
    steps = list(introduction.steps.values_list("stage", flat=True))
    assert steps == [
        "shortlisted", "introduced", "accepted", "first_contact", "first_meeting",
        "statement", "active",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="introduction.step").count() == 6


def test_either_side_can_decline_and_the_pair_is_never_suggested_again(cast) -> None:
    twin_request = _request(cast)
    services.offer_create(actor=cast.other_organiser, group=cast.group_b, values={})
    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
    )
    services.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    response = client_for(cast.partner_contact).post(
        f"/introductions/{introduction.pk}/decline/", {"reason": "We hoped for a school."}
    )
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert (introduction.stage, introduction.declined_by) == ("declined", "partner")
    assert ExcludedPair.objects.filter(request=twin_request, group=cast.group_b).exists()
    twin_request.refresh_from_db()
    assert twin_request.status == "open"  # free for another group
    assert all(s.offer.group != cast.group_b for s in suggestions.for_request(twin_request))
    with pytest.raises(ValidationError, match="declined before"):
        services.introduction_create(
            actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
        )


def test_a_coordinator_can_rule_out_a_suggested_pair(cast) -> None:
    twin_request = _request(cast)
    services.offer_create(actor=cast.other_organiser, group=cast.group_b, values={})
    assert any(s.offer.group == cast.group_b for s in suggestions.for_request(twin_request))
    client_for(cast.coordinator).post(
        f"/seeking/{twin_request.pk}/exclude/", {"group": cast.group_b.pk, "reason": "too far"}
    )
    assert all(s.offer.group != cast.group_b for s in suggestions.for_request(twin_request))


def test_steps_go_forward_one_at_a_time_and_both_sides_accept_for_themselves(cast) -> None:
    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=_request(cast), group=cast.group_b
    )
    with pytest.raises(ValidationError, match="next step"):
        services.introduction_advance(
            actor=cast.coordinator, introduction=introduction, stage="active"
        )
    services.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    with pytest.raises(ValidationError, match="accept for themselves"):
        services.introduction_advance(
            actor=cast.coordinator, introduction=introduction, stage="accepted"
        )
    # a side may not record the coordinators' steps
    response = client_for(cast.other_organiser).post(
        f"/introductions/{introduction.pk}/step/", {"stage": "accepted"}
    )
    assert response.status_code == 403


def test_start_one_with_a_few_neighbours_leads_to_starting_a_group_not_a_sign_in(
    cast, client
) -> None:
    twin_request = _request(cast)
    link = '<a href="/start-a-group/">Start one with a few neighbours</a>'
    assert link in client.get("/seeking/").content.decode()  # a visitor
    stranger = client_for(cast.stranger)  # signed in, in no group
    assert link in stranger.get(twin_request.get_absolute_url()).content.decode()
    arabic = stranger.get(f"/ar{twin_request.get_absolute_url()}").content.decode()
    assert 'href="/ar/start-a-group/"' in arabic


def test_an_organiser_expresses_interest_once_and_coordinators_hear_of_it(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    twin_request = _request(cast)
    organiser = client_for(cast.organiser)
    page = organiser.get(twin_request.get_absolute_url()).content.decode()
    assert "Would your group like to twin with this community?" in page
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a double click
            organiser.post(
                f"/seeking/{twin_request.pk}/interest/",
                {"group": cast.group_a.pk, "message": "We have a school too."},
            )
    assert twin_request.expressions_of_interest.count() == 1
    assert sum("would like to twin" in m.subject for m in mailoutbox) == 1
    page = client_for(cast.partner_contact).get(twin_request.get_absolute_url()).content
    assert "We have a school too." in page.decode()


def test_someone_without_a_group_is_led_to_start_one(cast) -> None:
    twin_request = _request(cast)
    page = client_for(cast.stranger).get(twin_request.get_absolute_url()).content.decode()
    assert "Start one with a few neighbours" in page
    response = client_for(cast.stranger).post(
        f"/seeking/{twin_request.pk}/interest/", {"group": cast.group_a.pk}
    )
    assert response.status_code == 403


def test_an_organiser_cannot_express_interest_for_another_organisers_group(cast) -> None:
    twin_request = _request(cast)
    response = client_for(cast.other_organiser).post(
        f"/seeking/{twin_request.pk}/interest/", {"group": cast.group_a.pk}
    )
    assert response.status_code == 422
    assert not twin_request.expressions_of_interest.exists()


def test_a_sensitive_partners_request_names_it_only_to_those_who_may_see_it(cast) -> None:
    from twinning.directory.services import partner_update

    twin_request = _request(cast, message="Beit Ummar's council writes to you.")
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    for client in (client_for(None), client_for(cast.organiser)):
        for url in ("/seeking/", twin_request.get_absolute_url()):
            html = client.get(url).content.decode()
            for secret in ("Beit Ummar council", "بيت أمر", "writes to you"):
                assert secret not in html, (url, secret)
    assert (
        "Beit Ummar"
        in client_for(cast.partner_contact).get(twin_request.get_absolute_url()).content.decode()
    )


def test_only_coordinators_see_who_visited_a_community(cast) -> None:
    twin_request = _request(cast)
    services.request_update(
        actor=cast.coordinator,
        twin_request=twin_request,
        values={"visited_on": datetime.date(2026, 4, 2), "visited_by": "Rita Visitor"},
    )
    assert (
        "Rita Visitor"
        in client_for(cast.coordinator).get(twin_request.get_absolute_url()).content.decode()
    )
    for person in (None, cast.organiser, cast.partner_contact):
        html = client_for(person).get(twin_request.get_absolute_url()).content.decode()
        assert "Rita Visitor" not in html


def test_a_request_needs_a_few_words_and_a_visit_date_not_in_the_future(cast) -> None:
    response = client_for(cast.coordinator).post(
        f"/partners/{cast.partner.slug}/seeking/new/",
        {"visited_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Write a few words about your community" in html
    assert "cannot be in the future" in html
    assert not TwinRequest.objects.exists()


def test_the_same_request_sent_twice_is_kept_once(cast) -> None:
    contact = client_for(cast.partner_contact)
    for _ in range(2):
        contact.post(f"/partners/{cast.partner.slug}/seeking/new/", {"message": "Hello"})
    assert TwinRequest.objects.count() == 1


def test_a_group_keeps_one_offer_and_a_small_group_is_told_it_needs_more_members(cast) -> None:
    organiser = client_for(cast.organiser)
    page = organiser.get(f"/groups/{cast.group_a.slug}/seeking-a-partner/").content.decode()
    assert "A link needs at least four active members" in page
    for capacity in (1, 2):
        organiser.post(
            f"/groups/{cast.group_a.slug}/seeking-a-partner/",
            {"capacity": capacity, "status": "open"},
        )
    offer = cast.group_a.offers.get()
    assert offer.capacity == 2


def test_a_stalled_introduction_reminds_the_coordinators_and_the_organisers_once(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=_request(cast), group=cast.group_b
    )
    services.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    Introduction.objects.filter(pk=introduction.pk).update(
        stage_changed_at=timezone.now() - datetime.timedelta(days=31)
    )
    cast.other_organiser.preferred_language = "ar"
    cast.other_organiser.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.introductions_remind() == 1
        assert services.introductions_remind() == 0  # once per stall
    recipients = {m.to[0]: m for m in mailoutbox}
    assert cast.coordinator.email in recipients
    assert "31" in recipients[cast.coordinator.email].body
    arabic = recipients[cast.other_organiser.email].subject
    assert any("\u0600" <= letter <= "\u06ff" for letter in arabic), arabic


def test_the_board_shows_open_introductions_by_stage_with_their_age(
    cast, django_assert_max_num_queries
) -> None:
    twin_request = _request(cast)
    for i in range(5):
        group = GroupFactory(name=f"Board group {i}")
        services.introduction_create(actor=cast.coordinator, twin_request=twin_request, group=group)
    coordinator = client_for(cast.coordinator)
    coordinator.get("/introductions/")  # session, permissions
    # session and user, the open introductions with both sides and their partners' link
    # counts, open requests count, quiet links count, emails not sent count; however many
    # introductions there are
    with django_assert_max_num_queries(8):
        html = coordinator.get("/introductions/").content.decode()
    assert "Board group 4" in html
    assert "0 days" in html


def test_the_daily_command_says_how_many_introductions_it_reminded_of(cast) -> None:
    import io

    from django.core.management import call_command

    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=_request(cast), group=cast.group_b
    )
    Introduction.objects.filter(pk=introduction.pk).update(
        stage_changed_at=timezone.now() - datetime.timedelta(days=40)
    )
    out = io.StringIO()
    call_command("remind_introductions", stdout=out)
    assert "Reminded of 1 introductions waiting 30 days or more." in out.getvalue()


def test_the_group_may_decline_too_and_a_closed_request_takes_no_more_introductions(cast) -> None:
    twin_request = _request(cast)
    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
    )
    services.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    client_for(cast.other_organiser).post(
        f"/introductions/{introduction.pk}/decline/", {"reason": "Too many links already."}
    )
    introduction.refresh_from_db()
    assert introduction.declined_by == "group"
    with pytest.raises(ValidationError, match="not waiting for an answer"):
        services.introduction_accept(
            actor=cast.partner_contact, introduction=introduction, side="partner"
        )
    services.request_set_status(
        actor=cast.partner_contact, twin_request=twin_request, status="withdrawn"
    )
    with pytest.raises(ValidationError, match="closed"):
        services.introduction_create(
            actor=cast.coordinator, twin_request=twin_request, group=GroupFactory()
        )
    with pytest.raises(ValidationError, match="not seeking"):
        services.interest_express(
            actor=cast.organiser, twin_request=twin_request, group=cast.group_a
        )
    assert client_for(None).get(twin_request.get_absolute_url()).status_code == 404


def test_the_list_of_communities_costs_the_same_queries_however_many_there_are(
    cast, client, django_assert_max_num_queries
) -> None:
    from tests.factories import PartnerFactory

    for i in range(12):
        services.request_create(
            actor=None, partner=PartnerFactory(name=f"Seeking {i}"), values={"message": "Hi"}
        )
    # the open requests with their partners and places
    with django_assert_max_num_queries(1):
        html = client.get("/seeking/").content.decode()
    assert "Seeking 11" in html


def _introduced(cast, twin_request=None) -> Introduction:
    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=twin_request or _request(cast), group=cast.group_b
    )
    return services.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )


def test_a_paused_request_holds_its_introductions_and_a_withdrawn_one_ends_them(cast) -> None:
    introduction = _introduced(cast)
    twin_request = introduction.request
    client_for(cast.partner_contact).post(
        f"/seeking/{twin_request.pk}/edit/", {"message": "Still hoping.", "status": "paused"}
    )
    twin_request.refresh_from_db()
    assert twin_request.status == "paused"
    with pytest.raises(ValidationError, match="paused"):
        services.introduction_accept(
            actor=cast.partner_contact, introduction=introduction, side="partner"
        )
    services.request_set_status(
        actor=cast.partner_contact, twin_request=twin_request, status="open"
    )
    twin_request.refresh_from_db()
    assert twin_request.status == "introduced"  # its introduction goes on
    services.request_set_status(
        actor=cast.partner_contact, twin_request=twin_request, status="withdrawn"
    )
    introduction.refresh_from_db()
    assert (introduction.stage, introduction.declined_by) == ("declined", "partner")
    with pytest.raises(ValidationError, match="over"):
        services.introduction_advance(
            actor=cast.coordinator, introduction=introduction, stage="accepted"
        )
    assert client_for(cast.other_organiser).get(twin_request.get_absolute_url()).status_code == 404


def test_a_link_the_sides_proposed_meanwhile_becomes_the_active_one(cast) -> None:
    from twinning.directory.services import link_propose

    introduction = _introduced(cast)
    services.introduction_accept(
        actor=cast.other_organiser, introduction=introduction, side="group"
    )
    services.introduction_accept(
        actor=cast.partner_contact, introduction=introduction, side="partner"
    )
    proposed = link_propose(
        actor=cast.other_organiser, group=cast.group_b, partner=cast.partner, kind="friendship"
    )
    for stage in ("first_contact", "first_meeting", "statement", "active"):
        services.introduction_advance(
            actor=cast.coordinator, introduction=introduction, stage=stage
        )
    introduction.refresh_from_db()
    proposed.refresh_from_db()
    assert introduction.link == proposed
    assert proposed.status == "active"
    assert Link.objects.filter(group=cast.group_b, partner=cast.partner).count() == 1


def test_a_coordinator_answers_for_a_partner_no_one_speaks_for_on_the_platform(cast) -> None:
    from tests.factories import PartnerFactory

    offline = PartnerFactory(name="Offline village council")
    twin_request = services.request_create(
        actor=cast.coordinator, partner=offline, values={"message": "Visited in spring."}
    )
    introduction = _introduced(cast, twin_request)
    coordinator = client_for(cast.coordinator)
    page = coordinator.get(introduction.get_absolute_url()).content.decode()
    assert "No one speaks for the Palestinian partner on the platform" in page
    # a side with people answers for itself
    assert (
        coordinator.post(f"/introductions/{introduction.pk}/accept/", {"side": "group"}).status_code
        == 403
    )
    coordinator.post(f"/introductions/{introduction.pk}/accept/", {"side": "partner"})
    client_for(cast.other_organiser).post(f"/introductions/{introduction.pk}/accept/")
    introduction.refresh_from_db()
    assert introduction.stage == "accepted"


def test_the_sides_know_of_an_introduction_only_once_they_are_asked(cast) -> None:
    twin_request = _request(cast)
    services.offer_create(actor=cast.other_organiser, group=cast.group_b, values={})
    introduction = services.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
    )
    organiser = client_for(cast.other_organiser)
    assert organiser.get(introduction.get_absolute_url()).status_code == 404
    offer = cast.group_b.offers.get()
    assert "Beit Ummar" not in organiser.get(offer.get_absolute_url()).content.decode()
    assert client_for(cast.partner_contact).get(introduction.get_absolute_url()).status_code == 404
    services.introduction_advance(
        actor=cast.coordinator, introduction=introduction, stage="introduced"
    )
    assert organiser.get(introduction.get_absolute_url()).status_code == 200


def test_notes_and_reasons_are_for_coordinators_and_a_too_long_reason_is_shown_again(
    cast,
) -> None:
    introduction = _introduced(cast)
    services.introduction_accept(
        actor=cast.other_organiser, introduction=introduction, side="group"
    )
    services.introduction_accept(
        actor=cast.partner_contact, introduction=introduction, side="partner"
    )
    client_for(cast.other_organiser).post(
        f"/introductions/{introduction.pk}/step/",
        {"stage": "first_contact", "note": "Spoke to Rania on the phone."},
    )
    assert (
        "Rania"
        in client_for(cast.coordinator).get(introduction.get_absolute_url()).content.decode()
    )
    assert (
        "Rania"
        not in client_for(cast.partner_contact)
        .get(introduction.get_absolute_url())
        .content.decode()
    )
    response = client_for(cast.partner_contact).post(
        f"/introductions/{introduction.pk}/decline/", {"reason": "x" * 501}
    )
    assert response.status_code == 422
    introduction.refresh_from_db()
    assert introduction.stage == "first_contact"


def test_a_malformed_suggestion_form_is_refused_without_an_error_page(cast) -> None:
    twin_request = _request(cast)
    coordinator = client_for(cast.coordinator)
    for data in ({"group": "5.0"}, {"group": "abc"}, {}, {"group": "999999"}):
        for action in ("introduce", "exclude"):
            response = coordinator.post(f"/seeking/{twin_request.pk}/{action}/", data)
            assert response.status_code == 302, (action, data)
    assert not Introduction.objects.exists()


def test_a_declined_introduction_opens_the_request_again_if_no_other_has_been_asked(cast) -> None:
    introduction = _introduced(cast)
    twin_request = introduction.request
    services.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=GroupFactory()
    )
    services.introduction_decline(
        actor=cast.coordinator, introduction=introduction, side="coordinator"
    )
    twin_request.refresh_from_db()
    assert twin_request.status == "open"  # the other is only shortlisted


def test_a_persons_data_download_holds_what_they_wrote_in_matching(cast) -> None:
    twin_request = _request(cast)
    services.interest_express(
        actor=cast.organiser, twin_request=twin_request, group=cast.group_a, message="Hello there"
    )
    data = client_for(cast.organiser).get("/account/my-data.json").json()
    assert data["matching"]["expressions_of_interest"][0]["message"] == "Hello there"


def test_an_organiser_of_two_groups_is_asked_which_one_is_interested(cast) -> None:
    twin_request = _request(cast)
    second = GroupFactory(name="Oxford Schools Link", slug="oxford-schools")
    GroupRoleFactory(group=second, user=cast.organiser, role=GroupRole.Role.ORGANISER)
    organiser = client_for(cast.organiser)
    page = organiser.get(twin_request.get_absolute_url()).content.decode()
    assert '<option value="" selected>Choose which of your groups</option>' in page
    response = organiser.post(
        f"/seeking/{twin_request.pk}/interest/", {"message": "We would love to."}
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not twin_request.expressions_of_interest.exists()
    organiser.post(
        f"/seeking/{twin_request.pk}/interest/", {"group": second.pk, "message": "We would."}
    )
    assert twin_request.expressions_of_interest.get().group == second
