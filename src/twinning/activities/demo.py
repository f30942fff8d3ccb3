"""Demo data for running a group: the Oxford group's meetings, one of them with its partner.
Safe to load again: nothing is duplicated."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from twinning.accounts.models import User
from twinning.activities import services
from twinning.activities.models import Appeal, Meeting, Visit
from twinning.directory.models import Group

GROUP = "oxford-friends-of-beit-ummar"


def _at(days: int, hour: int, zone: str) -> datetime.datetime:
    day = (timezone.now() + datetime.timedelta(days=days)).astimezone(ZoneInfo(zone)).date()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(zone))


def load(stdout) -> dict:
    group = Group.objects.filter(slug=GROUP).first()
    organiser = User.objects.filter(email="organiser@demo.twinning.test").first()
    if group is None or organiser is None:
        return {}
    link = group.links.exclude(status="ended").select_related("partner").first()
    meetings = [
        {
            "title": "Monthly meeting: accounts and the olive oil sale",
            "starts_at": _at(-20, 19, "Europe/London"),
            "where": "Friends Meeting House, 43 St Giles, Oxford",
            "agenda": "- Treasurer's report\n- Olive oil sale at the Christmas fair\n- News from Beit Ummar",
            "minutes": "## Decisions\n- The stall at the Christmas fair is booked.\n- "
            "Next month: plan the spring visit.",
        },
        {
            "title": "Joint call with Beit Ummar: the spring visit",
            "starts_at": _at(9, 20, "Asia/Hebron"),
            "online_url": "https://meet.jit.si/oxford-beit-ummar-demo",
            "agenda": "- Dates for the visit\n- Hosts and programme\n- Invitation letters",
            "link": link,
        },
        {
            "title": "Monthly meeting",
            "starts_at": _at(16, 19, "Europe/London"),
            "where": "Friends Meeting House, 43 St Giles, Oxford",
            "agenda": "- Reports from the joint call\n- Fundraising for the school library",
        },
    ]
    made = 0
    for values in meetings:
        if Meeting.objects.filter(group=group, title=values["title"]).exists():
            continue
        minutes = values.pop("minutes", "")
        meeting = services.meeting_schedule(
            actor=organiser, group=group, values=values, invite=False
        )
        if minutes:
            services.meeting_write_minutes(actor=organiser, meeting=meeting, minutes=minutes)
            member = User.objects.filter(email="member@demo.twinning.test").first()
            came = {organiser.pk} | ({member.pk} if member else set())
            services.meeting_record_attendance(
                actor=organiser, meeting=meeting, came=came, others=3
            )
        made += 1
    visits = _visits(group, organiser, link) if link is not None else 0
    appeals = _appeals(group, organiser, link)
    _campaigning(group, organiser)
    count = Meeting.objects.filter(group=group).count()
    stdout.write(
        f"  activities: {count} meetings ({made} new), {visits} new visits, {appeals} new appeals"
    )
    return {}


def _appeals(group, organiser, link) -> int:
    title = "Books for the girls' secondary school library"
    if Appeal.objects.filter(group=group, title=title).exists():
        return 0
    today = timezone.localdate()
    appeal = services.appeal_create(
        actor=organiser,
        group=group,
        values={
            "title": title,
            "purpose": "The school's library lost its books. £4,000 buys books in Arabic and "
            "English and two new shelves; the school's head chooses them.",
            "target": Decimal("4000.00"),
            "starts_on": today - datetime.timedelta(days=45),
            "link": link,
            "public": True,
        },
    )
    for days, amount, method, donor, gift_aid in (
        (44, "250.00", "bank_transfer", "Demo Donor One", True),
        (30, "1180.55", "cash", "", False),  # the Christmas fair stall
        (12, "75.00", "online", "Demo Donor Two", True),
    ):
        services.donation_record(
            actor=organiser,
            appeal=appeal,
            values={
                "amount": Decimal(amount),
                "received_on": today - datetime.timedelta(days=days),
                "method": method,
                "donor": donor,
                "gift_aid": gift_aid,
            },
        )
    services.transfer_record(
        actor=organiser,
        appeal=appeal,
        values={
            "amount": Decimal("1000.00"),
            "sent_on": today - datetime.timedelta(days=10),
            "how": "bank_transfer",
            "confirmation": "The school's head wrote that it arrived.",
            "confirmed_on": today - datetime.timedelta(days=6),
        },
    )
    # and money sent since, whose arrival the partner's contact has still to confirm
    services.transfer_record(
        actor=organiser,
        appeal=appeal,
        values={
            "amount": Decimal("400.00"),
            "sent_on": today - datetime.timedelta(days=3),
            "how": "bank_transfer",
            "reference": "DEMO-0002",
        },
    )
    return 1


def _visits(group, organiser, link) -> int:
    today = timezone.localdate()
    made = 0
    title = "Olive harvest delegation to Beit Ummar"
    if not Visit.objects.filter(group=group, title=title).exists():
        visit = services.visit_create(
            actor=organiser,
            group=group,
            values={
                "link": link,
                "direction": "to_palestine",
                "title": title,
                "purpose": "Pick olives with farming families and visit the schools we write to.",
                "starts_on": today - datetime.timedelta(days=60),
                "ends_on": today - datetime.timedelta(days=51),
                "hosts": "Families in Beit Ummar; the municipality",
                "who_pays": "Each visitor pays their own way.",
                "budget": Decimal("6500.00"),
            },
        )
        for status in ("planning", "confirmed", "under_way", "completed"):
            services.visit_set_status(actor=organiser, visit=visit, status=status)
        services.visit_write_report(
            actor=organiser,
            visit=visit,
            report="## Ten days of harvest\nEight of us picked olives with four families, "
            "visited two schools and brought back letters from the pupils.",
            public=True,
        )
        made += 1
    title = "Teachers from Beit Ummar in Oxford"
    if not Visit.objects.filter(group=group, title=title).exists():
        visit = services.visit_create(
            actor=organiser,
            group=group,
            values={
                "link": link,
                "direction": "to_britain",
                "title": title,
                "purpose": "Two teachers spend a week in Oxford schools, share lessons and "
                "tell their community's story at a public meeting.",
                "starts_on": today + datetime.timedelta(days=75),
                "ends_on": today + datetime.timedelta(days=81),
                "hosts": "Families of the Oxford group; Cheney School",
                "who_pays": "Oxford Friends of Beit Ummar pays the flights, visas, lodging "
                "and food.",
                "budget": Decimal("3200.00"),
            },
        )
        services.visit_set_status(actor=organiser, visit=visit, status="planning")
        for offset, place, host, programme in (
            (0, "Oxford", "The Oxford group", "Arrival; welcome supper"),
            (1, "Cheney School", "Cheney School", "Lessons together; meeting the pupils"),
            (2, "Oxford Town Hall", "The Oxford group", "Public meeting: life in Beit Ummar"),
        ):
            services.visit_set_day(
                actor=organiser,
                visit=visit,
                values={
                    "day": visit.starts_on + datetime.timedelta(days=offset),
                    "place": place,
                    "host": host,
                    "programme": programme,
                },
            )
        for name, name_ar, role in (
            ("Huda Example (demo)", "هدى مثال", "English teacher"),
            ("Sami Sample (demo)", "سامي عينة", "Head teacher"),
        ):
            services.participant_add(
                actor=organiser,
                visit=visit,
                values={
                    "name": name,
                    "name_ar": name_ar,
                    "role": role,
                    "nationality": "Palestinian",
                    "passport_number": "DEMO0000",
                    "date_of_birth": datetime.date(1980, 1, 1),
                },
            )
        made += 1
    return made


def _campaigning(group, organiser) -> None:
    if group.campaign_contacts.exists():
        return
    today = timezone.localdate()
    for kind, name, organisation, role, log in (
        ("mp", "A. Member (demo)", "House of Commons", "MP for Oxford East",
         [(40, "wrote", "Asked about the olive harvest permits."), (20, "replied", "")]),
        ("councillor", "Cllr B. Ward (demo)", "Oxford City Council", "Cabinet member",
         [(15, "pledged", "Will table a twinning motion.")]),
        ("mosque", "Central Mosque (demo)", "Central Mosque", "Outreach officer", []),
        ("school", "Cheney School (demo)", "Cheney School", "Head of languages",
         [(10, "met", "A class will write to pupils in Beit Ummar.")]),
    ):  # fmt: skip
        contact = services.contact_create(
            actor=organiser,
            group=group,
            values={"kind": kind, "name": name, "organisation": organisation, "role": role},
        )
        for days, what, summary in log:
            services.interaction_record(
                actor=organiser,
                contact=contact,
                values={
                    "on": today - datetime.timedelta(days=days),
                    "kind": what,
                    "summary": summary,
                },
            )
    services.public_meeting_create(
        actor=organiser,
        group=group,
        values={
            "title": "Beit Ummar today: farmers and teachers speak",
            "speakers": "A teacher from Beit Ummar (online)\nThe Palestinian Mission's representative",
            "venue": "Oxford Town Hall, St Aldate's",
            "starts_at": _at(24, 19, "Europe/London"),
            "description": "An evening of first-hand accounts, with questions. Free; all welcome.",
            "expected_attendance": 120,
        },
    )
