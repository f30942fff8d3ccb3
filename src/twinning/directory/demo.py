"""A small demo network: a few British groups and Palestinian partners."""

from twinning.accounts.models import User
from twinning.directory.models import Group, GroupRole, Partner
from twinning.directory.services import group_role_set, partner_contact_add

GROUPS = [
    (
        "oxford-friends-of-beit-ummar",
        "Oxford Friends of Beit Ummar (demo)",
        "A friendship group of neighbours in Oxford. We meet monthly, host visitors "
        "from the village each spring and raise funds for the girls' school library.",
    ),
    (
        "leeds-jenin-camp-link",
        "Leeds – Jenin Camp Link (demo)",
        "Students and staff at a Leeds college, linked with a youth centre in Jenin camp.",
    ),
    (
        "cardiff-faith-twinning",
        "Cardiff Churches and Mosques Twinning (demo)",
        "Faith communities in Cardiff who visit and pray with their friends in Bethlehem.",
    ),
]

PARTNERS = [
    (
        "beit-ummar-village-council",
        "Beit Ummar Village Council (demo)",
        "مجلس قروي بيت أمر (تجريبي)",
        "A farming village between Bethlehem and Hebron, known for its grapes and plums.",
        "قرية زراعية بين بيت لحم والخليل، تشتهر بالعنب والخوخ.",
    ),
    (
        "jenin-camp-youth-centre",
        "Jenin Camp Youth Centre (demo)",
        "مركز شباب مخيم جنين (تجريبي)",
        "A youth and sports centre in Jenin refugee camp.",
        "مركز للشباب والرياضة في مخيم جنين للاجئين.",
    ),
    (
        "al-khalil-girls-secondary-school",
        "Al-Khalil Girls' Secondary School (demo)",
        "مدرسة الخليل الثانوية للبنات (تجريبي)",
        "A girls' secondary school that has asked the network for a British twin.",
        "مدرسة ثانوية للبنات طلبت من الشبكة توأمًا بريطانيًا.",
    ),
]


def load(stdout) -> dict:
    groups = {}
    for slug, name, description in GROUPS:
        groups[slug], _ = Group.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    partners = {}
    for slug, name, name_ar, description, description_ar in PARTNERS:
        partners[slug], _ = Partner.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_ar": name_ar,
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
    stdout.write(f"  directory: {len(groups)} groups, {len(partners)} partners")
    return {
        "sign_ins": [
            ("organiser", "organiser@demo.twinning.test"),
            ("partner contact", "partner@demo.twinning.test"),
        ]
    }
