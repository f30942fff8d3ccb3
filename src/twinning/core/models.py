import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.audit import action_label


class AuditEntryQuerySet(models.QuerySet):
    def about(self, obj: models.Model) -> "AuditEntryQuerySet":
        """Entries about one object."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )

    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        """Entries about one object, newest first, with who did them."""
        return self.about(obj).select_related("actor").order_by("-created_at", "-pk")

    def for_history(self, *, action: str = "") -> "AuditEntryQuerySet":
        """Entries as the history page lists them, newest first, with who did each and to what
        kind of object; only the actions starting with `action`, when it is given."""
        entries = self.select_related("actor", "content_type").order_by("-created_at", "-pk")
        return entries.filter(action__startswith=action) if action else entries


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

    @property
    def label(self) -> str:
        """What kind of change this was, in words, in the reader's language."""
        return action_label(self.action)


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


class OutgoingEmailQuerySet(models.QuerySet):
    def not_sent(self) -> "OutgoingEmailQuerySet":
        """Emails that failed at least once and are not sent yet, the latest failure first,
        as coordinators see them."""
        return self.exclude(last_error="").order_by("-last_tried_at", "-pk")

    def due(self, now: datetime.datetime) -> "OutgoingEmailQuerySet":
        """Emails whose (next) try has come, that no one is sending at this moment."""
        return self.filter(next_try_at__lte=now).filter(
            models.Q(sending_until__isnull=True) | models.Q(sending_until__lt=now)
        )

    def addressed_to(self, addresses: Iterable[str]) -> "OutgoingEmailQuerySet":
        """Emails to any of these addresses, in any case."""
        match = models.Q(pk__in=[])
        for address in addresses:
            match |= models.Q(to__iexact=address)
        return self.filter(match)


class OutgoingEmail(models.Model):
    """One email to one address, kept from the change that prompts it until it is sent.

    Written by `core.services.email_queue` in the change's own transaction and sent by the
    task queue (`core.tasks.deliver_email`); deleted once sent, so nothing of a sent email is
    kept. One that fails keeps the reason and is tried again later (`next_try_at`), until it
    is sent, a coordinator discards it, or `twinning tend_email` forgets it.
    """

    to = models.EmailField(_("to"), max_length=254)
    from_email = models.CharField(max_length=320)
    # where a reply goes, when not to the sender: a visitor who wrote through the site
    reply_to = models.EmailField(max_length=254, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField()
    html = models.TextField(blank=True)
    # text files, each [file name, content, media type]
    attachments = models.JSONField(default=list, blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_tried_at = models.DateTimeField(_("last tried"), null=True, blank=True)
    last_error = models.CharField(_("why it was not sent"), max_length=500, blank=True)
    # when it is tried next without anyone asking; empty once the automatic tries are over
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    # a sender holds it until then (one that died lets go by itself)
    sending_until = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email not sent yet")
        verbose_name_plural = _("emails not sent yet")
        indexes = [
            models.Index(fields=["next_try_at"], name="core_email_due"),
            models.Index(
                F("last_tried_at").desc(),
                F("id").desc(),
                condition=~models.Q(last_error=""),
                name="core_email_not_sent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to=""),
                name="core_email_has_an_address",
                violation_error_message=_("An email needs an address to go to."),
            )
        ]

    def __str__(self) -> str:
        # no address or subject: this is what the history and the logs name it by
        return f"email #{self.pk}"
