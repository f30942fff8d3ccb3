from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    GB = "GB", _("Britain")
    PS = "PS", _("Palestine")


class Kind(models.TextChoices):
    CITY = "city", _("city")
    TOWN = "town", _("town")
    VILLAGE = "village", _("village")
    REFUGEE_CAMP = "refugee_camp", _("refugee camp")
    POSTCODE_DISTRICT = "postcode_district", _("postcode district")


class Governorate(models.TextChoices):
    """The 16 governorates of the West Bank (11) and the Gaza Strip (5)."""

    JENIN = "jenin", _("Jenin")
    TUBAS = "tubas", _("Tubas")
    TULKARM = "tulkarm", _("Tulkarm")
    NABLUS = "nablus", _("Nablus")
    QALQILYA = "qalqilya", _("Qalqilya")
    SALFIT = "salfit", _("Salfit")
    RAMALLAH_AL_BIREH = "ramallah-al-bireh", _("Ramallah and al-Bireh")
    JERICHO = "jericho", _("Jericho")
    JERUSALEM = "jerusalem", _("Jerusalem (al-Quds)")
    BETHLEHEM = "bethlehem", _("Bethlehem")
    HEBRON = "hebron", _("Hebron (al-Khalil)")
    NORTH_GAZA = "north-gaza", _("North Gaza")
    GAZA = "gaza", _("Gaza")
    DEIR_AL_BALAH = "deir-al-balah", _("Deir al-Balah")
    KHAN_YUNIS = "khan-yunis", _("Khan Yunis")
    RAFAH = "rafah", _("Rafah")


GAZA_GOVERNORATES = {"north-gaza", "gaza", "deir-al-balah", "khan-yunis", "rafah"}


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


class PlaceQuerySet(models.QuerySet):
    def offered(self) -> "PlaceQuerySet":
        """Places that forms and search may offer: not hidden by a coordinator."""
        return self.filter(hidden=False)

    def in_box(self, south: float, west: float, north: float, east: float) -> "PlaceQuerySet":
        """A bounding-box prefilter on the indexed coordinates."""
        return self.filter(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)

    def kind_counts(self) -> models.QuerySet:
        """How many places of each kind each country has: rows of `country`, `kind` and `n`."""
        return (
            self.values("country", "kind")
            .annotate(n=models.Count("pk"))
            .order_by("country", "kind")
        )


class Place(models.Model):
    """A locality: a British town or postcode district, or a Palestinian city, town,
    village or refugee camp. Groups, partners, visits and interest registrations
    point at one.
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    alt_names = models.TextField(
        _("other spellings"), blank=True, help_text=_("Separated by a vertical bar: Shufat|Shuafat")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    governorate = models.CharField(
        _("governorate"), max_length=20, choices=Governorate.choices, blank=True
    )
    county = models.CharField(_("county or council area"), max_length=100, blank=True)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices, blank=True)
    lat = models.FloatField(_("latitude"), db_index=True)
    lon = models.FloatField(_("longitude"), db_index=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    source = models.CharField(
        _("source"), max_length=60, help_text=_("Where the entry comes from, e.g. geonames:281184")
    )
    key = models.CharField(
        max_length=60,
        unique=True,
        help_text="Stable identity for reloading: geonames:<id>, camp:<slug>, postcode:<district>, "
        "or added:<id> for places added by coordinators.",
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden places are not offered in forms or search.")
    )
    search_names = models.TextField(editable=False, default="")
    search_skeletons = models.TextField(editable=False, default="")

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="places_place_coordinates_valid",
                violation_error_message=_("Latitude must be within ±90 and longitude within ±180."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:place", args=[self.pk])

    def display_name(self, language: str) -> str:
        if language == "ar" and self.name_ar:
            return self.name_ar
        return self.name

    @property
    def area_label(self) -> str:
        """The governorate (Palestine) or county (Britain) this place is in."""
        if self.country == Country.PS:
            return self.get_governorate_display()
        return self.county

    @property
    def other_spellings(self) -> list[str]:
        return [name.strip() for name in self.alt_names.split("|") if name.strip()]

    @property
    def all_names(self) -> list[str]:
        names = [self.name, self.name_ar, *self.alt_names.split("|")]
        return [name.strip() for name in names if name and name.strip()]

    def refresh_search_keys(self) -> None:
        from twinning.places.text import keys_for

        self.search_names, self.search_skeletons = keys_for(self.all_names)
