"""An illustrative network: links between real places, run by clearly fictional people.

The pairs of places follow public information about UK–Palestine twinning
links; the groups' texts are written for the demo, and every person is
fictional (example addresses only).
"""

from datetime import date, timedelta

from django.utils import timezone

from twinning.accounts.models import User
from twinning.directory.logos import prepare_logo
from twinning.directory.models import (
    Group,
    GroupInvitation,
    GroupRole,
    JoinRequest,
    Link,
    Partner,
)
from twinning.directory.services import (
    group_role_set,
    group_set_logo,
    join_answer,
    join_ask,
    link_propose,
    link_set_status,
    partner_contact_add,
)
from twinning.places.models import Place
from twinning.places.search import search_places

# slug, name, kind, place query, founded, description
GROUPS = [
    (
        "oxford-friends-of-beit-ummar",
        "Oxford Friends of Beit Ummar (demo)",
        "friendship_group",
        "Oxford",
        2009,
        "A friendship group of neighbours in Oxford. We meet monthly, host visitors from the village "
        "each spring and raise funds for the girls' school library.",
    ),
    (
        "leeds-jenin-camp-link",
        "Leeds – Jenin Camp Link (demo)",
        "university",
        "Leeds",
        2016,
        "Students and staff at a Leeds college, linked with a youth centre in Jenin camp.",
    ),
    (
        "cardiff-faith-twinning",
        "Cardiff Churches and Mosques Twinning (demo)",
        "faith_group",
        "Cardiff",
        2012,
        "Faith communities in Cardiff who visit and pray with their friends in Bethlehem.",
    ),
    (
        "camden-abu-dis",
        "Camden Abu Dis Friendship Association (demo)",
        "twinning_association",
        "Camden Town",
        1984,
        "One of the oldest links in the network: exchanges of students, health workers and councillors.",
    ),
    (
        "oxford-ramallah",
        "Oxford Ramallah Friendship Association (demo)",
        "twinning_association",
        "Oxford",
        2001,
        "Works for a formal twinning between the two cities, with cultural exchanges and delegations.",
    ),
    (
        "dundee-nablus",
        "Dundee Nablus Twinning Association (demo)",
        "council",
        "Dundee",
        1980,
        "A council twinning agreed in 1980, revived by a friendship group.",
    ),
    (
        "glasgow-bethlehem",
        "Glasgow Bethlehem Association (demo)",
        "twinning_association",
        "Glasgow",
        2003,
        "Links between the two cities' schools, churches and universities.",
    ),
    (
        "luton-battir",
        "Luton Battir Friendship (demo)",
        "friendship_group",
        "Luton",
        2010,
        "Friends of the village of terraces and Roman springs, a World Heritage site.",
    ),
    (
        "hanwell-sebastia",
        "Hanwell Sebastia Friendship (demo)",
        "friendship_group",
        "Hanwell",
        2013,
        "A small friendship link around the ancient village of Sebastia.",
    ),
    (
        "tower-hamlets-jenin",
        "Tower Hamlets Jenin Friendship (demo)",
        "friendship_group",
        "Stepney",
        2006,
        "East London friends of Jenin: sport, theatre and visits.",
    ),
    (
        "northampton-al-bireh",
        "Northampton Al-Bireh Link (demo)",
        "twinning_association",
        "Northampton",
        2014,
        "A town-to-town friendship with Al-Bireh, next to Ramallah.",
    ),
    (
        "kennington-aida",
        "Kennington Aida Camp Friends (demo)",
        "friendship_group",
        "Kennington",
        2011,
        "Friends of the young people of Aida refugee camp in Bethlehem.",
    ),
]

