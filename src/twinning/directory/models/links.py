"""Twinning links between a British group and a Palestinian partner, with their history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LinkKind(models.TextChoices):
    COUNCIL = "council", _("formal council twinning")
    FRIENDSHIP = "friendship", _("friendship link")
    SCHOOL = "school", _("school link")
    UNIVERSITY = "university", _("university link")
    FAITH = "faith", _("faith link")
    UNION = "union", _("union link")


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


class Side(models.TextChoices):
    """Who speaks in a step of a link's life."""

    GROUP = "group", _("the group's organisers")
    PARTNER = "partner", _("the partner's contacts")
    COORDINATOR = "coordinator", _("a coordinator")
    # a coordinator speaking for a partner that has no contacts on the platform
    FOR_PARTNER = "for_partner", _("a coordinator, for a partner with no contacts")


EITHER_SIDE = frozenset({Side.GROUP, Side.PARTNER, Side.COORDINATOR, Side.FOR_PARTNER})

# Who may move a link from one status to the next (the only steps there are). A group
# proposes a link; it becomes active only when the other side says yes too: the partner's
# contacts, or a coordinator speaking for a partner with none (as introductions ask both
# sides). Either side, or a coordinator, may then say it has gone quiet, wake it, or end it,
# and may withdraw, turn down or close a proposal. An ended link stays ended: a renewed
# friendship is a new link.
WHO_MAY_MOVE: dict[tuple[str, str], frozenset[str]] = {
    (LinkStatus.PROPOSED, LinkStatus.ACTIVE): frozenset({Side.PARTNER, Side.FOR_PARTNER}),
    (LinkStatus.PROPOSED, LinkStatus.ENDED): EITHER_SIDE,
    (LinkStatus.ACTIVE, LinkStatus.DORMANT): EITHER_SIDE,
    (LinkStatus.ACTIVE, LinkStatus.ENDED): EITHER_SIDE,
    (LinkStatus.DORMANT, LinkStatus.ACTIVE): EITHER_SIDE,
    (LinkStatus.DORMANT, LinkStatus.ENDED): EITHER_SIDE,
}

# Which status may follow which, whoever asks: a link is proposed, becomes active, may fall
# dormant and wake again, and may end from any state.
NEXT_STATUSES = {
    status: {to for (start, to) in WHO_MAY_MOVE if start == status} for status in LinkStatus
}


LISTING_FIELDS = ("listed", "sort_rank", "sort_name", "governorate")


class LinkQuerySet(models.QuerySet):
    def for_directory(self) -> "LinkQuerySet":
        """Links with both sides and their places, as lists and maps need them."""
        return self.with_sides().order_by("sort_rank", "sort_name", "pk")

    def with_sides(self) -> "LinkQuerySet":
        """Links with their group and partner, and the places of both."""
        return self.select_related("group__place", "partner__place")

    def for_export(self) -> "LinkQuerySet":
        """Every link in any status with both sides, in the order they were added."""
        return self.with_sides().order_by("pk")

    def for_index(self) -> "LinkQuerySet":
        """The links the search index holds (listed ones), with what it reads of both sides."""
        return (
            self.filter(listed=True)
            .with_sides()
            .prefetch_related("group__interests", "partner__interests")
        )

    def live(self) -> "LinkQuerySet":
        """Links not ended: a group and a partner have at most one of these."""
        return self.exclude(status=LinkStatus.ENDED)

    def between(self, pairs) -> "LinkQuerySet":
        """Links, in any status, joining one of these (group id, partner id) pairs."""
        joins = models.Q(pk__in=[])
        for group_id, partner_id in pairs:
            joins |= models.Q(group_id=group_id, partner_id=partner_id)
        return self.filter(joins)

    def on_overview(self) -> "LinkQuerySet":
        """The links "Who is twinned with whom" shows: listed, and not ended."""
        return self.public().live()

    def quiet_since(self, cutoff) -> "LinkQuerySet":
        """Listed active links with nothing recorded along them since `cutoff` (a date), nor
        since they started or were added: possibly dormant."""
        nothing_since = models.Q(last_activity_on__lt=cutoff) | models.Q(
            last_activity_on__isnull=True, created_at__date__lt=cutoff
        )
        not_new = models.Q(started_on__isnull=True) | models.Q(started_on__lt=cutoff)
        return self.filter(status=LinkStatus.ACTIVE, listed=True).filter(nothing_since & not_new)

    def waiting_for_a_yes(self) -> "LinkQuerySet":
        """Proposed links, oldest first, with both sides and whether the partner has contacts
        to say yes (`has_contacts`; a coordinator speaks for a partner without)."""
        from twinning.directory.models.partners import PartnerContact

        contacts = PartnerContact.objects.filter(partner_id=models.OuterRef("partner_id"))
        return (
            self.filter(status=LinkStatus.PROPOSED)
            .with_sides()
            .annotate(has_contacts=models.Exists(contacts))
            .order_by("created_at", "pk")
        )

    def public(self) -> "LinkQuerySet":
        """Links the public directory shows: not ones still only proposed, nor of groups
        that are not (or no longer) approved."""
        return self.filter(listed=True)

    def places_twinned(self) -> int:
        """How many places these links join, on both sides: a sensitive partner's place is
        not counted (the public does not learn it is there)."""
        british = self.exclude(group__place=None).values("group__place").distinct().count()
        palestinian = (
            self.exclude(partner__place=None)
            .filter(partner__sensitive=False)
            .values("partner__place")
            .distinct()
            .count()
        )
        return british + palestinian


