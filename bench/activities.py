"""Time a busy group's pages: its meetings, visits and appeals at any scale, and letters.

    uv run python bench/activities.py [--meetings 2000] [--donations 50000] [--rounds 20]

Fills a temporary database with one group whose link has `--meetings` meetings (each with the
group's 30 members on its list), as many visits and appeals as a decade brings, and
`--donations` donations spread over its appeals; then times each page through Django's test
client (median and p95 over `--rounds`, with the number of queries), the appeals' totals
against a sum in Python, and the invitation letter PDF. Asserts nothing.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--donations", type=int, default=50_000)
    parser.add_argument("--public-meetings", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    os.environ["TWINNING_TASKS"] = "immediate"
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("TWINNING_DATA_DIR", tempfile.mkdtemp(prefix="twinning-act-"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from twinning.accounts.models import User
    from twinning.activities import services
    from twinning.activities.letters import invitation_letter_pdf
    from twinning.activities.models import (
        Appeal,
        Donation,
        Meeting,
        MeetingPerson,
        PublicMeeting,
        Visit,
    )
    from twinning.directory.models import Group, GroupRole, Link, Partner

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    print(f"preparing {connection.vendor}…", file=sys.stderr, flush=True)
    call_command("migrate", verbosity=0)
    if Meeting.objects.exists() or Group.objects.filter(slug="bench-group").exists():
        raise SystemExit("bench/activities.py needs an empty database (leave DATABASE_URL unset).")

    rng = random.Random(8)
    group = Group.objects.create(name="Bench Twinning Group", slug="bench-group")
    partner = Partner.objects.create(name="Bench partner", slug="bench-partner")
    link = Link.objects.create(group=group, partner=partner, status="active")
    people = [
        User.objects.create_user(
            email=f"member{n}@example.org", password=None, display_name=f"M{n}"
        )
        for n in range(30)
    ]
    organiser = people[0]
    GroupRole.objects.bulk_create(
        [
            GroupRole(group=group, user=person, role="organiser" if n == 0 else "member")
            for n, person in enumerate(people)
        ]
    )
    now = timezone.now()
    meetings = [
        Meeting(
            group=group,
            link=link if n % 3 == 0 else None,
            title=f"Meeting {n}",
            starts_at=now + datetime.timedelta(days=n - args.meetings + 30),
            duration=90,
            ends_at=now + datetime.timedelta(days=n - args.meetings + 30, minutes=90),
        )
        for n in range(args.meetings)
    ]
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    rows = [
        MeetingPerson(meeting=meeting, user=person, response=rng.choice(["", "yes", "no", "maybe"]))
        for meeting in Meeting.objects.filter(group=group)
        for person in people
    ]
    for start in range(0, len(rows), 5000):
        MeetingPerson.objects.bulk_create(rows[start : start + 5000])
    print(f"  {args.meetings:,} meetings, {len(rows):,} answers", file=sys.stderr, flush=True)
    PublicMeeting.objects.bulk_create(
        [
            PublicMeeting(
                group=group,
                title=f"Public meeting {n}",
                speakers="A speaker from Palestine",
                venue="The town hall",
                starts_at=now + datetime.timedelta(hours=6 * n - 24 * 30),
            )
            for n in range(args.public_meetings)
        ],
        batch_size=1000,
    )
    print(f"  {args.public_meetings:,} public meetings (What's on)", file=sys.stderr, flush=True)

    appeals = [
        services.appeal_create(
            actor=organiser,
            group=group,
            values={
                "title": f"Appeal {n}",
                "purpose": "Bench.",
                "target": Decimal("10000"),
                "starts_on": datetime.date(2020 + n % 6, 1, 1),
                "link": link,
                "public": True,
            },
        )
        for n in range(20)
    ]
    amounts = [Decimal(rng.randint(1, 50_000)) / 100 for _ in range(args.donations)]
    gifts = [
        Donation(
            appeal=appeals[n % len(appeals)],
            amount=amount,
            received_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 700),
            method="cash",
            donor=f"Donor {n}",
        )
        for n, amount in enumerate(amounts)
    ]
    for start in range(0, len(gifts), 5000):
        Donation.objects.bulk_create(gifts[start : start + 5000])
    print(f"  {args.donations:,} donations over {len(appeals)} appeals", file=sys.stderr)

    visit = services.visit_create(
        actor=organiser,
        group=group,
        values={
            "link": link,
            "direction": "to_britain",
            "title": "Bench visit",
            "purpose": "Teachers meet teachers.",
            "starts_on": datetime.date(2030, 4, 10),
            "ends_on": datetime.date(2030, 4, 17),
        },
    )
    for day in range(8):
        services.visit_set_day(
            actor=organiser,
            visit=visit,
            values={"day": visit.starts_on + datetime.timedelta(days=day), "place": "Oxford"},
        )
    visitor = services.participant_add(
        actor=organiser,
        visit=visit,
        values={
            "name": "Mahmoud Abu Ayyash",
            "name_ar": "محمود أبو عياش",
            "passport_number": "P7781234",
            "date_of_birth": datetime.date(1975, 4, 2),
        },
    )

    client = Client()
    client.force_login(organiser)
    anonymous = Client()
    appeal = appeals[0]
    pages = [
        ("meetings", client, "/groups/bench-group/meetings/"),
        ("meeting", client, Meeting.objects.filter(group=group).last().get_absolute_url()),
        ("visits", client, "/groups/bench-group/visits/"),
        ("appeals", client, "/groups/bench-group/appeals/"),
        ("appeal (ledger)", client, appeal.get_absolute_url()),
        ("appeal (public)", anonymous, f"{appeal.get_absolute_url()}public/"),
        ("group page", anonymous, "/groups/bench-group/"),
        ("what's on", anonymous, "/whats-on/"),
        ("what's on, page 10", anonymous, "/whats-on/?page=10"),
    ]
    results = []
    for name, who, url in pages:
        who.get(url)
        times = []
        for _ in range(args.rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = who.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        row = {
            "page": name,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1 if len(times) > 1 else 0], 1),
            "queries": len(queries),
        }
        results.append(row)
        print(f"{name:18} p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  "
              f"{row['queries']:3} queries")  # fmt: skip

    started = time.perf_counter()
    listed = {a.pk: a.raised for a in Appeal.objects.filter(group=group).with_totals()}
    in_db = (time.perf_counter() - started) * 1000
    by_hand: dict[int, Decimal] = {}
    for gift in gifts:
        by_hand[gift.appeal_id] = by_hand.get(gift.appeal_id, Decimal("0")) + gift.amount
    exact = all(listed[pk] == total for pk, total in by_hand.items())
    if not exact:
        for pk, total in by_hand.items():
            if listed[pk] != total:
                print(f"  appeal {pk}: database {listed[pk]!r}, Python {total!r}", file=sys.stderr)
                break
    print(f"totals of {len(appeals)} appeals from {args.donations:,} donations: {in_db:.1f} ms, "
          f"equal to the sum in Python: {exact}")  # fmt: skip

    letter_times = []
    for _ in range(max(3, args.rounds // 5)):
        started = time.perf_counter()
        pdf = invitation_letter_pdf(visit=visit, participant=visitor, signer=organiser)
        letter_times.append((time.perf_counter() - started) * 1000)
    print(f"invitation letter PDF: p50 {statistics.median(letter_times):.0f} ms, "
          f"{len(pdf):,} bytes")  # fmt: skip

    figures = {
        "database": connection.vendor,
        "meetings": args.meetings,
        "donations": args.donations,
        "pages": results,
        "totals_ms": round(in_db, 1),
        "totals_exact": exact,
        "letter_p50_ms": round(statistics.median(letter_times), 1),
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    if os.environ.get("DATABASE_URL"):  # leave a shared database as it was
        Appeal.objects.filter(group=group).delete()
        Visit.objects.filter(group=group).delete()
        Meeting.objects.filter(group=group).delete()
        link.delete()
        group.delete()
        partner.delete()
        User.objects.filter(pk__in=[person.pk for person in people]).delete()


if __name__ == "__main__":
    main()
