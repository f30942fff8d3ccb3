"""twinning restore FILE — bring back a copy made by `twinning backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from twinning.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a copy made by 'twinning backup'. "
        "Stop the site first: everything written since the copy is lost."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the database"
        )

    def handle(self, *args, **options) -> None:
        source: Path = options["file"]
        if not options["yes"] and options.get("interactive", True):
            answer = input(f"Replace the whole database with {source}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        try:
            restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}."))
