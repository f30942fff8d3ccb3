"""People who would like to start a twinning group, pooled by where they live until there
are enough neighbours to form one; and the new group's starter checklist."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _


def _token() -> str:
    return secrets.token_urlsafe(32)


class Give(models.TextChoices):
    """What someone can give to a new group."""

    TIME = "time", _("time")
    ORGANISING = "organising", _("organising meetings")
    VISITS = "visits", _("going on visits")
    FUNDRAISING = "fundraising", _("fundraising")
    PUBLICITY = "publicity", _("publicity")
    ARABIC = "arabic", _("Arabic")
    TEACHING = "teaching", _("teaching")


# A pool's people are those of its registrations who confirmed; some agreed to be introduced.
_CONFIRMED = Q(registrations__confirmed_at__isnull=False)
_CONSENTING = _CONFIRMED & Q(registrations__may_introduce=True)


class PoolQuerySet(models.QuerySet):
    def forming(self) -> "PoolQuerySet":
        """Pools not yet turned into a group."""
        return self.filter(group__isnull=True)

    def with_place(self) -> "PoolQuerySet":
        """With the place at the centre, which names the pool."""
        return self.select_related("place")

    def for_page(self) -> "PoolQuerySet":
        """As a pool's page shows it: its place, and the group started from it."""
        return self.select_related("place", "group")

    def for_coordinators(self) -> "PoolQuerySet":
        """Every pool with anyone in it, with how many people (`people`) and how many of them
        agreed to be introduced (`consenting`): those not yet a group first, the fullest
        first."""
        return (
            self.for_page()
            .annotate(
                people=Count("registrations", filter=_CONFIRMED),
                consenting=Count("registrations", filter=_CONSENTING),
            )
            .filter(people__gt=0)
            .order_by(F("group").asc(nulls_first=True), "-consenting", "-people", "place__name")
        )

    def for_public_page(self, *, at_least: int) -> "PoolQuerySet":
        """Pools not yet a group with at least `at_least` people (`people`), the fullest first:
        counts only, never who."""
        return (
            self.forming()
            .annotate(people=Count("registrations", filter=_CONFIRMED))
            .filter(people__gte=at_least)
            .with_place()
            .order_by("-people", "place__name")
        )


class Pool(models.Model):
    """People within a radius of one place who would like to start a group. Its centre is the
    place of the first person in it."""

    place = models.ForeignKey(
        "places.Place", verbose_name=_("near"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When coordinators were told it holds enough people (once).
    alerted_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(
        "directory.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("group started"),
    )

    objects = PoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("pool of people nearby")
        verbose_name_plural = _("pools of people nearby")

    def __str__(self) -> str:
        return str(_("People near %(place)s") % {"place": self.place.name})


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self) -> "RegistrationQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def consenting(self) -> "RegistrationQuerySet":
        """Those who agreed to be introduced to others nearby."""
        return self.filter(may_introduce=True)

    def with_place(self) -> "RegistrationQuerySet":
        return self.select_related("place")

    def by_token(self, token: str) -> "RegistrationQuerySet":
        """The registration the link in its emails names, with its place and pool."""
        return self.filter(token=token).select_related("place", "pool")

    def made_with(self, email: str) -> "RegistrationQuerySet":
        """Registrations made with an email address (in any case), with their place and pool:
        a person's own, for their data download and erasure."""
        return self.filter(email__iexact=email).select_related("place", "pool")

    def waiting(self) -> "RegistrationQuerySet":
        """Confirmed people not in a pool yet."""
        return self.confirmed().filter(pool__isnull=True)

    def in_pool(self, pool) -> "RegistrationQuerySet":
        """A pool's people: those of its registrations who confirmed."""
        return self.confirmed().filter(pool=pool)

    def for_pool_page(self, pool) -> "RegistrationQuerySet":
        """A pool's people as coordinators see them, in the order they registered."""
        return self.in_pool(pool).with_place().order_by("created_at")

    def expired(self, cutoff) -> "RegistrationQuerySet":
        """Registrations whose time ran out at `cutoff`: never confirmed since before it, or of
        a pool that became a group before it. With their pool (erasing them reads it)."""
        stale = Q(confirmed_at__isnull=True, created_at__lt=cutoff)
        done = Q(pool__group__created_at__lt=cutoff)
        return self.filter(stale | done).select_related("pool")


class Registration(models.Model):
    """Someone who would like to help start a group near them. No account needed: the
    links in their emails (with the token) confirm, and withdraw and erase, it."""

    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("your email"), db_index=True)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("where you live"), on_delete=models.PROTECT, related_name="+"
    )
    group_kind = models.CharField(_("the kind of group you imagine"), max_length=30, blank=True)
    gives = models.JSONField(_("what you can give"), default=list, blank=True)
    may_introduce = models.BooleanField(
        _("introduce me to others nearby"),
        default=False,
        help_text=_(
            "We then send your name and email to the others nearby who also said yes, and "
            "theirs to you. Without it, no one is told who you are."
        ),
    )
    language = models.CharField(
        _("language for emails"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When they were last sent the names of those nearby who agreed, as they did.
    introduced_at = models.DateTimeField(null=True, blank=True)
    pool = models.ForeignKey(
        Pool, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest in starting a group")
        verbose_name_plural = _("interests in starting a group")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["confirmed_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.place})"


class StarterTaskQuerySet(models.QuerySet):
    def for_checklist(self) -> "StarterTaskQuerySet":
        """Tasks as the checklist shows them, with who ticked each."""
        return self.select_related("done_by")


class StarterTask(models.Model):
    """One step of a new group's starter checklist, ticked off by its organisers."""

    class Task(models.TextChoices):
        FIRST_MEETING = "first_meeting", _("Hold a first meeting")
        CONSTITUTION = "constitution", _("Agree a constitution")
        BANK_ACCOUNT = "bank_account", _("Open a bank account")
        STATEMENT = "statement", _("Write a friendship statement")
        PUBLIC_MEETING = "public_meeting", _("Hold the first public meeting")
        PARTNER = "partner", _("Find a Palestinian partner")

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="starter_tasks"
    )
    task = models.CharField(max_length=30, choices=Task.choices)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StarterTaskQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "task"], name="formation_task_once_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_task_display()}"
