"""Demo data for matching: communities seeking a twin, groups seeking a partner, and one
introduction under way. Safe to load again: nothing is duplicated."""

from datetime import date

from twinning.accounts.models import User
from twinning.directory.models import Group, GroupRole, Interest, Partner
from twinning.directory.services import group_role_set
from twinning.matching import services
from twinning.matching.models import GroupOffer, Introduction, TwinRequest

REQUESTS = [
    (
        "al-khalil-girls-secondary-school",
        {
            "wished_group_kinds": ["school"],
            "hopes": ["school_exchange", "speaking_tour"],
            "languages": ["ar", "en"],
            "message": "Our 600 girls would love pen friends in a British school, and our "
            "teachers would like to visit to tell our story. (demo)",
            "message_ar": "تحب طالباتنا الستمئة أن يكون لهن أصدقاء بالمراسلة في مدرسة بريطانية، "
            "ويرغب معلماتنا في الزيارة ليروين قصتنا. (تجريبي)",
            "visited_on": date(2026, 3, 14),
            "visited_by": "the network's spring delegation (demo)",
        },
        ["education", "culture"],
    ),
    (
        "nablus",
        {
            "wished_group_kinds": ["twinning_association", "council"],
            "hopes": ["visitors", "project"],
            "languages": ["ar"],
            "message_ar": "تبحث البلدية عن مدينة بريطانية توأم لتبادل الزيارات ودعم مشروع مياه. "
            "(تجريبي)",
        },
        ["water"],
    ),
]

SCHOOL_GROUP = ("bristol-girls-academy", "Bristol Girls' Academy Palestine Link (demo)", "Bristol")


def load(stdout) -> dict:
    partners = {p.slug: p for p in Partner.objects.filter(slug__in=[r[0] for r in REQUESTS])}
    interests = {i.slug: i for i in Interest.objects.all()}
    made = 0
    for slug, values, interest_slugs in REQUESTS:
        partner = partners.get(slug)
        if partner is None or TwinRequest.objects.filter(partner=partner).exists():
            continue
        services.request_create(
            actor=None,
            partner=partner,
            values={
                **values,
                "interests": [interests[s] for s in interest_slugs if s in interests],
            },
        )
        made += 1
    school, _ = Group.objects.get_or_create(
        slug=SCHOOL_GROUP[0],
        defaults={"name": SCHOOL_GROUP[1], "kind": "school", "languages": ["en"]},
    )
    organiser = User.objects.filter(email="organiser@demo.twinning.test").first()
    if organiser and not GroupRole.objects.filter(group=school, user=organiser).exists():
        group_role_set(actor=None, group=school, user=organiser, role=GroupRole.Role.ORGANISER)
    offers = [
        (school, {"wished_partner_kinds": ["school"], "offers": ["school_exchange"]}),
        (
            Group.objects.filter(slug="cardiff-faith-twinning").first(),
            {"wished_partner_kinds": ["faith_community"], "offers": ["visitors", "campaigning"]},
        ),
    ]
    for group, values in offers:
        if group is not None and not GroupOffer.objects.filter(group=group).exists():
            services.offer_create(actor=None, group=group, values=values)
    school_request = TwinRequest.objects.filter(partner__slug=REQUESTS[0][0]).first()
    if school_request and not Introduction.objects.filter(request=school_request).exists():
        introduction = services.introduction_create(
            actor=None, twin_request=school_request, group=school, score=72
        )
        services.introduction_advance(
            actor=None, introduction=introduction, stage="introduced", note="Asked both (demo)."
        )
    stdout.write(
        f"  matching: {TwinRequest.objects.count()} requests for a twin ({made} new), "
        f"{GroupOffer.objects.count()} groups seeking a partner, "
        f"{Introduction.objects.count()} introductions"
    )
    return {}
