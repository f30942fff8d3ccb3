"""What every record a person adds with a form shares: the form's nonce, so that the form sent
twice (a double click, a retried request) adds one record, and who added it and when."""

from collections.abc import Iterable
from typing import Self

from django.conf import settings
from django.db import models
from django.utils.functional import Promise

from twinning.directory.models.links import LinkStatus


class RecordedEntry(models.Model):
    """A record added with a form. The form's nonce is unique within what the record belongs
    to (its group, visit, contact or appeal): `once_per_form` is that constraint, which each
    model lists in its `Meta.constraints` with the field it belongs to and its own message.
    The services look for the record a nonce already made with `submissions.made_from`."""

    form_nonce = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        abstract = True

    @staticmethod
    def once_per_form(
        within: str, message: Promise, *, name: str = "%(app_label)s_%(class)s_once_per_form"
    ) -> models.UniqueConstraint:
        """One record per form within the `within` field's object (records made without a
        form have no nonce and are not constrained)."""
        return models.UniqueConstraint(
            fields=[within, "form_nonce"],
            condition=~models.Q(form_nonce=""),
            name=name,
            violation_error_message=message,
        )


class GroupActivityQuerySet(models.QuerySet):
    """What a group's meetings, visits and appeals are read by, whoever reads them."""

    def joint_with(self, partners: Iterable[int]) -> Self:
        """Those that belong to a link, not ended, with one of `partners`: what the partners'
        contacts see of a group's activities."""
        return self.filter(link__partner_id__in=partners).exclude(link__status=LinkStatus.ENDED)


def a_person() -> models.ForeignKey:
    """A person who did something to a record (added it, confirmed it); the record stays
    when they are erased."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class CreatedEntry(RecordedEntry):
    """A record the group keeps and changes (a meeting, a visit, an appeal, a contact, a
    public meeting): who created it, when, and when it last changed."""

    created_by = a_person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LoggedEntry(RecordedEntry):
    """A line of a log or a ledger (what passed with a contact, money given or sent): who
    recorded it and when."""

    recorded_by = a_person()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
