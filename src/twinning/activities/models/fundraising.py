"""Fundraising: appeals, the donations organisers record, and the money sent to the partner.

Every amount is an exact Decimal in pounds (GBP), never a float; totals are summed by the
database from the entries, never kept apart from them.
"""

from decimal import Decimal

from django.apps import apps
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.activities.models.base import (
    CreatedEntry,
    GroupActivityQuerySet,
    LoggedEntry,
    RecordedEntry,
    a_person,
)

PENNY = Decimal("0.01")
MONEY = {"max_digits": 12, "decimal_places": 2}


def pennies(field: str = "amount") -> Round:
    """An amount in whole pennies. SQLite keeps decimals as floating point, so a sum of
    pounds drifts (632505.729999999); a sum of rounded pennies is exact on both databases."""
    return Round(F(field) * 100, output_field=models.BigIntegerField())


def to_pounds(total_pennies) -> Decimal:
    """Whole pennies (an int, or a float holding one) as exact pounds."""
    return (Decimal(int(round(total_pennies or 0))) / 100).quantize(PENNY)


def _total(model: str) -> Coalesce:
    """The pennies of an appeal's entries of one kind, as a subquery (so that summing donations
    and transfers together never multiplies one by the other)."""
    entries = models.Subquery(
        apps.get_model("activities", model)
        .objects.filter(appeal=models.OuterRef("pk"))
        .values("appeal")
        .annotate(total=Sum(pennies()))
        .values("total"),
        output_field=models.BigIntegerField(),
    )
    return Coalesce(entries, Value(0), output_field=models.BigIntegerField())


class AppealQuerySet(GroupActivityQuerySet):
    def with_totals(self) -> "AppealQuerySet":
        """Each appeal with its totals (`raised`, `sent`), summed by the database."""
        return self.annotate(raised_pennies=_total("Donation"), sent_pennies=_total("Transfer"))

    def for_list(self) -> "AppealQuerySet":
        """The latest first, with their totals and the partner each is for."""
        return (
            self.with_totals().select_related("link__partner__place").order_by("-starts_on", "-pk")
        )

    def for_page(self) -> "AppealQuerySet":
        """With the partner an appeal's page names."""
        return self.select_related("link__partner__place")

    def public(self) -> "AppealQuerySet":
        """Appeals their organisers show on the group's public page."""
        return self.filter(public=True)


class Appeal(CreatedEntry):
    """A fundraising appeal: often for a partner's project, with a target in pounds."""

    group = models.ForeignKey("directory.Group", on_delete=models.CASCADE, related_name="appeals")
    link = models.ForeignKey(
        "directory.Link",
        verbose_name=_("for the partner of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
        help_text=_("The partner the money goes to, if it does."),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(
        _("purpose"), help_text=_("Markdown. What the money is for, on the public page.")
    )
    target = models.DecimalField(_("target (£)"), **MONEY, validators=[MinValueValidator(PENNY)])
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"), null=True, blank=True)
    public = models.BooleanField(
        _("show on the group's public page"),
        default=False,
        help_text=_("The public page shows the purpose and the totals, never who gave."),
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            RecordedEntry.once_per_form("group", _("This appeal was already added.")),
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="activities_appeal_target_positive",
                violation_error_message=_("A target is more than nothing."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activities_appeal_closes_after_opening",
                violation_error_message=_("An appeal cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:appeal", args=[self.group.slug, self.pk])

    @property
    def version(self) -> str:
        return self.updated_at.isoformat() if self.updated_at else ""

    @property
    def raised(self) -> Decimal:
        """Given so far (on an appeal from `with_totals()`)."""
        return to_pounds(self.raised_pennies)

    @property
    def sent(self) -> Decimal:
        """Sent to the partner so far (on an appeal from `with_totals()`)."""
        return to_pounds(self.sent_pennies)


class Donation(LoggedEntry):
    """Money given to an appeal, recorded by an organiser. Who gave stays with the organisers."""

    class Method(models.TextChoices):
        CASH = "cash", _("cash")
        CHEQUE = "cheque", _("cheque")
        BANK = "bank_transfer", _("bank transfer")
        STANDING_ORDER = "standing_order", _("standing order")
        CARD = "card", _("card")
        ONLINE = "online", _("online giving page")
        OTHER = "other", _("other")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="donations")
    amount = models.DecimalField(_("amount (£)"), **MONEY, validators=[MinValueValidator(PENNY)])
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    donor = models.CharField(
        _("donor"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional; seen only by the group's organisers and the network's coordinators."
        ),
    )
    gift_aid = models.BooleanField(
        _("Gift Aid declaration"),
        default=False,
        help_text=_("The donor signed a Gift Aid declaration (a UK taxpayer's gift)."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["received_on", "pk"]
        constraints = [
            RecordedEntry.once_per_form("appeal", _("This donation was already recorded.")),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="activities_donation_positive",
                violation_error_message=_("A donation is more than nothing."),
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} · {self.received_on}"


class Transfer(LoggedEntry):
    """Money sent from an appeal to the partner, and the partner's word that it arrived."""

    class How(models.TextChoices):
        BANK = "bank_transfer", _("bank transfer")
        CHARITY = "charity", _("through a charity")
        MONEY_TRANSFER = "money_transfer", _("money transfer service")
        CARRIED = "carried", _("carried by a visitor")
        OTHER = "other", _("other")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="transfers")
    amount = models.DecimalField(_("amount (£)"), **MONEY, validators=[MinValueValidator(PENNY)])
    sent_on = models.DateField(_("sent on"))
    how = models.CharField(_("how"), max_length=20, choices=How.choices)
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("The bank's or service's reference."),
    )
    confirmation = models.CharField(
        _("confirmation"),
        max_length=300,
        blank=True,
        help_text=_("How the partner confirmed it arrived (a receipt, a message)."),
    )
    confirmed_on = models.DateField(_("arrival confirmed on"), null=True, blank=True)
    # Set when one of the partner's contacts confirmed it on the platform (then the group's
    # organisers cannot rewrite the confirmation).
    confirmed_by = a_person()

    class Meta:
        verbose_name = _("money sent")
        verbose_name_plural = _("money sent")
        ordering = ["sent_on", "pk"]
        constraints = [
            RecordedEntry.once_per_form("appeal", _("This transfer was already recorded.")),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="activities_transfer_positive",
                violation_error_message=_("Money sent is more than nothing."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=models.F("sent_on")),
                name="activities_transfer_arrives_after_sending",
                violation_error_message=_("Money cannot arrive before it is sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} · {self.sent_on}"