# slug, name, name_ar, kind, place query, sensitive, description, description_ar
PARTNERS = [
    (
        "beit-ummar-village-council",
        "Beit Ummar Village Council (demo)",
        "مجلس قروي بيت أمر (تجريبي)",
        "council",
        "Beit Ummar",
        False,
        "A farming village between Bethlehem and Hebron, known for its grapes and plums.",
        "قرية زراعية بين بيت لحم والخليل، تشتهر بالعنب والخوخ.",
    ),
    (
        "jenin-camp-youth-centre",
        "Jenin Camp Youth Centre (demo)",
        "مركز شباب مخيم جنين (تجريبي)",
        "youth_centre",
        "Jenin Camp",
        False,
        "A youth and sports centre in Jenin refugee camp.",
        "مركز للشباب والرياضة في مخيم جنين للاجئين.",
    ),
    (
        "al-khalil-girls-secondary-school",
        "Al-Khalil Girls' Secondary School (demo)",
        "مدرسة الخليل الثانوية للبنات (تجريبي)",
        "school",
        "Hebron",
        False,
        "A girls' secondary school that has asked the network for a British twin.",
        "مدرسة ثانوية للبنات طلبت من الشبكة توأمًا بريطانيًا.",
    ),
    (
        "abu-dis",
        "Abu Dis (demo)",
        "أبو ديس (تجريبي)",
        "council",
        "Abu Dis",
        False,
        "A town east of Jerusalem, cut off from the city by the wall.",
        "بلدة شرق القدس فصلها الجدار عن المدينة.",
    ),
    (
        "ramallah",
        "Ramallah Municipality (demo)",
        "بلدية رام الله (تجريبي)",
        "council",
        "Ramallah",
        False,
        "",
        "",
    ),
    (
        "nablus",
        "Nablus Municipality (demo)",
        "بلدية نابلس (تجريبي)",
        "council",
        "Nablus",
        False,
        "",
        "",
    ),
    (
        "bethlehem",
        "Bethlehem Municipality (demo)",
        "بلدية بيت لحم (تجريبي)",
        "council",
        "Bethlehem",
        False,
        "",
        "",
    ),
    (
        "battir",
        "Battir Village Council (demo)",
        "مجلس قروي بتير (تجريبي)",
        "council",
        "Battir",
        False,
        "",
        "",
    ),
    (
        "sebastia",
        "Sebastia Municipality (demo)",
        "بلدية سبسطية (تجريبي)",
        "council",
        "Sebastia",
        False,
        "",
        "",
    ),
    (
        "jenin",
        "Jenin Municipality (demo)",
        "بلدية جنين (تجريبي)",
        "council",
        "Jenin",
        False,
        "",
        "",
    ),
    (
        "al-bireh",
        "Al-Bireh Municipality (demo)",
        "بلدية البيرة (تجريبي)",
        "council",
        "Al-Bireh",
        False,
        "",
        "",
    ),
    (
        "aida-camp",
        "Aida Camp Youth Club (demo)",
        "نادي شباب مخيم عايدة (تجريبي)",
        "youth_centre",
        "Aida Camp",
        False,
        "",
        "",
    ),
    (
        "women-cooperative-gaza",
        "Women's Co-operative (demo, sensitive)",
        "تعاونية نسائية (تجريبي)",
        "cooperative",
        "Jabalia",
        True,
        "Shown in the demo as a sensitive partner: the public sees only its kind and governorate.",
        "",
    ),
]

# group, partner, kind, status, since, story
LINKS = [
    (
        "oxford-friends-of-beit-ummar",
        "beit-ummar-village-council",
        "friendship",
        "active",
        2009,
        "Spring visits both ways and a library for the girls' school.",
    ),
    ("leeds-jenin-camp-link", "jenin-camp-youth-centre", "university", "active", 2016, ""),
    (
        "cardiff-faith-twinning",
        "bethlehem",
        "faith",
        "dormant",
        2012,
        "Quiet since the pandemic; looking for new organisers.",
    ),
    ("camden-abu-dis", "abu-dis", "friendship", "active", 1984, "Forty years of exchanges."),
    ("oxford-ramallah", "ramallah", "friendship", "active", 2001, ""),
    (
        "dundee-nablus",
        "nablus",
        "council",
        "active",
        1980,
        "A formal twinning agreed by both councils.",
    ),
    ("glasgow-bethlehem", "bethlehem", "council", "active", 2003, ""),
    ("luton-battir", "battir", "friendship", "active", 2010, ""),
    ("hanwell-sebastia", "sebastia", "friendship", "dormant", 2013, ""),
    ("tower-hamlets-jenin", "jenin", "friendship", "active", 2006, ""),
    ("kennington-aida", "aida-camp", "friendship", "active", 2011, ""),
    ("oxford-friends-of-beit-ummar", "women-cooperative-gaza", "friendship", "active", 2019, ""),
]


# Proposals waiting for the partner's yes, or closed: group, partner, kind, days ago, and
# why it was closed (empty while it waits). Beit Ummar's council has a contact to answer;
# Al-Bireh has none, so a coordinator answers for it.
PROPOSALS = [
    ("leeds-jenin-camp-link", "beit-ummar-village-council", "friendship", 9, ""),
    ("northampton-al-bireh", "al-bireh", "friendship", 40, ""),
    (
        "cardiff-faith-twinning",
        "battir",
        "faith",
        75,
        "Withdrawn: the group is finding new organisers first.",
    ),
]


