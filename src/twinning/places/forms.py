from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.forms import Form, ModelForm
from twinning.places.models import Country, Kind, Place


class PlaceSearchForm(Form):
    q = forms.CharField(
        label=_("Place name or postcode"),
        max_length=100,
        required=False,
        help_text=_("Any spelling: Beit Sahour, Bayt Sahur, بيت ساحور, OX1 2JD"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("Both")), *Country.choices], required=False
    )


class PlaceForm(ModelForm):
    """A coordinator adds a missing place."""

    class Meta:
        model = Place
        fields = [
            "name",
            "name_ar",
            "alt_names",
            "country",
            "kind",
            "governorate",
            "county",
            "nation",
            "lat",
            "lon",
        ]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "alt_names": forms.TextInput(),
        }

    def clean(self) -> dict:
        data = super().clean()
        country, kind = data.get("country"), data.get("kind")
        if kind == Kind.POSTCODE_DISTRICT:
            self.add_error("kind", _("Postcode districts come from the postcode data."))
        if country == Country.PS:
            if not data.get("governorate"):
                self.add_error("governorate", _("A Palestinian place needs its governorate."))
            if data.get("county") or data.get("nation"):
                self.add_error(
                    "county", _("Leave county and nation empty for a Palestinian place.")
                )
        if country == Country.GB:
            if data.get("governorate"):
                self.add_error("governorate", _("Only Palestinian places have a governorate."))
            if kind == Kind.REFUGEE_CAMP:
                self.add_error("kind", _("Refugee camps are Palestinian places."))
            if not data.get("nation"):
                self.add_error("nation", _("Say which nation of Britain the place is in."))
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None and country:
            box = {Country.GB: (49.8, 60.9, -8.7, 1.8), Country.PS: (31.2, 32.6, 34.2, 35.6)}[
                country
            ]
            if not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
                self.add_error(
                    "lat",
                    _("This point is not in %(country)s.") % {"country": Country(country).label},
                )
        return data
