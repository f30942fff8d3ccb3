"""Build a synthetic network at a given scale, for benchmarks.

Scale 1 is a network the size of today's: 500 groups, 500 partners, 600 links
and 5,000 people; scale 100 is a hundred times that. Groups sit on real
British towns and partners on real Palestinian places from the gazetteer;
names and descriptions are written from phrase banks in English and Arabic,
so search and rendering meet text like the real thing. Everyone is
fictional (example.org addresses).
"""

import random
import sys
import time

GROUP_PATTERNS = [
    "{town} Friends of {place}",
    "{town} – {place} Twinning Association",
    "{town} Palestine Link",
    "{town} Churches for {place}",
    "{town} Academy – {place} School Link",
    "{town} Trades Council Palestine Group",
]
PARTNER_PATTERNS = [
    ("{place} Village Council", "مجلس قروي {place_ar}"),
    ("{place} Municipality", "بلدية {place_ar}"),
    ("{place} Women's Centre", "مركز نساء {place_ar}"),
    ("{place} Youth Club", "نادي شباب {place_ar}"),
    ("{place} Girls' School", "مدرسة بنات {place_ar}"),
    ("{place} Farmers' Co-operative", "جمعية مزارعي {place_ar} التعاونية"),
]
SENTENCES_EN = [
    "We meet on the first Tuesday of every month in the library.",
    "Each spring we host visitors from our twin and stay with families there in the autumn.",
    "Our school choirs sing together over video every term.",
    "We raise funds for the olive harvest and for the clinic's new equipment.",
    "Members write to their MP about water and the right to move freely.",
    "The football team played a friendly match with the youth club.",
    "Students exchange letters in English and Arabic.",
    "We sell olive oil and embroidery at the Christmas market.",
]
SENTENCES_AR = [
    "نلتقي أصدقاءنا في بريطانيا عبر الإنترنت كل شهر.",
    "يزورنا وفد من المدينة التوأم في موسم قطف الزيتون.",
    "تتبادل الطالبات الرسائل مع مدرسة في بريطانيا.",
    "ندير مكتبة صغيرة ونادياً للشباب.",
    "نعمل على مشروع لجمع مياه الأمطار.",
    "تبيع التعاونية زيت الزيتون والتطريز.",
]
FIRST_NAMES = ["Alex", "Sam", "Jo", "Rowan", "Nadia", "Omar", "Leila", "Hugh", "Priya", "Tom"]
LAST_NAMES = ["Example", "Sample", "Placeholder", "Fictional", "Testwood", "Demo"]


