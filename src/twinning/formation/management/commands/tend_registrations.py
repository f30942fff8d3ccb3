"""twinning tend_registrations — the daily care of interest in starting a group."""

from django.core.management.base import BaseCommand

from twinning.formation.services import pools_place, pools_recheck, registrations_expire


class Command(BaseCommand):
    help = (
        "Erase registrations of interest never confirmed within 30 days (and those of pools "
        "that became a group 30 days ago), pool any confirmed ones not yet in a pool, and "
        "introduce people where enough agreed. Run it daily."
    )

    def handle(self, *args, **options) -> None:
        erased = registrations_expire()
        placed = pools_place()
        pools_recheck()
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased {erased} unconfirmed registrations; placed {placed} people in pools."
            )
        )
