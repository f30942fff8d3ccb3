"""A spreadsheet of the directory uploaded for import, from its check to its result."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportBatchQuerySet(models.QuerySet):
    def with_uploader(self) -> "ImportBatchQuerySet":
        return self.select_related("created_by")

    def recent(self, count: int = 20) -> "ImportBatchQuerySet":
        """The latest uploads with who made them, for a list: without the files or reports."""
        return self.with_uploader().defer("content", "report")[:count]


class ImportBatch(models.Model):
    """One uploaded file: checked row by row first (on the task queue), then imported
    when a coordinator says so.

    The file is kept so that the import reads exactly what was checked; the
    report is the check's outcome, the result what the import did.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("checked, waiting for your decision")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKED)
    report = models.JSONField(default=dict)
    accept_valid = models.BooleanField(default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # When the check last moved on: one that stops moving may be started again.
    progress_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("directory:import", args=[self.pk])
