"""Palestinian partners and the people who speak for them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.text import listing
from twinning.directory.models.groups import ReviewStatus, name_keys, random_slug


class PartnerKind(models.TextChoices):
    COUNCIL = "council", _("municipality or village council")
    CAMP_COMMITTEE = "camp_committee", _("refugee camp committee")
    SCHOOL = "school", _("school")
    UNIVERSITY = "university", _("university")
    WOMENS_CENTRE = "womens_centre", _("women's centre")
    YOUTH_CENTRE = "youth_centre", _("youth or community centre")
    MEDICAL_CENTRE = "medical_centre", _("medical centre")
    COOPERATIVE = "cooperative", _("farmers' or women's co-operative")
    CULTURAL_CENTRE = "cultural_centre", _("cultural centre")
    FAITH_COMMUNITY = "faith_community", _("faith community")
    OTHER = "other", _("other")


class PartnerQuerySet(models.QuerySet):
    def for_directory(self) -> "PartnerQuerySet":
        """Partners as the public directory lists them, with their place.

        Sensitive partners come last, in no order that depends on their name.
        """
        return self.approved().select_related("place").order_by("sensitive", "sort_name", "pk")

    def approved(self) -> "PartnerQuerySet":
        return self.filter(status=ReviewStatus.APPROVED)

    def waiting_for_review(self) -> "PartnerQuerySet":
        """Partners people added that wait for a coordinator, oldest first, with who added them."""
        return (
            self.filter(status=ReviewStatus.PENDING)
            .select_related("place", "proposed_by")
            .order_by("created_at")
        )

    def for_export(self) -> "PartnerQuerySet":
        """Every partner with its place and interests, in the order they were added."""
        return self.select_related("place").prefetch_related("interests").order_by("pk")

    def for_index(self) -> "PartnerQuerySet":
        """The partners the search index holds (approved ones), with what it reads of them."""
        return self.approved().select_related("place").prefetch_related("interests")

    def with_place(self) -> "PartnerQuerySet":
        return self.select_related("place")

    def named(self, names) -> "PartnerQuerySet":
        """Partners that may bear one of `names` in English or Arabic, whatever the case
        (compare `casefold()`s to be sure), with their place."""
        keys = name_keys(names)
        return (
            self.with_place()
            .annotate(name_key=Lower("name"), name_ar_key=Lower("name_ar"))
            .filter(models.Q(name_key__in=keys) | models.Q(name_ar_key__in=keys))
        )


class Partner(models.Model):
    """A Palestinian partner: a municipality, village council, camp committee, school…

    A *sensitive* partner's public pages show only its kind and governorate:
    never its name's place, its exact location, or anyone connected with it.
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    # Whether `slug` was drawn at random (see `save`) rather than made from the name.
    slug_is_random = models.BooleanField(default=False, editable=False)
    kind = models.CharField(
        _("kind"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.COUNCIL
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
        limit_choices_to={"country": "PS"},
    )
    interests = models.ManyToManyField(
        "directory.Interest", verbose_name=_("interests"), blank=True, related_name="partners"
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Public pages then show only the kind and the governorate: no names of people, "
            "no exact place."
        ),
    )
    description = models.TextField(_("description in English"), blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    status = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.APPROVED,
        help_text=_("Partners added by the public wait for a coordinator's review."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Whether the person who proposed it said they speak for it: approval then
    # makes them its contact.
    proposer_speaks_for_it = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The name lists sort by: empty for a sensitive partner, so that its
    # place in a list never hints at its name. Kept by save().
    sort_name = models.CharField(max_length=200, blank=True, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["status", "sensitive", "sort_name", "id"],
                name="directory_partner_listing",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A sensitive partner's web address must never carry anything made from its name,
        # however it was created (a form, the admin, an import), whatever the name; nor may a
        # partner waiting for review be found, or counted, by its name's address. The flag,
        # not the address's shape, says whether it was drawn at random.
        changed = self.fill_address_and_sort()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:partner", args=[self.slug])

    def fill_address_and_sort(self) -> set[str]:
        """Draw the random address `save` gives where one made from the name must not show,
        and the name lists sort by; say which fields were set. (An import creating partners
        in bulk, which skips `save`, calls it first.)"""
        changed = {"sort_name"}
        if (self.sensitive or self.status == ReviewStatus.PENDING) and not self.slug_is_random:
            self.slug = random_slug("p")
            self.slug_is_random = True
            changed |= {"slug", "slug_is_random"}
        self.sort_name = self.listing_name()
        return changed

    def listing_name(self) -> str:
        return "" if self.sensitive else self.name

    @property
    def governorate(self) -> str:
        return self.place.governorate if self.place_id else ""

    def public_label(self, language: str) -> str:
        """What a public page may call this partner: a sensitive one by kind and governorate."""
        if not self.sensitive:
            return self.display_name(language)
        from twinning.places.models import Governorate

        kind = self.get_kind_display()
        area = Governorate(self.governorate).label if self.governorate else ""
        return listing([kind, area]) if area else str(kind)

    def display_name(self, language: str) -> str:
        """The name to show first: Arabic on Arabic pages where there is one."""
        if language == "ar" and self.name_ar:
            return self.name_ar
        return self.name

    def display_description(self, language: str) -> str:
        if language == "ar" and self.description_ar:
            return self.description_ar
        return self.description or self.description_ar


class PartnerContactQuerySet(models.QuerySet):
    def with_partners(self) -> "PartnerContactQuerySet":
        return self.select_related("partner")


class PartnerContact(models.Model):
    """A person who speaks for a partner on the platform. Never shown publicly."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_contacts"
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    objects = PartnerContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "user"],
                name="directory_partnercontact_one_per_person",
                violation_error_message=_("This person already speaks for this partner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.partner}"
