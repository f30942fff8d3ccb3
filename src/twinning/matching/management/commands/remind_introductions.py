"""twinning remind_introductions — email about introductions that have not moved for a while."""

from django.conf import settings
from django.core.management.base import BaseCommand

from twinning.matching.services import introductions_remind


class Command(BaseCommand):
    help = (
        "Remind coordinators (and the group's organisers) of each introduction that has not "
        "moved for TWINNING_INTRODUCTION_REMINDER_DAYS days, once per stall. Run it daily."
    )

    def handle(self, *args, **options) -> None:
        count = introductions_remind()
        days = settings.TWINNING_INTRODUCTION_REMINDER_DAYS
        self.stdout.write(
            self.style.SUCCESS(f"Reminded of {count} introductions waiting {days} days or more.")
        )
