"""Every route × every role: the access model, checked in one table.

Each URL pattern and API route must appear in ROUTES with the roles that may
use it. For each (route, role) the test requests the route and asserts:

- an allowed role gets 2xx or 3xx;
- an anonymous visitor on a private page is sent to sign in (HTML) or gets 401 (API);
- the organiser of another group gets 404 on a group's private pages (groups
  are separate tenants: their existence is not confirmed), and the contact of
  another partner gets 404 on a partner's private pages;
- anyone else gets 403.

A route missing from the table fails `test_every_route_is_in_the_matrix`.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from tests.conftest import ROLES, Cast, client_for

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
GROUP_MEMBERS = frozenset({"member", "organiser", "coordinator"})
GROUP_ORGANISERS = frozenset({"organiser", "coordinator"})
PARTNER_CONTACTS = frozenset({"partner_contact", "coordinator"})
COORDINATORS = frozenset({"coordinator"})
LINK_SIDES = frozenset({"organiser", "partner_contact", "coordinator"})
# a group's activities that belong to its link: its members and the partner's contacts
JOINT = GROUP_MEMBERS | {"partner_contact"}
NO_MFA_YET = frozenset({404})  # allauth answers 404 for codes of a second factor not set up


@dataclass(frozen=True)
class Route:
    allowed: frozenset[str]
    kwargs: Callable[[Cast], dict] = lambda cast: {}
    method: str = "get"
    data: Callable[[Cast], dict] = lambda cast: {}
    tenant: str = ""  # "group" or "partner": another tenant's organiser gets 404
    api: bool = False
    why: str = ""
    also_ok: frozenset[int] = field(default_factory=frozenset)
    query: dict = field(default_factory=dict)


def group_a(cast: Cast) -> dict:
    return {"slug": cast.group_a.slug}


def partner_p(cast: Cast) -> dict:
    return {"slug": cast.partner.slug}


def group_with_logo(cast: Cast) -> dict:
    from twinning.directory.logos import prepare_logo
    from twinning.directory.services import group_set_logo

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40)).save(buffer, format="PNG")
    group_set_logo(actor=None, group=cast.group_a, logo=prepare_logo(buffer.getvalue()))
    return {"slug": cast.group_a.slug}


def pending_partner(cast: Cast):
    from twinning.directory.services import partner_propose

    return partner_propose(
        actor=cast.stranger,
        values={"name": "Proposed partner", "kind": "school"},
        speaks_for_it=False,
        review_url="http://testserver/groups/pending/",
    )


def coordinators_token(cast: Cast):
    from twinning.accounts.services import api_token_create

    return api_token_create(actor=cast.coordinator, name="script")[0]


def checked_import(cast: Cast):
    """A file a coordinator uploaded and had checked: one row, a link already there."""
    from twinning.directory.services import import_check

    content = f"group,partner\n{cast.group_a.name},{cast.partner.name}\n".encode()
    return import_check(actor=cast.coordinator, filename="network.csv", content=content)


def twin_request(cast: Cast) -> dict:
    """An open request for a twin from the cast's partner (public)."""
    from twinning.matching.services import request_create

    made = request_create(
        actor=cast.partner_contact,
        partner=cast.partner,
        values={"message": "We hope for a school."},
    )
    return {"pk": made.pk}


def group_a_offer(cast: Cast) -> dict:
    from twinning.matching.services import offer_create

    return {"pk": offer_create(actor=cast.organiser, group=cast.group_a, values={}).pk}


def _introduction(cast: Cast):
    """Group A introduced to the partner's request (their old link ended): both sides asked."""
    from twinning.directory.services import link_set_status
    from twinning.matching.models import TwinRequest
    from twinning.matching.services import introduction_advance, introduction_create

    link_set_status(actor=cast.coordinator, link=cast.link, status="ended")
    made = introduction_create(
        actor=cast.coordinator,
        twin_request=TwinRequest.objects.get(pk=twin_request(cast)["pk"]),
        group=cast.group_a,
    )
    return introduction_advance(actor=cast.coordinator, introduction=made, stage="introduced")


