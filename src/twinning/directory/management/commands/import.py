"""twinning import directory FILE.csv|.xlsx — check a spreadsheet row by row, then import it."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from twinning.directory import importing, services
from twinning.directory.reasons import reason_text

CHUNK = 64 * 1024


class Command(BaseCommand):
    help = (
        "Import the directory from a spreadsheet (CSV or XLSX) with one row per link: "
        "group, town, partner, place, and optionally kind, since, contact, status, story. "
        "Every row is checked first; nothing is written unless all rows are valid, or "
        "--accept-valid is given. --dry-run only reports."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=["directory"], help="what the file holds")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen; write nothing"
        )
        parser.add_argument(
            "--accept-valid",
            action="store_true",
            help="import the valid rows even when others are rejected",
        )

    def handle(self, *args, **options) -> None:
        self.verbosity = options["verbosity"]
        path: Path = options["file"]
        try:
            with path.open("rb") as file:
                content = importing.read_bounded(iter(lambda: file.read(CHUNK), b""))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error
        try:
            plan = services.import_plan(
                filename=path.name, content=content, progress=self._progress("checked")
            )
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error
        self._report(plan)
        summary = plan.summary()
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        if summary["rejected"] and not options["accept_valid"]:
            raise CommandError(
                f"{summary['rejected']} rows have problems, so nothing was imported. "
                "Correct them, or run again with --accept-valid to import the valid rows."
            )
        try:
            counts = services.import_apply(
                actor=None,
                plan=plan,
                accept_valid=options["accept_valid"],
                source=path.name,
                progress=self._progress("imported"),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for row in counts.get("refused", []):
            self.stdout.write(f"row {row['row']}: refused: {reason_text(row['reason'])}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {counts['groups']} new groups, "
                f"{counts['partners']} new partners, {counts['links']} new links; "
                f"{counts['existing_links']} links were already in the directory; "
                f"{counts['rejected']} rows rejected"
                + (
                    f", {counts['refused_count']} refused as they changed since the check."
                    if counts.get("refused_count")
                    else "."
                )
            )
        )

    def _progress(self, verb: str):
        def show(done: int, total: int) -> None:
            if total >= 500:
                print(f"  {verb} {done:,} of {total:,} rows", file=sys.stderr, flush=True)

        return show

    def _report(self, plan: importing.Plan) -> None:
        for row in plan.rows:
            if row.problems:
                for problem in row.problems:
                    self.stdout.write(f"row {row.number}: rejected: {problem}")
            elif self.verbosity >= 2:
                self.stdout.write(
                    f"row {row.number}: group {row.group[0]} ({row.group[1]}), "
                    f"partner {row.partner[0]} ({row.partner[1]}), link {row.link}"
                )
        summary = plan.summary()
        self.stdout.write(
            f"{summary['rows']} rows: {summary['valid']} valid, {summary['rejected']} rejected; "
            f"would create {summary['new_groups']} groups, {summary['new_partners']} partners, "
            f"{summary['new_links']} links; {summary['existing_links']} links already there."
        )
        if summary["ignored_columns"]:
            self.stdout.write("Columns ignored: " + ", ".join(summary["ignored_columns"]))
