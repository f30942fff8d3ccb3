from django.core.management.base import BaseCommand

from twinning.directory.search import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the directory's search index (after a bulk import or a change of spelling rules)."
    )

    def handle(self, *args, **options) -> None:
        count = reindex_all()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} groups, partners and links."))
