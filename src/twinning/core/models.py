from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        """Entries about one object, newest first, with who did them."""
        return (
            self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
            .select_related("actor")
            .order_by("-created_at", "-pk")
        )


class AuditEntry(models.Model):
    """One change worth keeping: who did what to which object, when, with what data.

    Written only through `core.services.audit_log`, from inside the service that
    makes the change, so the entry and the change commit together.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("which object"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class Revision(models.Model):
    """A counter an app bumps whenever its data changes, so that anything built from
    that data (a cached page) knows when to be built again, in every process."""

    name = models.CharField(max_length=50, unique=True)
    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.name} {self.number}"