def _demo_logo(initials: str) -> tuple[bytes, int, int]:
    """A plain round badge with the group's initials, drawn here (no outside artwork)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=(47, 94, 52, 255))
    draw.text((120, 120), initials, fill=(255, 255, 255, 255), anchor="mm", font_size=96)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return prepare_logo(buffer.getvalue())


def _proposals(groups: dict, partners: dict) -> None:
    today = timezone.localdate()
    for group, partner, kind, days_ago, closed in PROPOSALS:
        if Link.objects.filter(group=groups[group], partner=partners[partner]).exists():
            continue
        on = today - timedelta(days=days_ago)
        link = link_propose(
            actor=None, group=groups[group], partner=partners[partner], kind=kind, on=on
        )
        Link.objects.filter(pk=link.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        if closed:
            link_set_status(
                actor=None, link=link, status="ended", reason=closed, on=on + timedelta(days=6)
            )


def _join_requests(groups: dict, people: dict) -> None:
    """Requests to join a group in each state: one waiting for Oxford's organisers, one
    accepted and one declined by Leeds's."""
    oxford, leeds = groups["oxford-friends-of-beit-ummar"], groups["leeds-jenin-camp-link"]
    organiser2 = people["organiser2@demo.twinning.test"]
    asks = [
        ("newcomer@demo.twinning.test", oxford, None, "I moved to Cowley and speak some Arabic."),
        ("joined@demo.twinning.test", leeds, True, "A student at the university."),
        ("declined@demo.twinning.test", leeds, False, ""),
    ]
    for email, group, accept, message in asks:
        person = people[email]
        if JoinRequest.objects.filter(group=group, user=person).exists():
            continue
        join_request = join_ask(actor=person, group=group, message=message)
        if accept is not None:
            join_answer(actor=organiser2, join_request=join_request, accept=accept)


def _place(query: str, country: str) -> Place | None:
    found = search_places(query, country=country, limit=1)
    return found[0] if found else None


def load(stdout) -> dict:
    groups = {}
    for slug, name, kind, place, founded, description in GROUPS:
        groups[slug], _ = Group.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "place": _place(place, "GB"),
                "founded_on": date(founded, 1, 1),
                "description": description,
                "network_member": True,
                "languages": ["en", "ar"] if slug == "oxford-friends-of-beit-ummar" else ["en"],
            },
        )
    if not groups["oxford-friends-of-beit-ummar"].logo_changed_at:
        group_set_logo(
            actor=None, group=groups["oxford-friends-of-beit-ummar"], logo=_demo_logo("OF")
        )
    partners = {}
    for slug, name, name_ar, kind, place, sensitive, description, description_ar in PARTNERS:
        # by name: a sensitive partner's address is drawn at random when it is saved
        partners[slug], _ = Partner.objects.get_or_create(
            name=name,
            defaults={
                "slug": slug,
                "name_ar": name_ar,
                "kind": kind,
                "place": _place(place, "PS"),
                "sensitive": sensitive,
                "description": description,
                "description_ar": description_ar,
            },
        )
    people = {
        user.email: user for user in User.objects.filter(email__endswith="@demo.twinning.test")
    }
    roles = [
        ("oxford-friends-of-beit-ummar", "organiser@demo.twinning.test", GroupRole.Role.ORGANISER),
        ("oxford-friends-of-beit-ummar", "member@demo.twinning.test", GroupRole.Role.MEMBER),
        ("leeds-jenin-camp-link", "organiser2@demo.twinning.test", GroupRole.Role.ORGANISER),
    ]
    # Through the services, so the history of changes has something to show.
    for slug, email, role in roles:
        if not GroupRole.objects.filter(group=groups[slug], user=people[email]).exists():
            group_role_set(actor=None, group=groups[slug], user=people[email], role=role)
    partner_contact_add(
        actor=None,
        partner=partners["beit-ummar-village-council"],
        user=people["partner@demo.twinning.test"],
    )
    _invitations(groups["oxford-friends-of-beit-ummar"], people)
    for group, partner, kind, status, since, story in LINKS:
        if Link.objects.filter(group=groups[group], partner=partners[partner]).exists():
            continue
        first = "proposed" if status == "proposed" else "active"
        link = link_propose(
            actor=None,
            group=groups[group],
            partner=partners[partner],
            kind=kind,
            story=story,
            status=first,
            on=date(since, 6, 1),
        )
        if status == "dormant":
            link_set_status(
                actor=None,
                link=link,
                status="dormant",
                reason="No activity for a year",
                on=date(2023, 6, 1),
            )
    _proposals(groups, partners)
    _join_requests(groups, people)
    stdout.write(
        f"  directory: {len(groups)} groups, {len(partners)} partners, {Link.objects.count()} links"
    )
    return {
        "sign_ins": [
            ("organiser", "organiser@demo.twinning.test"),
            ("partner contact", "partner@demo.twinning.test"),
        ]
    }


def _invitations(group: Group, people: dict) -> None:
    """Invitations in each state an organiser meets on the members page: one waiting for an
    answer, and one to organise that another account answered (a forwarded email), waiting
    for the organisers to confirm who it is."""
    organiser = people["organiser@demo.twinning.test"]
    # kept fresh at each load: invitations last 14 days
    GroupInvitation.objects.update_or_create(
        group=group,
        email="neighbour@demo.twinning.test",
        defaults={
            "role": GroupRole.Role.MEMBER,
            "invited_by": organiser,
            "created_at": timezone.now(),
        },
    )
    GroupInvitation.objects.update_or_create(
        group=group,
        email="treasurer.home@demo.twinning.test",
        defaults={
            "role": GroupRole.Role.ORGANISER,
            "invited_by": organiser,
            "created_at": timezone.now(),
            "claimed_by": people["member@demo.twinning.test"],
            "claimed_at": timezone.now(),
        },
    )
