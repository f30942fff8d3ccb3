"""The leak canary: private values seeded with unique strings, looked for everywhere.

Every private field gets a canary; then, as every role, the test walks every
page and API route of the permission matrix, the searches, every export and
the OpenAPI schema, and fails if a canary shows where its role may not see it.
The captured logs must hold no canary, no password and no session key.
Later features add their private fields to CANARIES and their routes to the
matrix; this test then covers them.
"""

import contextlib
import datetime
import html
import io
import json
import logging
import zipfile
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import ROLES, Cast, client_for
from tests.factories import PASSWORD, PartnerFactory, UserFactory
from tests.test_permission_matrix import ROUTES
from twinning.activities.models import Appeal, CampaignContact, Meeting, PublicMeeting, Visit
from twinning.activities.services import (
    appeal_create,
    calendar_feed_for,
    contact_create,
    donation_record,
    interaction_record,
    meeting_schedule,
    meeting_write_minutes,
    participant_add,
    public_meeting_create,
    public_meeting_update,
    visit_create,
    visit_write_report,
)
from twinning.core.models import OutgoingEmail
from twinning.directory.models import GroupInvitation, JoinRequest, Link, Partner, PartnerContact
from twinning.directory.services import (
    group_propose,
    partner_propose,
    partner_update,
)
from twinning.formation.models import Pool
from twinning.formation.services import registration_confirm, registration_create
from twinning.matching.models import Introduction, TwinRequest
from twinning.matching.services import (
    interest_express,
    introduction_advance,
    introduction_create,
    request_create,
)
from twinning.places.models import Place

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(ROLES)
COORDINATORS = frozenset({"coordinator"})

# canary -> the roles that may see it somewhere
CANARIES: dict[str, frozenset[str]] = {
    # people's own details: themselves and coordinators; a group member's address also
    # the group's organisers, in its members' area, so they can reach their members
    "canary-member-mail@example.org": frozenset({"member", "organiser", "coordinator"}),
    "canary-contact-mail@example.org": frozenset({"partner_contact", "coordinator"}),
    "Canary Contact Person": frozenset({"partner_contact", "coordinator"}),
    # a group's address it chose not to show: those who edit the group
    "canary-hidden-group@example.org": frozenset({"organiser", "coordinator"}),
    # someone invited, who has not answered: those who manage the group's people
    "canary-invitee@example.org": frozenset({"organiser", "coordinator"}),
    # a sensitive partner: its own contact and coordinators
    "Canary Sensitive Council": frozenset({"partner_contact", "coordinator"}),
    "مجلس الكناري": frozenset({"partner_contact", "coordinator"}),
    "canary-sensitive-description": frozenset({"partner_contact", "coordinator"}),
    "canary-sensitive-story": frozenset({"partner_contact", "coordinator", "organiser"}),
    # proposals waiting for review: who proposed them and coordinators
    "Canary Pending Group": frozenset({"member", "coordinator"}),
    "Canary Pending Partner": frozenset({"member", "coordinator"}),
    # a request for a twin: who visited, for coordinators; a sensitive partner's own words,
    # for its contacts and coordinators; a group's message of interest, for the partner's
    # contacts, coordinators and the organiser who wrote it (in their data download)
    "Canary Visitor Name": COORDINATORS,
    "canary-request-message": frozenset({"partner_contact", "coordinator"}),
    "canary-interest-message": frozenset({"partner_contact", "coordinator", "organiser"}),
    # a note on an introduction's step, and a reason for declining one: coordinators
    "canary-step-note": COORDINATORS,
    # someone who would like to start a group (no account): coordinators only
    "Canary Registrant": COORDINATORS,
    "canary-registrant@example.org": COORDINATORS,
    # a group's own meeting: its members; a joint meeting: the partner's contacts too
    "canary-meeting-link": frozenset({"member", "organiser", "coordinator"}),
    "canary-meeting-agenda": frozenset({"member", "organiser", "coordinator"}),
    "canary-meeting-minutes": frozenset({"member", "organiser", "coordinator"}),
    "canary-joint-meeting": frozenset({"member", "organiser", "partner_contact", "coordinator"}),
    # a visit: who goes is for those who run it; passport details for the group's organisers
    # alone; a report not made public, for those who see the visit
    "Canary Visit Participant": frozenset({"organiser", "coordinator"}),
    "CANARY-PASSPORT-77": frozenset({"organiser"}),
    "Canary-Nationality": frozenset({"organiser"}),
    "canary-private-report": frozenset({"member", "organiser", "partner_contact", "coordinator"}),
    # who gave to an appeal: the organisers' (and the treasurer's ledger); an appeal not made
    # public, for those who see the group's appeals
    "Canary Donor Name": frozenset({"organiser", "coordinator"}),
    "canary-private-appeal": frozenset({"member", "organiser", "partner_contact", "coordinator"}),
    # campaign contacts and a public meeting's follow-up: the group's own
    "canary-mp@parliament.example": frozenset({"member", "organiser", "coordinator"}),
    "canary-lobby-note": frozenset({"member", "organiser", "coordinator"}),
    "canary-follow-up": frozenset({"member", "organiser", "coordinator"}),
    # a sensitive partner whose name starts with "p", which once kept its name's address
    "P. Canary Jabalia Committee": COORDINATORS,
    # emails that could not be sent: coordinators (and the person it is for, in their data
    # download); an address with no account behind it, coordinators only
    "canary-unsent@example.org": COORDINATORS,
    "canary-unsent-subject": COORDINATORS,
    "canary-member-unsent-subject": frozenset({"member", "coordinator"}),
    # what someone asking to join a group wrote: the group's organisers, and coordinators
    "canary-join-message": frozenset({"organiser", "coordinator"}),
}