class Link(models.Model):
    """A British group and a Palestinian partner twinned with each other."""

    group = models.ForeignKey(
        "directory.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="links"
    )
    partner = models.ForeignKey(
        "directory.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="links",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=LinkKind.choices, default=LinkKind.FRIENDSHIP
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LinkStatus.choices, default=LinkStatus.PROPOSED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    story = models.TextField(
        _("story"), blank=True, help_text=_("A short public story of the link. Markdown.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The day of the latest thing done along the link (a meeting, a visit, an appeal's entry),
    # kept by the services that record them; and when its organisers were last nudged about
    # a quiet link (cleared by the next activity).
    last_activity_on = models.DateField(_("last activity"), null=True, blank=True, editable=False)
    dormancy_nudged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Whether and where the public lists show the link, without a join:
    # listed once past "proposed" while both sides are approved; ordered by
    # partner then group, links of sensitive partners last and by group only.
    # Kept by save() and, when a side changes, by the directory's signals.
    listed = models.BooleanField(default=False, editable=False)
    sort_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_name = models.CharField(max_length=410, blank=True, editable=False)
    # The partner's governorate, so that filtering and grouping links by it need
    # no join through the partner to its place.
    governorate = models.CharField(max_length=20, blank=True, editable=False)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["sort_rank", "sort_name", "id"]
        indexes = [
            # the active links by their last activity, for the quiet ones
            models.Index(
                fields=["last_activity_on", "id"],
                condition=models.Q(status="active"),
                name="directory_link_by_activity",
            ),
            # Only listed links, so that "WHERE listed" pages straight down the index;
            # the trailing columns let the overview read every listed link's section
            # and partner from the index alone.
            models.Index(
                fields=["sort_rank", "sort_name", "id", "status", "kind", "governorate", "partner"],
                condition=models.Q(listed=True),
                name="directory_link_listing_wide",
            ),
            models.Index(
                fields=["governorate", "sort_rank", "sort_name", "id"],
                condition=models.Q(listed=True),
                name="directory_link_by_governorate",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "partner"],
                condition=~models.Q(status="ended"),
                name="directory_link_one_live_link_per_pair",
                violation_error_message=_("This group and this partner are already linked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.partner}"

    def save(self, *args, **kwargs) -> None:
        self.fill_listing()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *LISTING_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:link", args=[self.pk])

    def fill_listing(self) -> bool:
        """Set the listing fields from the link and its two sides; say whether they changed."""
        listed = (
            self.status != LinkStatus.PROPOSED
            and self.group.status == "approved"
            and self.partner.status == "approved"
        )
        rank = 1 if self.partner.sensitive else 0
        name = self.group.name if rank else f"{self.partner.name} {self.group.name}"
        place = self.partner.place if self.partner.place_id else None
        new = (listed, rank, name, place.governorate if place else "")
        changed = new != tuple(getattr(self, field) for field in LISTING_FIELDS)
        for field, value in zip(LISTING_FIELDS, new, strict=True):
            setattr(self, field, value)
        return changed


class LinkStatusChange(models.Model):
    """One step in a link's life: from which status to which, when, why, by whom."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=LinkStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=LinkStatus.choices)
    on = models.DateField(_("on"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.link}: {self.from_status or '–'} → {self.to_status}"
