"""Daily care of the groups' activities (run from cron)."""

from django.core.management.base import BaseCommand

from twinning.activities import services


class Command(BaseCommand):
    help = (
        "Erase visitors' passport details TWINNING_PASSPORT_RETENTION_DAYS after their visit, "
        "and nudge the organisers of links with nothing done along them for "
        "TWINNING_DORMANT_AFTER_MONTHS. Safe to run more than once a day."
    )

    def handle(self, *args, **options) -> None:
        erased = services.passports_erase_due()
        nudged = services.links_nudge_quiet()
        self.stdout.write(f"passport details erased: {erased} people")
        self.stdout.write(f"quiet links nudged: {nudged}")
