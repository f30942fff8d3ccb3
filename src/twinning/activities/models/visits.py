"""Visits and delegations both ways: who goes, the days, the hosts, the budget, the report,
and the passport details an invitation letter needs (kept only for a while)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.activities.models.base import CreatedEntry, GroupActivityQuerySet, RecordedEntry


class Direction(models.TextChoices):
    TO_PALESTINE = "to_palestine", _("British visitors to Palestine")
    TO_BRITAIN = "to_britain", _("Palestinian visitors to Britain")


class VisitStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNING = "planning", _("planning")
    CONFIRMED = "confirmed", _("confirmed")
    UNDER_WAY = "under_way", _("under way")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


# Where a visit may go from each status (a step back is allowed while nothing has happened).
NEXT_VISIT_STATUSES = {
    VisitStatus.IDEA: (VisitStatus.PLANNING, VisitStatus.CANCELLED),
    VisitStatus.PLANNING: (VisitStatus.IDEA, VisitStatus.CONFIRMED, VisitStatus.CANCELLED),
    VisitStatus.CONFIRMED: (VisitStatus.PLANNING, VisitStatus.UNDER_WAY, VisitStatus.CANCELLED),
    VisitStatus.UNDER_WAY: (VisitStatus.COMPLETED, VisitStatus.CANCELLED),
    VisitStatus.COMPLETED: (),
    VisitStatus.CANCELLED: (VisitStatus.IDEA,),
}


class VisitQuerySet(GroupActivityQuerySet):
    def for_list(self) -> "VisitQuerySet":
        """Soonest first, with the partner and how many people go (`people`)."""
        return (
            self.select_related("link__partner__place")
            .annotate(people=models.Count("participants"))
            .order_by("starts_on", "pk")
        )

    def for_page(self) -> "VisitQuerySet":
        """With the partner a visit's page names."""
        return self.select_related("link__partner__place")

    def reported_publicly(self) -> "VisitQuerySet":
        """Visits whose report (and photos) their organisers made public."""
        return self.filter(report_public=True)


class Visit(CreatedEntry):
    """A visit or delegation along one link, in one direction."""

    group = models.ForeignKey("directory.Group", on_delete=models.CASCADE, related_name="visits")
    link = models.ForeignKey(
        "directory.Link", verbose_name=_("link"), on_delete=models.PROTECT, related_name="visits"
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(
        _("purpose"),
        help_text=_("What the visit is for, in a few sentences: the invitation letter quotes it."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.IDEA
    )
    hosts = models.TextField(
        _("hosts"),
        blank=True,
        help_text=_("Who receives the visitors: families, a council, a school…"),
    )
    who_pays = models.TextField(
        _("who pays"),
        blank=True,
        help_text=_("For the invitation letter: who pays for travel, lodging and food."),
    )
    budget = models.DecimalField(
        _("budget (£)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    budget_notes = models.TextField(_("budget notes"), blank=True)
    report = models.TextField(
        _("report"), blank=True, help_text=_("Markdown. What happened, for the network to read.")
    )
    report_public = models.BooleanField(
        _("show the report and its photos on the group's public page"),
        default=False,
        help_text=_(
            "The public page shows the report, the photos and the month, without the people "
            "or the days: check the text names no one who could be at risk."
        ),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["group", "starts_on"], name="activities_visit_when")]
        constraints = [
            RecordedEntry.once_per_form("group", _("This visit was already added.")),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activities_visit_ends_after_start",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="activities_visit_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:visit", args=[self.group.slug, self.pk])

    @property
    def version(self) -> str:
        return self.updated_at.isoformat() if self.updated_at else ""

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return NEXT_VISIT_STATUSES[VisitStatus(self.status)]

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def passports_erased_on(self) -> datetime.date:
        """The day its participants' passport details are erased: the retention after its last
        day, or after it was cancelled if that came first."""
        over = self.ends_on
        if self.cancelled_at is not None:
            over = min(over, self.cancelled_at.date())
        return over + datetime.timedelta(days=settings.TWINNING_PASSPORT_RETENTION_DAYS + 1)


class VisitDay(RecordedEntry):
    """One day of a visit's itinerary."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="itinerary")
    day = models.DateField(_("day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    programme = models.TextField(_("programme"), blank=True)

    class Meta:
        verbose_name = _("day of a visit")
        verbose_name_plural = _("days of a visit")
        ordering = ["day", "pk"]
        constraints = [
            RecordedEntry.once_per_form("visit", _("This day was already added.")),
        ]

    def __str__(self) -> str:
        return f"{self.visit} · {self.day}"


class Participant(RecordedEntry):
    """Someone on a visit: a person on the platform or a named guest.

    The passport fields are for the invitation letter. Only the group's organisers see
    them; they are erased `TWINNING_PASSPORT_RETENTION_DAYS` after the visit.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_places",
        verbose_name=_("person on the platform"),
    )
    name = models.CharField(
        _("full name"), max_length=200, help_text=_("As in the passport, in Latin letters.")
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    role = models.CharField(
        _("role on the visit"),
        max_length=200,
        blank=True,
        help_text=_("Teacher, council member, youth worker…"),
    )
    # Passport details: organisers only, erased on schedule, never logged or exported.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    passport_expires_on = models.DateField(_("passport valid until"), null=True, blank=True)
    passport_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    added_at = models.DateTimeField(auto_now_add=True)

    PASSPORT_FIELDS = ("date_of_birth", "nationality", "passport_number", "passport_expires_on")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "user"],
                condition=models.Q(user__isnull=False),
                name="activities_participant_once",
                violation_error_message=_("This person is already on the visit."),
            ),
            RecordedEntry.once_per_form("visit", _("This person was already added.")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_passport_details(self) -> bool:
        return any(getattr(self, name) for name in self.PASSPORT_FIELDS)


class VisitPhotoQuerySet(models.QuerySet):
    def without_images(self) -> "VisitPhotoQuerySet":
        """The photos' captions and sizes, for a page (the images come one by one)."""
        return self.defer("image")


class VisitPhoto(RecordedEntry):
    """A photo for a visit's report, re-encoded on upload so no camera metadata (often the
    place it was taken) survives."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField()
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    caption = models.CharField(
        _("caption"),
        max_length=300,
        help_text=_("Describes the photo for people who cannot see it."),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = VisitPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["added_at", "pk"]
        constraints = [
            RecordedEntry.once_per_form("visit", _("This photo was already added.")),
        ]

    def __str__(self) -> str:
        return self.caption