# What no one may see anywhere: the address a partner had before it was made sensitive,
# and any address made from a sensitive partner's name.
NOWHERE = ("canary-jabalia", "Canary-Jabalia")


@pytest.fixture
def seeded(cast: Cast) -> Cast:
    member = cast.member
    member.email = "canary-member-mail@example.org"
    member.save()
    contact = cast.partner_contact
    contact.email = "canary-contact-mail@example.org"
    contact.display_name = "Canary Contact Person"
    contact.save()
    group = cast.group_a
    group.public_email = "canary-hidden-group@example.org"
    group.show_public_email = False
    group.save()
    GroupInvitation.objects.create(
        group=group, email="canary-invitee@example.org", role="member", invited_by=cast.organiser
    )
    partner_update(
        actor=cast.coordinator,
        partner=cast.partner,
        values={
            "name": "Canary Sensitive Council",
            "name_ar": "مجلس الكناري",
            "description": "canary-sensitive-description",
            "sensitive": True,
        },
    )
    jabalia = PartnerFactory(
        name="P. Canary Jabalia Committee",
        slug="p-canary-jabalia-committee",
        kind="womens_centre",
        place=Place.objects.filter(country="PS", governorate="north-gaza").first(),
    )
    partner_update(actor=cast.coordinator, partner=jabalia, values={"sensitive": True})
    link = cast.link
    link.story = "canary-sensitive-story"
    link.save()
    JoinRequest.objects.create(group=group, user=cast.stranger, message="canary-join-message")
    group_propose(
        actor=member,
        values={"name": "Canary Pending Group", "kind": "school"},
        review_url="http://testserver/groups/pending/",
    )
    partner_propose(
        actor=member,
        values={"name": "Canary Pending Partner", "kind": "school"},
        speaks_for_it=False,
        review_url="http://testserver/groups/pending/",
    )
    # a second contact for the sensitive partner, whom only insiders may see
    PartnerContact.objects.create(partner=cast.partner, user=UserFactory())
    twin_request = request_create(
        actor=cast.coordinator,
        partner=cast.partner,
        values={"message": "canary-request-message", "visited_by": "Canary Visitor Name"},
    )
    interest_express(
        actor=cast.organiser,
        twin_request=twin_request,
        group=cast.group_a,
        message="canary-interest-message",
    )
    introduction = introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
    )
    introduction_advance(
        actor=cast.coordinator,
        introduction=introduction,
        stage="introduced",
        note="canary-step-note",
    )
    registration = registration_create(
        values={
            "name": "Canary Registrant",
            "email": "canary-registrant@example.org",
            "place": cast.group_a.place,
            "may_introduce": True,
        }
    )
    registration_confirm(token=registration.token)
    own = meeting_schedule(
        actor=cast.organiser,
        group=group,
        values={
            "title": "Treasurer's report",
            "starts_at": timezone.now() - datetime.timedelta(days=2),
            "online_url": "https://meet.example.org/canary-meeting-link",
            "agenda": "canary-meeting-agenda",
        },
        invite=False,
    )
    meeting_write_minutes(actor=cast.organiser, meeting=own, minutes="canary-meeting-minutes")
    meeting_schedule(
        actor=cast.organiser,
        group=group,
        values={
            "title": "canary-joint-meeting",
            "starts_at": timezone.now() + datetime.timedelta(days=2),
            "link": link,
        },
        invite=False,
    )
    visit = visit_create(
        actor=cast.organiser,
        group=group,
        values={
            "link": link,
            "direction": "to_britain",
            "title": "Visitors from Beit Ummar",
            "purpose": "Teachers meet teachers.",
            "starts_on": timezone.localdate() - datetime.timedelta(days=3),
            "ends_on": timezone.localdate() + datetime.timedelta(days=3),
        },
    )
    participant_add(
        actor=cast.organiser,
        visit=visit,
        values={
            "name": "Canary Visit Participant",
            "passport_number": "CANARY-PASSPORT-77",
            "nationality": "Canary-Nationality",
            "date_of_birth": datetime.date(1975, 4, 2),
        },
    )
    visit_write_report(
        actor=cast.organiser, visit=visit, report="canary-private-report", public=False
    )
    for public, purpose in ((True, "For books."), (False, "canary-private-appeal")):
        appeal = appeal_create(
            actor=cast.organiser,
            group=group,
            values={
                "title": "School library",
                "purpose": purpose,
                "target": Decimal("1000"),
                "starts_on": timezone.localdate(),
                "link": link,
                "public": public,
            },
        )
        donation_record(
            actor=cast.organiser,
            appeal=appeal,
            values={
                "amount": Decimal("25"),
                "received_on": timezone.localdate(),
                "method": "cash",
                "donor": "Canary Donor Name",
                "gift_aid": True,
            },
        )
    contact = contact_create(
        actor=cast.organiser,
        group=group,
        values={"kind": "mp", "name": "Jo MP", "email": "canary-mp@parliament.example"},
    )
    interaction_record(
        actor=cast.organiser,
        contact=contact,
        values={"on": timezone.localdate(), "kind": "met", "summary": "canary-lobby-note"},
    )
    public = public_meeting_create(
        actor=cast.organiser,
        group=group,
        values={
            "title": "Life in Beit Ummar",
            "speakers": "A farmer",
            "venue": "Town hall",
            "starts_at": timezone.now() + datetime.timedelta(days=3),
        },
    )
    public_meeting_update(
        actor=cast.organiser, meeting=public, values={"follow_up": "canary-follow-up"}
    )
    for to, subject in (
        ("canary-unsent@example.org", "canary-unsent-subject"),
        (member.email, "canary-member-unsent-subject"),
    ):
        OutgoingEmail.objects.create(
            to=to,
            from_email="Twinning <noreply@example.org>",
            subject=subject,
            body="Hello",
            attempts=1,
            last_tried_at=timezone.now(),
            last_error=f"SMTPRecipientsRefused: 550 5.1.1 <{to}>: Recipient address rejected",
        )
    return cast