def introduction(cast: Cast) -> dict:
    return {"pk": _introduction(cast).pk}


def accepted_introduction(cast: Cast) -> dict:
    """The introduction above, accepted by both sides: first contact is either side's step."""
    from twinning.matching.services import introduction_accept

    made = _introduction(cast)
    introduction_accept(actor=cast.organiser, introduction=made, side="group")
    introduction_accept(actor=cast.partner_contact, introduction=made, side="partner")
    return {"pk": made.pk}


def joint_meeting(cast: Cast) -> dict:
    """A meeting of group A with its partner, next week."""
    import datetime

    from django.utils import timezone

    from twinning.activities.services import meeting_schedule

    made = meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Joint call",
            "starts_at": timezone.now() + datetime.timedelta(days=7),
            "link": cast.link,
        },
        invite=False,
    )
    return {"slug": cast.group_a.slug, "pk": made.pk}


def _visit(cast: Cast):
    """Group A's visitors from its partner, last spring, with a day and a visitor."""
    import datetime

    from twinning.activities.services import participant_add, visit_create, visit_set_day

    made = visit_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Teachers in Oxford",
            "purpose": "Teachers meet teachers.",
            "starts_on": datetime.date(2026, 4, 10),
            "ends_on": datetime.date(2026, 4, 18),
        },
    )
    visit_set_day(actor=cast.organiser, visit=made, values={"day": made.starts_on})
    participant_add(
        actor=cast.organiser,
        visit=made,
        values={
            "name": "Mahmoud Abu Ayyash",
            "passport_number": "P123",
            "date_of_birth": datetime.date(1975, 4, 2),
        },
    )
    return made


def a_visit(cast: Cast) -> dict:
    return {"slug": cast.group_a.slug, "pk": _visit(cast).pk}


def visit_day(cast: Cast) -> dict:
    made = _visit(cast)
    return {"slug": cast.group_a.slug, "pk": made.pk, "day": made.itinerary.get().pk}


def visit_person(cast: Cast) -> dict:
    made = _visit(cast)
    return {"slug": cast.group_a.slug, "pk": made.pk, "person": made.participants.get().pk}


def _photo_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("olives.jpg", buffer.getvalue(), content_type="image/jpeg")


def visit_photo(cast: Cast) -> dict:
    """A photo of a visit whose report is public."""
    from twinning.activities.services import photo_add, visit_set_status, visit_write_report

    made = _visit(cast)
    for status in ("planning", "confirmed", "under_way", "completed"):
        visit_set_status(actor=cast.organiser, visit=made, status=status)
    photo = photo_add(
        actor=cast.organiser, visit=made, data=_photo_upload().read(), caption="Olives"
    )
    visit_write_report(actor=cast.organiser, visit=made, report="We taught.", public=True)
    return {"slug": cast.group_a.slug, "pk": made.pk, "photo": photo.pk}


def public_report(cast: Cast) -> dict:
    found = visit_photo(cast)
    return {"slug": found["slug"], "pk": found["pk"]}


def _appeal(cast: Cast):
    """A public appeal of group A for its partner, with a donation and money sent."""
    import datetime
    from decimal import Decimal

    from twinning.activities.services import appeal_create, donation_record, transfer_record

    made = appeal_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "School library",
            "purpose": "Books.",
            "target": Decimal("1000"),
            "starts_on": datetime.date(2026, 11, 1),
            "link": cast.link,
            "public": True,
        },
    )
    day = datetime.date(2026, 11, 2)
    donation_record(
        actor=cast.organiser,
        appeal=made,
        values={"amount": Decimal("50"), "received_on": day, "method": "cash"},
    )
    transfer_record(
        actor=cast.organiser,
        appeal=made,
        values={"amount": Decimal("20"), "sent_on": day, "how": "bank_transfer"},
    )
    return made


def an_appeal(cast: Cast) -> dict:
    return {"slug": cast.group_a.slug, "pk": _appeal(cast).pk}