def build(scale: float, *, seed: int = 11) -> dict[str, int]:
    """Create the network in the configured database; return the counts."""
    from django.contrib.auth.hashers import make_password

    from twinning.accounts.models import User
    from twinning.directory.models import Group, GroupRole, Link, Partner
    from twinning.directory.search import reindex_all
    from twinning.places.models import Place

    n_groups, n_partners = int(500 * scale), int(500 * scale)
    n_links, n_people = int(600 * scale), int(5000 * scale)
    if Group.objects.filter(slug__startswith="net-").count() >= n_groups:
        _say("  (network already built)")
        return {"groups": n_groups, "partners": n_partners, "links": n_links, "people": n_people}
    rng = random.Random(seed)
    started = time.monotonic()
    towns = list(
        Place.objects.filter(country="GB", kind__in=["city", "town"]).values_list("pk", "name")
    )
    places = list(
        Place.objects.filter(country="PS").exclude(name_ar="").values_list("pk", "name", "name_ar")
    )
    kinds = ["friendship_group", "twinning_association", "school", "church", "union", "council"]
    groups = []
    for i in range(n_groups):
        town, place = rng.choice(towns), rng.choice(places)
        name = rng.choice(GROUP_PATTERNS).format(town=town[1], place=place[1])
        groups.append(
            Group(
                name=f"{name} {i}",
                slug=f"net-g-{i}",
                kind=rng.choice(kinds),
                place_id=town[0],
                description=" ".join(rng.sample(SENTENCES_EN, 3)),
                languages=["en"],
            )
        )
    Group.objects.bulk_create(groups, batch_size=2000)
    _say(f"  {n_groups:,} groups ({time.monotonic() - started:.0f} s)")
    partners = []
    for i in range(n_partners):
        place = rng.choice(places)
        name, name_ar = rng.choice(PARTNER_PATTERNS)
        partner = Partner(
            name=f"{name.format(place=place[1])} {i}",
            name_ar=f"{name_ar.format(place_ar=place[2])} {i}",
            slug=f"net-p-{i}",
            kind="council",
            place_id=place[0],
            sensitive=rng.random() < 0.05,
            description=" ".join(rng.sample(SENTENCES_EN, 2)),
            description_ar=" ".join(rng.sample(SENTENCES_AR, 2)),
        )
        if partner.sensitive:
            partner.slug = f"p-net{i}"
        partner.sort_name = partner.listing_name()
        partners.append(partner)
    Partner.objects.bulk_create(partners, batch_size=2000)
    _say(f"  {n_partners:,} partners ({time.monotonic() - started:.0f} s)")
    groups = list(Group.objects.filter(slug__startswith="net-g-").order_by("pk"))
    partners = list(Partner.objects.filter(slug__contains="net").order_by("pk"))
    links, pairs = [], set()
    while len(links) < n_links:
        group, partner = rng.choice(groups), rng.choice(partners)
        if (group.pk, partner.pk) in pairs:
            continue
        pairs.add((group.pk, partner.pk))
        link = Link(
            group=group,
            partner=partner,
            kind=rng.choice(["friendship", "school", "council", "faith", "union"]),
            status=rng.choice(["active"] * 6 + ["dormant", "ended", "proposed"]),
            story=" ".join(rng.sample(SENTENCES_EN, 2)),
        )
        link.fill_listing()
        links.append(link)
    Link.objects.bulk_create(links, batch_size=2000)
    _say(f"  {n_links:,} links ({time.monotonic() - started:.0f} s)")
    password = make_password(None)
    people = [
        User(
            email=f"net-person-{i}@example.org",
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            password=password,
        )
        for i in range(n_people)
    ]
    User.objects.bulk_create(people, batch_size=5000)
    people = list(User.objects.filter(email__startswith="net-person-").values_list("pk", flat=True))
    roles = [
        GroupRole(
            group_id=groups[i % len(groups)].pk,
            user_id=person,
            role="organiser" if i < len(groups) else "member",
        )
        for i, person in enumerate(people)
    ]
    GroupRole.objects.bulk_create(roles, batch_size=5000)
    _say(f"  {n_people:,} people ({time.monotonic() - started:.0f} s)")
    _unsent_emails(n_people // 100, rng)
    entries = reindex_all()
    _say(f"  search index: {entries:,} entries ({time.monotonic() - started:.0f} s)")
    return {"groups": n_groups, "partners": n_partners, "links": n_links, "people": n_people}


def _unsent_emails(n: int, rng: random.Random) -> None:
    """Emails the mail server refused, one in a hundred people: coordinators' page of them."""
    import datetime

    from django.utils import timezone

    from twinning.core.models import OutgoingEmail

    now = timezone.now()
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=f"net-person-{rng.randrange(n * 100)}@example.org",
                from_email="Twinning <noreply@example.org>",
                subject=rng.choice(SENTENCES_EN),
                body=" ".join(rng.sample(SENTENCES_EN, 3)),
                attempts=rng.randint(1, 5),
                last_tried_at=now - datetime.timedelta(minutes=i),
                last_error="SMTPRecipientsRefused: 550 5.1.1 User unknown",
                queued_at=now - datetime.timedelta(hours=1, minutes=i),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    _say(f"  {n:,} emails not sent")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