EXTRA_URLS = [
    "/groups/?q=canary",
    "/partners/?q=canary",
    "/partners/?q=كناري",
    "/links/?q=canary",
    "/ar/links/",
    "/ar/partners/",
    "/twinned/",
    "/links.csv",
    "/links.geojson",
    "/directory/everything.csv",
    "/directory/everything.xlsx",
    "/api/v1/openapi.json",
    "/api/v1/groups?q=canary",
    "/api/v1/partners?q=canary",
    "/api/v1/links?q=canary",
    "/api/v1/links?status=proposed",
    "/account/my-data.json",
    "/seeking/",
    "/ar/seeking/",
    "/start-a-group/",
    "/ar/start-a-group/",
    "/partners/?governorate=north-gaza",
    "/partners/?q=jabalia",
    "/partners/?q=canary+jabalia",
    "/api/v1/partners?governorate=north-gaza",
    "/api/v1/partners?q=jabalia",
]

# The address the partner had before it was made sensitive: gone for everyone (a 404
# page repeats the address asked for, so only the status is checked).
OLD_ADDRESSES = [
    "/partners/p-canary-jabalia-committee/",
    "/api/v1/partners/p-canary-jabalia-committee",
]


def _text(response) -> str:
    """The response as plain text, however it is encoded: unzipped, JSON with its
    Arabic unescaped, HTML entities and URL escapes undone."""
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if body[:2] == b"PK":  # a workbook: read every part of it
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    text = body.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(unquote(text))


