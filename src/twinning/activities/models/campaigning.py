"""Campaigning: the contacts a group builds locally, what passed between them, and the public
meetings it holds."""

import datetime

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.activities.models.base import CreatedEntry, LoggedEntry, RecordedEntry


class ContactKind(models.TextChoices):
    MP = "mp", _("MP")
    COUNCILLOR = "councillor", _("councillor")
    COUNCIL = "council", _("council")
    SCHOOL = "school", _("school")
    CHURCH = "church", _("church")
    MOSQUE = "mosque", _("mosque")
    SYNAGOGUE = "synagogue", _("synagogue or other faith group")
    MEDICAL_CENTRE = "medical_centre", _("medical centre")
    COMMUNITY_CENTRE = "community_centre", _("community centre")
    PRESS = "press", _("press")
    ACADEMIC = "academic", _("academic")
    UNION = "union", _("trade union")
    MISSION = "mission", _("the Palestinian Mission")
    OTHER = "other", _("other")


class CampaignContactQuerySet(models.QuerySet):
    def for_list(self) -> "CampaignContactQuerySet":
        """By kind and name, with when each was last in touch (`last_contact`) and how often
        (`interactions_count`)."""
        return self.annotate(
            last_contact=models.Max("interactions__on"),
            interactions_count=models.Count("interactions"),
        ).order_by("kind", "name", "pk")


class CampaignContact(CreatedEntry):
    """Someone or some body the group campaigns with or lobbies. Private to the group."""

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="campaign_contacts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("MP for…, head teacher, imam…")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = CampaignContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign contact")
        verbose_name_plural = _("campaign contacts")
        ordering = ["kind", "name", "pk"]
        indexes = [models.Index(fields=["group", "kind", "name"], name="activities_contact_list")]
        constraints = [
            RecordedEntry.once_per_form(
                "group",
                _("This contact was already added."),
                name="activities_contact_once_per_form",  # its name from before: kept, no migration
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:contact", args=[self.group.slug, self.pk])


class InteractionQuerySet(models.QuerySet):
    def for_log(self) -> "InteractionQuerySet":
        """With who recorded each."""
        return self.select_related("recorded_by")


class Interaction(LoggedEntry):
    """One thing that passed between the group and a contact."""

    class Kind(models.TextChoices):
        MET = "met", _("we met")
        WROTE = "wrote", _("we wrote")
        CALLED = "called", _("we called")
        REPLIED = "replied", _("they replied")
        PLEDGED = "pledged", _("they pledged support")
        SPOKE = "spoke", _("they spoke at our meeting")
        MOTION = "motion", _("motion passed")
        OTHER = "other", _("other")

    contact = models.ForeignKey(
        CampaignContact, on_delete=models.CASCADE, related_name="interactions"
    )
    on = models.DateField(_("on"))
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-on", "-pk"]
        constraints = [
            RecordedEntry.once_per_form("contact", _("This was already recorded.")),
        ]

    def __str__(self) -> str:
        return f"{self.contact} · {self.get_kind_display()} · {self.on}"


class PublicMeetingQuerySet(models.QuerySet):
    def listed(self) -> "PublicMeetingQuerySet":
        """Public meetings the public may see: of approved groups, not cancelled."""
        return self.filter(group__status="approved", cancelled_at__isnull=True)

    def coming(self, now: datetime.datetime | None = None) -> "PublicMeetingQuerySet":
        """Those not yet begun, soonest first."""
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None) -> "PublicMeetingQuerySet":
        """Those begun, latest first."""
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def not_cancelled(self) -> "PublicMeetingQuerySet":
        return self.filter(cancelled_at__isnull=True)

    def for_page(self) -> "PublicMeetingQuerySet":
        """With the town a public meeting is in."""
        return self.select_related("place")


class PublicMeeting(CreatedEntry):
    """A public meeting: speakers, a venue, a date; listed on the group's page and the
    network's list of what is on. Attendance and follow-up stay with the group."""

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="public_meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    speakers = models.TextField(
        _("speakers"),
        help_text=_("One a line, with what they do: shown publicly, so only with their agreement."),
    )
    venue = models.CharField(_("venue"), max_length=300)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("town"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"country": "GB"},
    )
    starts_at = models.DateTimeField(_("starts at"))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown. Public."))
    expected_attendance = models.PositiveIntegerField(
        _("expected attendance"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    actual_attendance = models.PositiveIntegerField(
        _("actual attendance"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    follow_up = models.TextField(
        _("follow-up actions"), blank=True, help_text=_("For the group only. Markdown.")
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PublicMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("public meeting")
        verbose_name_plural = _("public meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["starts_at"], name="activities_publicmeeting_when")]
        constraints = [
            RecordedEntry.once_per_form("group", _("This public meeting was already added.")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:public_meeting", args=[self.group.slug, self.pk])

    @property
    def version(self) -> str:
        return self.updated_at.isoformat() if self.updated_at else ""

    @property
    def speaker_lines(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]