def a_donation(cast: Cast) -> dict:
    made = _appeal(cast)
    return {"slug": cast.group_a.slug, "pk": made.pk, "entry": made.donations.get().pk}


def a_transfer(cast: Cast) -> dict:
    made = _appeal(cast)
    return {"slug": cast.group_a.slug, "pk": made.pk, "entry": made.transfers.get().pk}


def campaign_contact(cast: Cast) -> dict:
    from twinning.activities.services import contact_create

    made = contact_create(
        actor=cast.organiser, group=cast.group_a, values={"kind": "mp", "name": "Jo MP"}
    )
    return {"slug": cast.group_a.slug, "pk": made.pk}


def public_meeting(cast: Cast) -> dict:
    import datetime

    from django.utils import timezone

    from twinning.activities.services import public_meeting_create

    made = public_meeting_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Life in Beit Ummar",
            "speakers": "A farmer",
            "venue": "Town hall",
            "starts_at": timezone.now() + datetime.timedelta(days=10),
        },
    )
    return {"slug": cast.group_a.slug, "pk": made.pk}


def calendar_feed(cast: Cast) -> dict:
    from twinning.activities.services import calendar_feed_for

    feed = calendar_feed_for(user=cast.member, group=cast.group_a)
    return {"slug": cast.group_a.slug, "token": feed.token}


def registration_token(cast: Cast) -> dict:
    """Someone's interest in starting a group: the token in their emails is the credential."""
    from twinning.formation.services import registration_create

    made = registration_create(
        values={"name": "Rosa", "email": "rosa@example.org", "place": cast.group_a.place}
    )
    return {"token": made.token}


def pool(cast: Cast) -> dict:
    from twinning.formation.models import Pool
    from twinning.formation.services import registration_confirm

    registration_confirm(token=registration_token(cast)["token"])
    return {"pk": Pool.objects.get().pk}


def checklist_task(cast: Cast) -> dict:
    from twinning.formation.models import StarterTask

    task, _ = StarterTask.objects.get_or_create(group=cast.group_a, task="first_meeting")
    return {"slug": cast.group_a.slug, "pk": task.pk}


def unsent_email(cast: Cast) -> dict:
    """An email to a member that the mail server refused."""
    from django.utils import timezone

    from twinning.core.models import OutgoingEmail

    made = OutgoingEmail.objects.create(
        to=cast.member.email,
        from_email="Twinning <noreply@example.org>",
        subject="About your group",
        body="…",
        attempts=1,
        last_tried_at=timezone.now(),
        last_error="SMTPRecipientsRefused: 550 5.1.1 User unknown",
    )
    return {"pk": made.pk}


def join_request(cast: Cast) -> dict:
    """Someone with no group asking to join group A."""
    from twinning.directory.models import JoinRequest

    made = JoinRequest.objects.create(group=cast.group_a, user=cast.stranger, message="Hello")
    return {"slug": cast.group_a.slug, "pk": made.pk}


ORGANISERS_OF_ANY_GROUP = frozenset({"organiser", "other_organiser"})
INTRODUCED_SIDES = frozenset({"organiser", "partner_contact"})


