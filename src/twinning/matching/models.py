"""Requests for a twin, groups' offers, expressions of interest and introductions.

A Palestinian community asks for a British twin (a request); a British group says it seeks a
partner (an offer); a group may express interest in a request; a coordinator introduces the two
and follows the introduction step by step until the link is active.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.directory.models import Link


class Hope(models.TextChoices):
    """What a link may bring: hoped for by a community, offered by a group."""

    SPEAKING_TOUR = "speaking_tour", _("visits to Britain to tell the community's story")
    VISITORS = "visitors", _("visitors from Britain")
    SCHOOL_EXCHANGE = "school_exchange", _("a school exchange")
    PROJECT = "project", _("support for a project")
    CAMPAIGNING = "campaigning", _("campaigning together")


# The statuses of a link that count as a friendship: the engine counts a partner's British
# friends and a group's links by them.
FRIENDSHIP_LINK_STATUSES = ("active", "dormant")


class TwinRequestQuerySet(models.QuerySet):
    def with_partner(self) -> "TwinRequestQuerySet":
        """With the partner and its place, which every page of a request shows."""
        return self.select_related("partner__place")

    def open(self) -> "TwinRequestQuerySet":
        """Requests open to everyone: seeking a twin, no introduction under way yet."""
        return self.filter(status=TwinRequest.Status.OPEN)

    def in_play(self) -> "TwinRequestQuerySet":
        """Requests introductions may still go on for: open, or introduced."""
        return self.filter(status__in=[TwinRequest.Status.OPEN, TwinRequest.Status.INTRODUCED])

    def seeking(self) -> "TwinRequestQuerySet":
        """Requests the public page lists: open, of partners the directory shows."""
        return (
            self.open()
            .filter(partner__status="approved")
            .with_partner()
            .order_by("-created_at", "pk")
        )

    def for_engine(self) -> "TwinRequestQuerySet":
        """Requests the engine suggests groups for (in play, of partners the directory shows),
        with what it weighs: the partner, its interests and its British friends (`friends`)."""
        return (
            self.in_play()
            .filter(partner__status="approved")
            .with_partner()
            .prefetch_related("interests")
            .annotate(
                friends=Count(
                    "partner__links",
                    filter=Q(partner__links__status__in=FRIENDSHIP_LINK_STATUSES),
                    distinct=True,
                )
            )
            .order_by("pk")
        )


class TwinRequest(models.Model):
    """A Palestinian community's request for a British twin, from the partner itself or written
    by a coordinator after a visit. Its message is shown in both languages it was written in."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        INTRODUCED = "introduced", _("introduced")
        MATCHED = "matched", _("matched")
        PAUSED = "paused", _("paused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    partner = models.ForeignKey(
        "directory.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="twin_requests",
    )
    wished_group_kinds = models.JSONField(
        _("kinds of British friend hoped for"), default=list, blank=True
    )
    hopes = models.JSONField(_("what the link should bring"), default=list, blank=True)
    interests = models.ManyToManyField(
        "directory.Interest", verbose_name=_("interests"), blank=True, related_name="+"
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    message = models.TextField(_("message in English"), blank=True)
    message_ar = models.TextField(_("message in Arabic"), blank=True)
    visited_on = models.DateField(_("visited by the network on"), null=True, blank=True)
    # Names the visitors: seen by coordinators only.
    visited_by = models.CharField(_("visited by"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TwinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for a twin")
        verbose_name_plural = _("requests for a twin")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return str(_("%(partner)s seeks a British twin") % {"partner": self.partner})

    def get_absolute_url(self) -> str:
        return reverse("matching:request", args=[self.pk])


class GroupOfferQuerySet(models.QuerySet):
    def with_group(self) -> "GroupOfferQuerySet":
        """With the group and its place, which every page of an offer shows."""
        return self.select_related("group__place")

    def live_for(self, group) -> "GroupOfferQuerySet":
        """The group's live offer (open or paused; a group has at most one)."""
        return self.filter(group=group).exclude(status=GroupOffer.Status.WITHDRAWN)

    def for_engine(self) -> "GroupOfferQuerySet":
        """Offers the engine suggests requests for (open, of groups the directory shows), with
        what it weighs: the group, its interests, its members (`members`) and the links it
        keeps up already (`live_links`)."""
        return (
            self.filter(status=GroupOffer.Status.OPEN, group__status="approved")
            .with_group()
            .prefetch_related("interests")
            .annotate(
                members=Count("group__roles", distinct=True),
                live_links=Count(
                    "group__links",
                    filter=Q(group__links__status__in=FRIENDSHIP_LINK_STATUSES),
                    distinct=True,
                ),
            )
            .order_by("pk")
        )


class GroupOffer(models.Model):
    """A British group's wish for a Palestinian partner: what it hopes for and can give."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAUSED = "paused", _("paused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    group = models.ForeignKey(
        "directory.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="offers"
    )
    wished_partner_kinds = models.JSONField(
        _("kinds of partner hoped for"), default=list, blank=True
    )
    offers = models.JSONField(_("what the group can bring"), default=list, blank=True)
    interests = models.ManyToManyField(
        "directory.Interest", verbose_name=_("interests"), blank=True, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("links it can sustain"),
        default=1,
        help_text=_("How many partners the group can keep up a friendship with."),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=~models.Q(status="withdrawn"),
                name="matching_groupoffer_one_live_per_group",
                violation_error_message=_("This group already seeks a partner."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=20),
                name="matching_groupoffer_capacity_range",
                violation_error_message=_("A group can sustain between 1 and 20 links."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(group)s seeks a partner") % {"group": self.group})

    def get_absolute_url(self) -> str:
        return reverse("matching:offer", args=[self.pk])


class ExpressionOfInterestQuerySet(models.QuerySet):
    def for_request(self, twin_request) -> "ExpressionOfInterestQuerySet":
        """The groups' expressions of interest in one request, with each group."""
        return self.filter(request=twin_request).select_related("group")


class ExpressionOfInterest(models.Model):
    """A group's expression of interest in a request for a twin, with its message."""

    request = models.ForeignKey(
        TwinRequest, on_delete=models.CASCADE, related_name="expressions_of_interest"
    )
    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="expressions_of_interest"
    )
    message = models.TextField(_("message"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "group"],
                name="matching_interest_once_per_group",
                violation_error_message=_("This group has already expressed interest."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.request}"


class Stage(models.TextChoices):
    """The steps of an introduction, in order; it may be declined at any step before "active"."""

    SHORTLISTED = "shortlisted", _("shortlisted")
    INTRODUCED = "introduced", _("introduced: both sides asked")
    ACCEPTED = "accepted", _("both accepted")
    FIRST_CONTACT = "first_contact", _("first contact made")
    FIRST_MEETING = "first_meeting", _("first visit or call")
    STATEMENT = "statement", _("friendship statement agreed")
    ACTIVE = "active", _("link active")
    DECLINED = "declined", _("declined")


STAGE_ORDER = [
    Stage.SHORTLISTED,
    Stage.INTRODUCED,
    Stage.ACCEPTED,
    Stage.FIRST_CONTACT,
    Stage.FIRST_MEETING,
    Stage.STATEMENT,
    Stage.ACTIVE,
]
OPEN_STAGES = STAGE_ORDER[:-1]


class IntroductionQuerySet(models.QuerySet):
    def known_to_sides(self) -> "IntroductionQuerySet":
        """Introductions both sides have been asked about (the others are coordinators' own)."""
        return self.filter(introduced_at__isnull=False)

    def open(self) -> "IntroductionQuerySet":
        """Introductions under way: neither declined nor ended in a link yet."""
        return self.filter(stage__in=OPEN_STAGES)

    def with_sides(self) -> "IntroductionQuerySet":
        """With both sides: the request's partner and the group, each with its place."""
        return self.select_related("request__partner__place", "group__place")

    def for_page(self) -> "IntroductionQuerySet":
        """As an introduction's page shows it: both sides, and the link it ended in."""
        return self.with_sides().select_related("link")

    def for_board(self) -> "IntroductionQuerySet":
        """Open introductions with both sides, as the coordinators' board shows them."""
        return self.open().with_sides().order_by("stage_changed_at", "pk")

    def with_partner_links(self) -> "IntroductionQuerySet":
        """With how many British friends the partner has already (`partner_links`: its
        active and dormant links)."""
        links = (
            Link.objects.filter(
                partner=OuterRef("request__partner"), status__in=FRIENDSHIP_LINK_STATUSES
            )
            .order_by()
            .values("partner")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(partner_links=Coalesce(Subquery(links), 0))

    def for_request(self, twin_request) -> "IntroductionQuerySet":
        """A request's introductions, newest first, with each group (for the request's page)."""
        return self.filter(request=twin_request).select_related("group").order_by("-created_at")

    def for_group(self, group) -> "IntroductionQuerySet":
        """A group's introductions, newest first, with each partner and its place (for the
        group's offer)."""
        return (
            self.filter(group=group)
            .select_related("request__partner__place")
            .order_by("-created_at")
        )


class Introduction(models.Model):
    """A coordinator's introduction of a British group to a community that asked for a twin,
    followed until the link is active (or one side declines)."""

    class Side(models.TextChoices):
        GROUP = "group", _("the British group")
        PARTNER = "partner", _("the Palestinian partner")
        COORDINATOR = "coordinator", _("a coordinator")

    request = models.ForeignKey(TwinRequest, on_delete=models.CASCADE, related_name="introductions")
    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="introductions"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.SHORTLISTED
    )
    stage_changed_at = models.DateTimeField(_("since"))
    # When both sides were asked: until then only coordinators know of the introduction.
    introduced_at = models.DateTimeField(null=True, blank=True)
    group_accepted_at = models.DateTimeField(null=True, blank=True)
    partner_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(max_length=20, choices=Side.choices, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    link = models.ForeignKey(
        "directory.Link", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The engine's score when it was made, for the record (0..100).
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage", "stage_changed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "group"],
                condition=~models.Q(stage="declined"),
                name="matching_introduction_one_live_per_pair",
                violation_error_message=_("These two are already being introduced."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.request.partner}"

    def get_absolute_url(self) -> str:
        return reverse("matching:introduction", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def next_stage(self) -> Stage | None:
        """The stage that comes next, or None once the introduction is over."""
        if not self.is_open:
            return None
        return STAGE_ORDER[STAGE_ORDER.index(Stage(self.stage)) + 1]

    @property
    def sides_know(self) -> bool:
        """Whether the group and the partner have been asked (and so may see it)."""
        return self.introduced_at is not None


class IntroductionStepQuerySet(models.QuerySet):
    def with_authors(self) -> "IntroductionStepQuerySet":
        """With who took each step, as the introduction's history shows them."""
        return self.select_related("by")


class IntroductionStep(models.Model):
    """One step of an introduction: to which stage, by whom, when, with a note."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = IntroductionStepQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.introduction}: {self.stage}"


class ExcludedPair(models.Model):
    """A group and a request the engine must not suggest again: declined, or judged unsuitable."""

    request = models.ForeignKey(TwinRequest, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("directory.Group", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "group"], name="matching_excluded_once")
        ]

    def __str__(self) -> str:
        return f"{self.group} ✗ {self.request}"