def _urls(cast: Cast) -> list[str]:
    urls = []
    for name, route in sorted(ROUTES.items()):
        if route.method != "get" or name.startswith(("account_", "mfa_")):
            continue
        if name in CAPABILITIES:
            continue
        urls.append(reverse(name, kwargs=route.kwargs(cast)))
    urls.extend(EXTRA_URLS)
    urls.append(f"/links/{cast.link.pk}/")
    urls.append(f"/partners/{cast.partner.slug}/")
    urls.append(f"/api/v1/links/{cast.link.pk}")
    urls.append(f"/api/v1/partners/{cast.partner.slug}")
    for hidden in Partner.objects.filter(sensitive=True):
        urls.append(hidden.get_absolute_url())
        urls.append(f"/api/v1/partners/{hidden.slug}")
    for seeded_request in TwinRequest.objects.filter(visited_by="Canary Visitor Name"):
        urls.append(f"/seeking/{seeded_request.pk}/")
        urls.append(f"/ar/seeking/{seeded_request.pk}/")
    for introduction in Introduction.objects.filter(request__visited_by="Canary Visitor Name"):
        urls.append(f"/introductions/{introduction.pk}/")
    for canary_pool in Pool.objects.filter(registrations__name="Canary Registrant"):
        urls.append(f"/start-a-group/pools/{canary_pool.pk}/")
    for contact in CampaignContact.objects.filter(group=cast.group_a).select_related("group"):
        urls.append(contact.get_absolute_url())
    for public in PublicMeeting.objects.filter(group=cast.group_a).select_related("group"):
        urls.append(public.get_absolute_url())
    urls.append("/whats-on/")
    for appeal in Appeal.objects.filter(group=cast.group_a).select_related("group"):
        urls.append(appeal.get_absolute_url())
        urls.append(f"{appeal.get_absolute_url()}public/")
        urls.append(f"{appeal.get_absolute_url()}ledger.csv")
        for donation in appeal.donations.all():
            urls.append(f"{appeal.get_absolute_url()}donations/{donation.pk}/")
    for visit in Visit.objects.filter(group=cast.group_a).select_related("group"):
        urls.append(visit.get_absolute_url())
        urls.append(f"{visit.get_absolute_url()}people/")
        urls.append(f"{visit.get_absolute_url()}people.csv")
        urls.append(f"{visit.get_absolute_url()}report/")
        urls.append(f"{visit.get_absolute_url()}story/")
        for participant in visit.participants.all():
            urls.append(f"{visit.get_absolute_url()}people/{participant.pk}/")
    for meeting in Meeting.objects.filter(group=cast.group_a).select_related("group"):
        urls.append(meeting.get_absolute_url())
        urls.append(f"{meeting.get_absolute_url()}meeting.ics")
    return urls


# Addresses that are their own credential: whoever holds one sees what its owner sees. Each
# role's own is walked instead (`_own_addresses`).
CAPABILITIES = {"activities:calendar_feed"}


def _own_addresses(cast: Cast, person) -> list[str]:
    """The person's own calendar address for group A, if they may have one."""
    if person is None or not (
        person.has_perm("activities.view_activities", cast.group_a)
        or person.has_perm("activities.view_joint_activities", cast.group_a)
    ):
        return []
    return [calendar_feed_for(user=person, group=cast.group_a).get_absolute_url()]


@pytest.mark.parametrize("role", ROLES)
def test_no_private_value_shows_where_its_role_may_not_see_it(
    role: str, seeded: Cast, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client()
    person = seeded.person(role)
    if person is not None:
        # signing in for real, so that the password passes through the code that logs
        signed_in = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
        assert signed_in.status_code == 302, signed_in.content.decode()[:500]
    forbidden = [canary for canary, allowed in CANARIES.items() if role not in allowed]
    forbidden += NOWHERE
    leaks = []
    for url in _urls(seeded) + _own_addresses(seeded, person):
        text = _text(client.get(url))
        leaks += [f"{url}: {canary}" for canary in forbidden if canary in text]
    assert not leaks, f"as {role}:\n" + "\n".join(leaks)

    session_key = client.cookies.get("sessionid")
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    for secret in [*CANARIES, *NOWHERE, PASSWORD, *([session_key.value] if session_key else [])]:
        assert secret not in logged, f"the logs hold {secret!r}"
    # (after the logs: a request for a gone address is logged with what was asked for)
    assert [client.get(url).status_code for url in OLD_ADDRESSES] == [404, 404]


def test_the_canaries_are_really_seeded_and_seen_by_those_allowed(seeded: Cast) -> None:
    """Guards the test above from passing because nothing was there to find."""
    coordinator = client_for(seeded.coordinator)
    urls = _urls(seeded) + _own_addresses(seeded, seeded.coordinator)
    seen = "\n".join(_text(coordinator.get(url)) for url in urls)
    # passport details are not even the coordinators': their organisers see them
    organiser = client_for(seeded.organiser)
    seen += "\n".join(_text(organiser.get(url)) for url in urls)
    missing = [canary for canary in CANARIES if canary not in seen]
    assert not missing, missing
    assert Link.objects.filter(story="canary-sensitive-story").exists()
    assert "/partners/p-" in seen  # the renamed address is walked, the old one answers 404
    assert Partner.objects.filter(slug="p-canary-jabalia-committee").count() == 0