ROUTES: dict[str, Route] = {
    # --- machines ---
    "healthz": Route(EVERYONE),
    # --- API ---
    "api-1:api-root": Route(
        EVERYONE, api=True, also_ok=frozenset({404}), why="ninja's root has no page"
    ),
    "api-1:openapi-json": Route(EVERYONE, api=True),
    "api-1:openapi-view": Route(EVERYONE, api=True),
    "api-1:me": Route(SIGNED_IN, api=True),
    "api-1:group_list": Route(EVERYONE, api=True),
    "api-1:group_detail": Route(EVERYONE, group_a, api=True),
    "api-1:group_members": Route(GROUP_MEMBERS, group_a, api=True, tenant="group"),
    "api-1:partner_list": Route(EVERYONE, api=True),
    "api-1:partner_detail": Route(EVERYONE, partner_p, api=True),
    "api-1:link_list": Route(EVERYONE, api=True),
    "api-1:link_detail": Route(EVERYONE, lambda cast: {"pk": cast.link.pk}, api=True),
    # --- core ---
    "core:home": Route(EVERYONE),
    "core:privacy": Route(EVERYONE),
    "core:audit": Route(COORDINATORS),
    "core:emails_not_sent": Route(COORDINATORS),
    "core:email_retry": Route(COORDINATORS, unsent_email, method="post"),
    "core:email_discard": Route(COORDINATORS, unsent_email, method="post"),
    # --- accounts ---
    "accounts:home": Route(SIGNED_IN),
    "accounts:profile": Route(SIGNED_IN),
    "accounts:contact": Route(EVERYONE),
    "accounts:export": Route(SIGNED_IN),
    "accounts:erase": Route(SIGNED_IN),
    "accounts:people": Route(COORDINATORS),
    "accounts:api_tokens": Route(COORDINATORS),
    "accounts:api_token_revoke": Route(
        COORDINATORS, lambda cast: {"pk": coordinators_token(cast).pk}, method="post"
    ),
    "accounts:person": Route(COORDINATORS, lambda cast: {"pk": cast.stranger.pk}),
    # --- directory ---
    "directory:groups": Route(EVERYONE),
    "directory:group_add": Route(SIGNED_IN),
    "directory:partner_add": Route(SIGNED_IN),
    "directory:partner_review": Route(
        COORDINATORS,
        lambda cast: {"slug": pending_partner(cast).slug},
        method="post",
        data=lambda cast: {"decision": "approve"},
    ),
    "directory:review_queue": Route(COORDINATORS),
    "directory:group_review": Route(
        COORDINATORS, group_a, method="post", data=lambda cast: {"decision": "approve"}
    ),
    "directory:group": Route(EVERYONE, group_a),
    "directory:import_upload": Route(COORDINATORS),
    "directory:everything_csv": Route(COORDINATORS),
    "directory:everything_xlsx": Route(COORDINATORS),
    "directory:import": Route(COORDINATORS, lambda cast: {"pk": checked_import(cast).pk}),
    "directory:import_check_again": Route(
        COORDINATORS, lambda cast: {"pk": checked_import(cast).pk}, method="post"
    ),
    "directory:import_start": Route(
        COORDINATORS, lambda cast: {"pk": checked_import(cast).pk}, method="post"
    ),
    "directory:group_edit": Route(GROUP_ORGANISERS, group_a, tenant="group"),
    "directory:group_logo": Route(EVERYONE, lambda cast: group_with_logo(cast)),
    "directory:group_members": Route(GROUP_MEMBERS, group_a, tenant="group"),
    "directory:group_join": Route(SIGNED_IN, group_a),
    "directory:group_write": Route(EVERYONE, group_a),
    "directory:join_answer": Route(
        GROUP_ORGANISERS,
        join_request,
        method="post",
        data=lambda cast: {"decision": "accept"},
        tenant="group",
    ),
    "directory:group_invite": Route(
        GROUP_ORGANISERS,
        group_a,
        method="post",
        data=lambda cast: {"email": "someone@example.org", "role": "member"},
        tenant="group",
    ),
    "directory:invitation_withdraw": Route(
        GROUP_ORGANISERS,
        lambda cast: {"slug": cast.group_a.slug, "pk": cast.invitation.pk},
        method="post",
        tenant="group",
    ),
    "directory:invitation_confirm": Route(
        GROUP_ORGANISERS,
        lambda cast: {"slug": cast.group_a.slug, "pk": cast.invitation.pk},
        method="post",
        data=lambda cast: {"answer": "refuse"},
        tenant="group",
    ),
    "directory:invitation": Route(
        SIGNED_IN, lambda cast: {"token": cast.invitation.token}, why="the link is the credential"
    ),
    "directory:group_member_change": Route(
        GROUP_ORGANISERS,
        lambda cast: {"slug": cast.group_a.slug, "pk": cast.member_role.pk},
        method="post",
        data=lambda cast: {"role": "organiser"},
        tenant="group",
    ),
    # --- matching ---
    "matching:seeking": Route(EVERYONE),
    "matching:request": Route(EVERYONE, twin_request),
    "matching:request_new": Route(PARTNER_CONTACTS, partner_p, tenant="partner"),
    "matching:request_edit": Route(PARTNER_CONTACTS, twin_request, tenant="partner"),
    "matching:interest": Route(
        ORGANISERS_OF_ANY_GROUP,
        twin_request,
        method="post",
        data=lambda cast: {"group": cast.group_a.pk, "message": "Hello"},
        why="any organiser of an approved group may express interest (a wrong group: 422)",
        also_ok=frozenset({422}),
    ),
    "matching:introduce": Route(
        COORDINATORS,
        twin_request,
        method="post",
        data=lambda cast: {"group": cast.group_b.pk},
    ),
    "matching:exclude": Route(
        COORDINATORS,
        twin_request,
        method="post",
        data=lambda cast: {"group": cast.group_b.pk, "reason": "too far"},
    ),
    "matching:offer_edit": Route(GROUP_ORGANISERS, group_a, tenant="group"),
    "matching:offer": Route(GROUP_ORGANISERS, group_a_offer, tenant="group"),
    "matching:board": Route(COORDINATORS),
    "matching:suggestions": Route(COORDINATORS),
    "matching:introduction": Route(
        frozenset({"organiser", "partner_contact", "coordinator"}), introduction, tenant="link"
    ),
    "matching:advance": Route(
        frozenset({"organiser", "partner_contact", "coordinator"}),
        accepted_introduction,
        method="post",
        data=lambda cast: {"stage": "first_contact", "note": "We spoke."},
        tenant="link",
        why="first contact is either side's step (the matching tests refuse the others)",
    ),
    "matching:accept": Route(INTRODUCED_SIDES, introduction, method="post", tenant="link"),
    "matching:decline": Route(
        frozenset({"organiser", "partner_contact", "coordinator"}),
        introduction,
        method="post",
        tenant="link",
    ),
    # --- formation ---
    "formation:start": Route(EVERYONE),
    "formation:registered": Route(
        EVERYONE, why="shows the registration kept in this browser's session, else the form"
    ),
    "formation:confirm": Route(EVERYONE, registration_token, why="the link is the credential"),
    "formation:withdraw": Route(EVERYONE, registration_token, why="the link is the credential"),
    "formation:pools": Route(COORDINATORS),
    "formation:pool": Route(COORDINATORS, pool),
    "formation:pool_start": Route(
        COORDINATORS,
        pool,
        method="post",
        data=lambda cast: {"name": "Oxford Twinning", "kind": "friendship_group"},
    ),
    "formation:checklist": Route(GROUP_MEMBERS, group_a, tenant="group"),
    "formation:checklist_start": Route(GROUP_ORGANISERS, group_a, method="post", tenant="group"),
    "formation:task": Route(
        GROUP_ORGANISERS,
        checklist_task,
        method="post",
        data=lambda cast: {"done": "1"},
        tenant="group",
    ),
    # --- running a group: meetings ---
    "activities:meetings": Route(JOINT, group_a, tenant="link"),
    "activities:meeting_new": Route(GROUP_ORGANISERS, group_a, tenant="link"),
    "activities:meeting": Route(JOINT, joint_meeting, tenant="link"),
    "activities:meeting_edit": Route(GROUP_ORGANISERS, joint_meeting, tenant="link"),
    "activities:meeting_respond": Route(
        JOINT, joint_meeting, method="post", data=lambda cast: {"response": "yes"}, tenant="link"
    ),
    "activities:meeting_cancel": Route(
        GROUP_ORGANISERS, joint_meeting, method="post", tenant="link"
    ),
    "activities:meeting_attendance": Route(GROUP_ORGANISERS, joint_meeting, tenant="link"),
    "activities:meeting_minutes": Route(GROUP_ORGANISERS, joint_meeting, tenant="link"),
    "activities:meeting_ics": Route(JOINT, joint_meeting, tenant="link"),
    "activities:calendar_address": Route(JOINT, group_a, method="post", tenant="link"),
    "activities:calendar_feed": Route(EVERYONE, calendar_feed, why="the address is the credential"),
    # --- running a group: visits ---
    "activities:visits": Route(JOINT, group_a, tenant="link"),
    "activities:visit_new": Route(GROUP_ORGANISERS, group_a, tenant="link"),
    "activities:visit": Route(JOINT, a_visit, tenant="link"),
    "activities:visit_edit": Route(GROUP_ORGANISERS, a_visit, tenant="link"),
    "activities:visit_status": Route(
        GROUP_ORGANISERS,
        a_visit,
        method="post",
        data=lambda cast: {"status": "planning"},
        tenant="link",
    ),
    "activities:visit_day_add": Route(
        GROUP_ORGANISERS,
        a_visit,
        method="post",
        data=lambda cast: {"day": "2026-04-11", "place": "Oxford"},
        tenant="link",
    ),
    "activities:visit_day": Route(GROUP_ORGANISERS, visit_day, tenant="link"),
    "activities:visit_participants": Route(
        GROUP_ORGANISERS, a_visit, tenant="link", why="the list for venues: organisers only"
    ),
    "activities:visit_participants_csv": Route(GROUP_ORGANISERS, a_visit, tenant="link"),
    "activities:participant": Route(GROUP_ORGANISERS, visit_person, tenant="link"),
    "activities:participant_letter": Route(
        GROUP_ORGANISERS,
        visit_person,
        tenant="link",
        why="a coordinator is sent back with a message: passport details are organisers' only",
    ),
    "activities:visit_report": Route(GROUP_ORGANISERS, a_visit, tenant="link"),
    "activities:visit_photo_add": Route(
        GROUP_ORGANISERS,
        a_visit,
        method="post",
        data=lambda cast: {"photo": _photo_upload(), "caption": "Olives"},
        tenant="link",
    ),
    "activities:visit_photo_remove": Route(
        GROUP_ORGANISERS, visit_photo, method="post", tenant="link"
    ),
    "activities:visit_photo": Route(
        EVERYONE, visit_photo, why="the report is public; a private one's photo is 404"
    ),
    "activities:visit_public_report": Route(EVERYONE, public_report),
    # --- running a group: fundraising ---
    "activities:appeals": Route(JOINT, group_a, tenant="link"),
    "activities:appeal_new": Route(GROUP_ORGANISERS, group_a, tenant="link"),
    "activities:appeal": Route(JOINT, an_appeal, tenant="link"),
    "activities:appeal_edit": Route(GROUP_ORGANISERS, an_appeal, tenant="link"),
    "activities:donation_add": Route(
        GROUP_ORGANISERS,
        an_appeal,
        method="post",
        data=lambda cast: {"amount": "5", "received_on": "2026-11-03", "method": "cash"},
        tenant="link",
    ),
    "activities:transfer_add": Route(
        GROUP_ORGANISERS,
        an_appeal,
        method="post",
        data=lambda cast: {"amount": "5", "sent_on": "2026-11-03", "how": "bank_transfer"},
        tenant="link",
    ),
    "activities:donation": Route(GROUP_ORGANISERS, a_donation, tenant="link"),
    "activities:transfer": Route(GROUP_ORGANISERS, a_transfer, tenant="link"),
    "activities:transfer_confirm": Route(
        PARTNER_CONTACTS,
        a_transfer,
        method="post",
        data=lambda cast: {"confirmation": "Arrived"},
        tenant="link",
        why="the receiving partner says the money arrived",
    ),
    "activities:appeal_ledger_csv": Route(GROUP_ORGANISERS, an_appeal, tenant="link"),
    "activities:appeal_public": Route(EVERYONE, an_appeal),
    # --- running a group: campaigning ---
    "activities:contacts": Route(GROUP_MEMBERS, group_a, tenant="link"),
    "activities:contact_new": Route(GROUP_ORGANISERS, group_a, tenant="link"),
    "activities:contact": Route(GROUP_MEMBERS, campaign_contact, tenant="link"),
    "activities:contact_edit": Route(GROUP_ORGANISERS, campaign_contact, tenant="link"),
    "activities:interaction_add": Route(
        GROUP_ORGANISERS,
        campaign_contact,
        method="post",
        data=lambda cast: {"on": "2026-10-01", "kind": "wrote"},
        tenant="link",
    ),
    "activities:public_meetings": Route(EVERYONE, group_a),
    "activities:public_meeting_new": Route(GROUP_ORGANISERS, group_a, tenant="link"),
    "activities:public_meeting": Route(EVERYONE, public_meeting),
    "activities:public_meeting_edit": Route(GROUP_ORGANISERS, public_meeting, tenant="link"),
    "activities:whats_on": Route(EVERYONE),
    # --- link health ---
    "activities:link_health": Route(COORDINATORS),
    # --- places ---
    "places:search": Route(EVERYONE),
    "places:place": Route(EVERYONE, lambda cast: {"pk": cast.place.pk}),
    "places:add": Route(COORDINATORS),
    "places:hide": Route(
        COORDINATORS,
        lambda cast: {"pk": cast.place.pk},
        method="post",
        data=lambda cast: {"hidden": "1"},
    ),
    "places:about_data": Route(EVERYONE),
    "api-1:place_search": Route(EVERYONE, api=True, query={"q": "Beit"}),
    "directory:links": Route(EVERYONE),
    "directory:links_csv": Route(EVERYONE),
    "directory:links_geojson": Route(EVERYONE),
    "directory:link": Route(EVERYONE, lambda cast: {"pk": cast.link.pk}),
    "directory:overview": Route(EVERYONE),
    "directory:link_status": Route(
        LINK_SIDES,
        lambda cast: {"pk": cast.link.pk},
        method="post",
        data=lambda cast: {"status": "dormant"},
        tenant="link",
    ),
    "directory:link_propose": Route(GROUP_ORGANISERS, group_a, tenant="group"),
    "directory:partners": Route(EVERYONE),
    "directory:partner": Route(EVERYONE, partner_p),
    "directory:partner_edit": Route(PARTNER_CONTACTS, partner_p, tenant="partner"),
    # --- sign-in, sign-up and passwords (allauth) ---
    "account_login": Route(EVERYONE),
    "account_logout": Route(EVERYONE, method="post"),
    "account_inactive": Route(EVERYONE),
    "account_signup": Route(EVERYONE),
    "account_reauthenticate": Route(SIGNED_IN),
    "account_request_reauthentication_code": Route(SIGNED_IN),
    "account_confirm_reauthentication_code": Route(SIGNED_IN),
    "account_email": Route(SIGNED_IN),
    "account_email_verification_sent": Route(EVERYONE),
    "account_change_password": Route(SIGNED_IN),
    "account_set_password": Route(SIGNED_IN),
    "account_reset_password": Route(EVERYONE),
    "account_confirm_login_code": Route(EVERYONE, why="without a pending sign-in it redirects"),
    "account_confirm_email": Route(EVERYONE, lambda cast: {"key": "not-a-real-key"}),
    "account_reset_password_from_key_done": Route(EVERYONE),
    "account_reset_password_from_key": Route(
        EVERYONE, lambda cast: {"uidb36": "1", "key": "not-a-real-key"}
    ),
    "account_reset_password_done": Route(EVERYONE),
    # --- two-factor sign-in (allauth.mfa) ---
    "mfa_index": Route(SIGNED_IN),
    "mfa_authenticate": Route(
        EVERYONE, why="part of signing in: without a pending sign-in it redirects"
    ),
    "mfa_reauthenticate": Route(SIGNED_IN),
    "mfa_activate_totp": Route(SIGNED_IN),
    "mfa_deactivate_totp": Route(SIGNED_IN, also_ok=NO_MFA_YET, why="404 until TOTP is on"),
    "mfa_view_recovery_codes": Route(SIGNED_IN, also_ok=NO_MFA_YET, why="404 until TOTP is on"),
    "mfa_generate_recovery_codes": Route(SIGNED_IN),
    "mfa_download_recovery_codes": Route(SIGNED_IN, also_ok=NO_MFA_YET, why="404 until TOTP is on"),
}


