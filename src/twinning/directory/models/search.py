"""The directory's search index: one row of searchable text per group, partner and link."""

from django.db import models


class SearchEntry(models.Model):
    """Searchable words for one public object, already normalised for spelling.

    Kept up to date by `directory.search.index` (called from signals); read
    through SQLite FTS5 or a PostgreSQL GIN full-text index (see the migration).
    Only what the public may see goes in: a sensitive partner by its kind and
    governorate alone, nothing of groups waiting for review.
    """

    class Kind(models.TextChoices):
        GROUP = "group"
        PARTNER = "partner"
        LINK = "link"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="directory_searchentry_one_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
