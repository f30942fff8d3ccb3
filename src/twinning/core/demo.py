"""Demo emails that could not be sent, so that coordinators see the page that lists them
(in the demo every email is printed to the console, which never refuses one)."""

import datetime

from django.utils import timezone

from twinning.core.models import OutgoingEmail

UNSENT = [
    # (to, subject, why, tries, next try in hours: None once the automatic tries are over)
    (
        "member@demo.twinning.test",
        "Meeting: Planning the spring visit",
        "SMTPRecipientsRefused 550 5.1.1 mailbox unavailable",
        2,
        2,
    ),
    (
        "old.address@demo.twinning.test",
        "You are invited to join Oxford Friends of Beit Ummar",
        "SMTPRecipientsRefused 550 5.1.1 user unknown",
        5,
        None,
    ),
]


def load(stdout) -> dict:
    now = timezone.now()
    for to, subject, why, tries, hours in UNSENT:
        OutgoingEmail.objects.get_or_create(
            to=to,
            subject=subject,
            defaults={
                "from_email": "Twinning <noreply@localhost>",
                "body": subject,
                "attempts": tries,
                "last_tried_at": now - datetime.timedelta(hours=1),
                "last_error": why,
                "next_try_at": now + datetime.timedelta(hours=hours) if hours else None,
            },
        )
    stdout.write(f"  core: {OutgoingEmail.objects.not_sent().count()} emails not sent")
    return {}
