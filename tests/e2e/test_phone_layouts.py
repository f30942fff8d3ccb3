"""Every page of the journeys fits a phone: as each person of the cast, at 320 and 390 pixels,
in English and in Arabic, no page is wider than the screen (a table's rows become cards), so
the browser neither zooms out nor squeezes Arabic into half the screen. The pages pass
axe-core on the small phone."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.e2e.conftest import check_accessibility, ensure_gazetteer, shot
from tests.factories import GroupFactory, GroupRoleFactory, UserFactory
from twinning.activities import services as activities
from twinning.directory.models import GroupRole, Link, Partner
from twinning.formation import services as formation
from twinning.formation.models import Pool
from twinning.matching import services as matching
from twinning.places.models import Place

PHONES = (320, 390)
ROLES = ("coordinator", "organiser", "member", "partner_contact", "anonymous")  # the cast
# An address too long for a 320-pixel line: it must wrap, not widen the page.
LONG_EMAIL = "margaret.featherstonehaugh-cholmondeley@oxford-friends-of-beit-ummar.example.org"


def _network(cast) -> dict[str, str]:
    """What the journeys' pages show, so that no table is empty: a member with a long address,
    a meeting, a visit with its days and visitor, an appeal with money given and sent, a
    public meeting, a pool of neighbours, a group waiting for review, a request with an
    introduction, and a link gone quiet. Returns the pages' paths by name."""
    ensure_gazetteer()
    group, organiser = cast.group_a, cast.organiser
    group.website = "https://oxford-friends-of-beit-ummar.example.org/news/2026/our-autumn-visit"
    group.save(update_fields=["website"])
    GroupRoleFactory(
        group=group,
        user=UserFactory(email=LONG_EMAIL, display_name="Margaret Featherstonehaugh"),
        role=GroupRole.Role.MEMBER,
    )
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=40)
    meeting = activities.meeting_schedule(
        actor=organiser,
        group=group,
        values={
            "title": "Planning the olive harvest visit",
            "starts_at": timezone.now() + datetime.timedelta(days=9),
            "link": cast.link,
        },
        invite=False,
    )
    visit = activities.visit_create(
        actor=organiser,
        group=group,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Beit Ummar teachers in Oxford",
            "purpose": "Three teachers visit Oxford schools.",
            "starts_on": soon,
            "ends_on": soon + datetime.timedelta(days=6),
            "hosts": "Families of the Oxford group",
        },
    )
    activities.visit_set_day(
        actor=organiser,
        visit=visit,
        values={"day": soon, "place": "Oxford", "host": "Cheney School", "programme": "Lessons"},
    )
    activities.participant_add(
        actor=organiser,
        visit=visit,
        values={
            "name": "Mahmoud Abu Ayyash",
            "name_ar": "محمود أبو عياش",
            "role": "Head teacher",
            "date_of_birth": datetime.date(1975, 4, 2),
            "nationality": "Palestinian",
            "passport_number": "P7781234",
            "passport_expires_on": datetime.date(2031, 1, 1),
        },
    )
    appeal = activities.appeal_create(
        actor=organiser,
        group=group,
        values={
            "title": "A library for the girls' school",
            "purpose": "Books and shelves.",
            "target": Decimal("5000.00"),
            "starts_on": today,
            "link": cast.link,
            "public": True,
        },
    )
    activities.donation_record(
        actor=organiser,
        appeal=appeal,
        values={
            "amount": Decimal("1180.55"),
            "received_on": today,
            "method": "bank_transfer",
            "donor": "St Mary's Church, Iffley",
            "gift_aid": True,
        },
    )
    activities.transfer_record(
        actor=organiser,
        appeal=appeal,
        values={"amount": Decimal("1000.00"), "sent_on": today, "how": "bank_transfer"},
    )
    activities.public_meeting_create(
        actor=organiser,
        group=group,
        values={
            "title": "Life in Beit Ummar today",
            "speakers": "The Palestinian Ambassador\nA farmer from Beit Ummar",
            "venue": "Oxford Town Hall",
            "starts_at": timezone.now() + datetime.timedelta(days=14),
            "description": "First-hand accounts.",
        },
    )
    oxford = Place.objects.filter(country="GB", name="Oxford").first()
    for name in ("Nadia Hussain", "Peter Oldham"):
        registration = formation.registration_create(
            values={
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}@example.org",
                "place": oxford,
                "may_introduce": True,
                "language": "en",
            }
        )
        formation.registration_confirm(token=registration.token)
    GroupFactory(name="Hebden Bridge Friends of Sebastia", slug="waiting", status="pending")
    twin_request = matching.request_create(
        actor=cast.partner_contact,
        partner=cast.partner,
        values={"message": "Our girls' school hopes for a British school."},
    )
    introduction = matching.introduction_create(
        actor=cast.coordinator, twin_request=twin_request, group=cast.group_b
    )
    quiet = Link.objects.create(
        group=cast.group_b,
        partner=Partner.objects.get(slug="partner-q"),
        kind="friendship",
        status="active",
    )
    Link.objects.filter(pk=quiet.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800),
        last_activity_on=today - datetime.timedelta(days=700),
    )
    slug = group.slug
    return {
        "home": "/",
        "twinned": "/twinned/",
        "groups": "/groups/",
        "partners": "/partners/",
        "links": "/links/",
        "group": f"/groups/{slug}/",
        "members": f"/groups/{slug}/members/",
        "link": f"/links/{cast.link.pk}/",
        "partner": f"/partners/{cast.partner.slug}/",
        "whats-on": "/whats-on/",
        "quiet-links": "/links/quiet/",
        "history": "/history/",
        "people": "/people/",
        "pools": "/start-a-group/pools/",
        "pool": f"/start-a-group/pools/{Pool.objects.get().pk}/",
        "meetings": f"/groups/{slug}/meetings/",
        "meeting": f"/groups/{slug}/meetings/{meeting.pk}/",
        "appeals": f"/groups/{slug}/appeals/",
        "appeal": f"/groups/{slug}/appeals/{appeal.pk}/",
        "visits": f"/groups/{slug}/visits/",
        "visit": f"/groups/{slug}/visits/{visit.pk}/",
        "visitors": f"/groups/{slug}/visits/{visit.pk}/people/",
        "review-queue": "/groups/pending/",
        "board": "/introductions/",
        "introduction": f"/introductions/{introduction.pk}/",
        "request": f"/seeking/{twin_request.pk}/",
        "your-twinning": "/home/",
        "ask-to-join": "/groups/group-b/join/",
        "write-to-a-group": f"/groups/{slug}/write/",
        "contact": "/contact/",
        "erase": "/account/erase/",
    }


