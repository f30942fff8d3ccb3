"""twinning backup [FILE] — copy the whole database to a file."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from twinning.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE (default: the data directory's backups/ folder). "
        "SQLite is copied online; PostgreSQL with pg_dump."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path)

    def handle(self, *args, **options) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
        target = (
            options["file"] or Path(settings.DATA_DIR) / "backups" / f"twinning-{stamp}.{suffix}"
        )
        try:
            backup(target, progress=lambda message: print(message, file=sys.stderr, flush=True))
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = target.stat().st_size / 1_000_000
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size:.1f} MB)."))