def _walk(patterns, namespace: str | None = None, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            full = f"{namespace}:{name}" if namespace and name else name
            yield full, prefix + str(pattern.pattern)


def all_routes() -> list[tuple[str | None, str]]:
    return list(_walk(get_resolver().url_patterns))


def is_admin(name: str | None, pattern: str) -> bool:
    return (name or "").startswith("admin:") or pattern.startswith("admin/")


def test_every_route_is_in_the_matrix() -> None:
    missing = [
        f"{name or '(unnamed)'}  {pattern}"
        for name, pattern in all_routes()
        if not is_admin(name, pattern) and name not in ROUTES
    ]
    assert not missing, "Routes missing from the permission matrix:\n" + "\n".join(missing)


def test_the_matrix_names_no_route_that_is_gone() -> None:
    names = {name for name, _pattern in all_routes()}
    assert set(ROUTES) <= names, sorted(set(ROUTES) - names)


def _expected(route: Route, role: str) -> str:
    if role in route.allowed:
        return "allowed"
    if role == "anonymous":
        return "unauthorised" if route.api else "sign-in"
    if route.tenant == "group" and role == "other_organiser":
        return "not found"
    if route.tenant == "partner" and role == "other_partner_contact":
        return "not found"
    if route.tenant == "link" and role in ("other_organiser", "other_partner_contact"):
        return "not found"
    return "forbidden"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(name: str, role: str, cast: Cast) -> None:
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(cast))
    if route.query:
        url += "?" + urlencode(route.query)
    client = client_for(cast.person(role))
    response = getattr(client, route.method)(url, route.data(cast))
    status = response.status_code
    expected = _expected(route, role)
    where = f"{route.method.upper()} {url} as {role}: got {status}"
    if expected == "allowed":
        assert status < 400 or status in route.also_ok, where
        if 300 <= status < 400 and role != "anonymous":
            assert not response["Location"].startswith(reverse("account_login")), where
    elif expected == "sign-in":
        assert status == 302, where
        assert response["Location"].startswith(reverse("account_login")), where
    elif expected == "unauthorised":
        assert status == 401, where
    elif expected == "not found":
        assert status == 404, where
    else:
        assert status == 403, where