def _signed_in(browser, live_server, user, width: int):
    """A phone's browser, signed in as `user` (None: a visitor) with a session of their own."""
    context = browser.new_context(
        bypass_csp=True, viewport={"width": width, "height": 740}, is_mobile=True
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _width(page) -> int:
    """How wide the page is laid out: a phone zooms out to show a page wider than itself (its
    window grows), and a page can still scroll sideways past its window."""
    return page.evaluate("Math.max(window.innerWidth, document.documentElement.scrollWidth)")


@pytest.mark.django_db(transaction=True)
def test_every_page_of_the_journeys_fits_a_320_and_a_390_pixel_phone_in_both_languages(
    browser, live_server, cast
) -> None:
    pages = _network(cast)
    too_wide, checked = [], set()
    for role in ROLES:
        seen = 0
        for width in PHONES:
            context, page = _signed_in(browser, live_server, cast.person(role), width)
            for prefix in ("", "/ar"):
                for name, path in pages.items():
                    response = page.goto(live_server.url + prefix + path)
                    assert response.status < 500, f"{prefix}{path} answered {response.status}"
                    if response.ok:
                        seen += 1
                        # Each page is checked once, in Arabic on the small phone (where the
                        # right-to-left cards are laid out; the English page has the same
                        # elements), as the first of the cast who may open it.
                        if width == PHONES[0] and prefix == "/ar" and name not in checked:
                            checked.add(name)
                            check_accessibility(page, f"phone-{role}-{name}-ar")
                    if (measured := _width(page)) > width:
                        language = "ar" if prefix else "en"
                        shot(page, f"phone-too-wide-{role}-{width}-{name}-{language}")
                        too_wide.append(
                            f"as {role}: {prefix}{path} is {measured} px wide at {width} px"
                        )
            context.close()
        assert seen >= 8 * len(PHONES) * 2, role  # everyone sees at least the public pages
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.django_db(transaction=True)
def test_a_members_page_reads_as_cards_on_a_320_pixel_phone_in_arabic(
    browser, live_server, cast
) -> None:
    pages = _network(cast)
    context, page = _signed_in(browser, live_server, cast.organiser, 320)
    page.goto(live_server.url + "/ar" + pages["members"])
    assert page.locator("html").get_attribute("dir") == "rtl"
    card = page.locator("tbody tr").filter(has_text=LONG_EMAIL)
    # each cell is led by its column's name, and the long address wraps inside the screen
    label = card.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"البريد الإلكتروني:"'
    box = card.get_by_text(LONG_EMAIL).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    # the column headers are there for a screen reader, out of sight
    assert page.get_by_role("columnheader", name="البريد الإلكتروني").count() == 1
    assert _width(page) <= 320
    shot(page, "phone-members-ar-320")
    context.close()
