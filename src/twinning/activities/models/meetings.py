"""A group's meetings: when (in both countries' time), where, who was invited and came, minutes."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.activities.models.base import CreatedEntry, GroupActivityQuerySet, RecordedEntry


class MeetingZone(models.TextChoices):
    """The time zones a meeting's time is written in. Both are always shown."""

    UK = "Europe/London", _("UK time")
    PALESTINE = "Asia/Hebron", _("Palestine time")


class MeetingQuerySet(GroupActivityQuerySet):
    def upcoming(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        """Meetings not yet over, soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        """Meetings that are over, latest first."""
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def for_calendar(self, since: datetime.datetime) -> "MeetingQuerySet":
        """Meetings that end from `since` on, latest first, for a calendar file."""
        return self.filter(ends_at__gte=since).order_by("-starts_at")

    def for_page(self) -> "MeetingQuerySet":
        """With what a meeting's page shows beside it: the partner and who scheduled it."""
        return self.select_related("link__partner__place", "created_by")

    def with_counts(self) -> "MeetingQuerySet":
        """With how many said yes (`coming`) and maybe, how many came, and the partner they
        are held with: a list's rows."""
        Response = MeetingPerson.Response
        return self.select_related("link__partner__place").annotate(
            coming=models.Count("people", filter=models.Q(people__response=Response.YES)),
            maybe=models.Count("people", filter=models.Q(people__response=Response.MAYBE)),
            came=models.Count("people", filter=models.Q(people__attended=True)),
        )

    def with_answer_of(self, user) -> "MeetingQuerySet":
        """With `user`'s own row on each meeting's list, if any, as `my_answer` (a list). The
        prefetch adds "meeting in (these)": the person alone narrows it enough."""
        mine = MeetingPerson.objects.filter(user=user)
        return self.prefetch_related(models.Prefetch("people", queryset=mine, to_attr="my_answer"))


class Meeting(CreatedEntry):
    """A meeting of a group, and perhaps of its partner too (when it belongs to a link)."""

    group = models.ForeignKey("directory.Group", on_delete=models.CASCADE, related_name="meetings")
    link = models.ForeignKey(
        "directory.Link",
        verbose_name=_("with the partner of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        help_text=_("A joint meeting: the partner's contacts are invited and can see it."),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=MeetingZone.choices, default=MeetingZone.UK
    )
    duration = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=90,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    # Kept with the start so lists can ask "is it over?" in the database.
    ends_at = models.DateTimeField(editable=False)
    where = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("An address or a room, if it meets.")
    )
    online_url = models.URLField(
        _("online meeting link"), max_length=500, blank=True, help_text=_("Zoom, Jitsi, Teams…")
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown."))
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    others_attended = models.PositiveSmallIntegerField(
        _("others who came"),
        null=True,
        blank=True,
        help_text=_("People who came but are not on the platform."),
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Calendars replace an event when its sequence grows (RFC 5545).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["group", "starts_at"], name="activities_meeting_when")]
        constraints = [
            RecordedEntry.once_per_form("group", _("This meeting was already scheduled.")),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activities_meeting_ends_after_start",
                violation_error_message=_("A meeting ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.ends_at = self.starts_at + datetime.timedelta(minutes=self.duration)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"starts_at", "duration"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "ends_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:meeting", args=[self.group.slug, self.pk])

    @property
    def version(self) -> str:
        return self.updated_at.isoformat() if self.updated_at else ""

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    def local_start(self, zone: str) -> datetime.datetime:
        return self.starts_at.astimezone(ZoneInfo(zone))


class MeetingPersonQuerySet(models.QuerySet):
    def by_name(self) -> "MeetingPersonQuerySet":
        """With the people, in the order of their names."""
        return self.select_related("user").order_by("user__display_name", "user_id")


class MeetingPerson(models.Model):
    """Someone invited to a meeting, or who answered, or who came."""

    class Response(models.TextChoices):
        NONE = "", _("no answer yet")
        YES = "yes", _("coming")
        MAYBE = "maybe", _("maybe")
        NO = "no", _("not coming")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_places"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, blank=True, default=""
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("came"), null=True, blank=True)

    objects = MeetingPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person at a meeting")
        verbose_name_plural = _("people at meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                name="activities_meetingperson_once",
                violation_error_message=_("This person is already on the meeting's list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.meeting}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private address for a group's meetings in their calendar app.

    The address is the credential. It stops working when the person leaves the
    group, and they can replace it at any time.
    """

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                name="activities_calendarfeed_one_per_person",
                violation_error_message=_("This person already has a calendar address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"

    def get_absolute_url(self) -> str:
        return reverse("activities:calendar_feed", args=[self.group.slug, self.token])