ADMIN_KWARGS = {
    "object_id": "1",
    "app_label": "accounts",
    "content_type_id": "1",
    "id": "1",
}


def _admin_urls() -> list[str]:
    urls = []
    for name, pattern in all_routes():
        if not name or not name.startswith("admin:") or name == "admin:logout":
            continue
        wanted = {
            key: value
            for key, value in ADMIN_KWARGS.items()
            if f"<{key}>" in pattern or f"<path:{key}>" in pattern or f"(?P<{key}>" in pattern
        }
        urls.append(reverse(name, kwargs=wanted))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_site_sends_everyone_but_technical_admins_to_its_sign_in(
    role: str, cast: Cast
) -> None:
    client = client_for(cast.person(role))
    login = reverse("admin:login")
    for url in _admin_urls():
        response = client.get(url)
        if url == login:
            # the site's one sign-in page, for whoever is not signed in; no one else
            assert response.status_code in (302, 403), url
            continue
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert response["Location"].startswith(login), url


@pytest.mark.django_db
def test_a_technical_administrator_opens_every_list_in_the_admin_site(client) -> None:
    from twinning.accounts.models import User

    User.objects.create_superuser("root@example.org", "a long admin password")
    response = client.post(
        "/accounts/login/", {"login": "root@example.org", "password": "a long admin password"}
    )
    assert response.status_code == 302
    changelists = [url for url in _admin_urls() if url.count("/") == 4]  # /admin/<app>/<model>/
    assert changelists
    for url in changelists:
        assert client.get(url).status_code == 200, url
