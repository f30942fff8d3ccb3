"""Demo people: one per role, with verified email addresses."""

from allauth.account.models import EmailAddress

from twinning.accounts.models import Consent, User

PASSWORD = "twinning-demo"

PEOPLE = [
    # (email, display name, language, coordinator, advisor)
    ("coordinator@demo.twinning.test", "Sara Coordinator", "en", True, False),
    ("advisor@demo.twinning.test", "Tom Advisor", "en", False, True),
    ("organiser@demo.twinning.test", "Olivia Organiser", "en", False, False),
    ("organiser2@demo.twinning.test", "Owen Organiser", "en", False, False),
    ("member@demo.twinning.test", "Maya Member", "en", False, False),
    ("partner@demo.twinning.test", "ليلى الشريك", "ar", False, False),
    # newcomers who asked to join a group (one waits, one was accepted, one declined)
    ("newcomer@demo.twinning.test", "Nour Newcomer", "en", False, False),
    ("joined@demo.twinning.test", "Jo Joiner", "en", False, False),
    ("declined@demo.twinning.test", "Dan Declined", "en", False, False),
]


def load(stdout) -> dict:
    created = 0
    for email, name, language, coordinator, advisor in PEOPLE:
        user, is_new = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "preferred_language": language,
                "is_coordinator": coordinator,
                "is_advisor": advisor,
            },
        )
        if is_new:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            Consent.objects.create(user=user, purpose=Consent.Purpose.TERMS, given=True)
            created += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    stdout.write(f"  people: {created} new, {len(PEOPLE) - created} already there")
    return {
        "password": PASSWORD,
        "sign_ins": [
            ("coordinator", "coordinator@demo.twinning.test"),
            ("advisor", "advisor@demo.twinning.test"),
            ("member", "member@demo.twinning.test"),
        ],
    }
