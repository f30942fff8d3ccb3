import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from twinning.places.loader import load_places
from twinning.places.models import Place
from twinning.places.signals import places_reloaded


class Command(BaseCommand):
    help = "Work with the gazetteer. `twinning places load` reloads the committed place data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "stats"], help="load: reload; stats: counts")

    def handle(self, *args, action: str, **options) -> None:
        if action == "load":
            started = time.monotonic()
            with transaction.atomic():
                counts = load_places(Place, progress=self.stdout.write)
                places_reloaded.send(sender=Place)
            summary = ", ".join(f"{value} {name}" for name, value in counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Places loaded: {summary} ({time.monotonic() - started:.1f} s)")
            )
        self._stats()

    def _stats(self) -> None:
        for row in Place.objects.kind_counts():
            self.stdout.write(f"  {row['country']} {row['kind']:<18} {row['n']:>6}")
        palestinian = Place.objects.filter(country="PS")
        with_gov = palestinian.exclude(governorate="").count()
        self.stdout.write(f"  PS places with a governorate: {with_gov}/{palestinian.count()}")
