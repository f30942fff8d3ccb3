"""A form field for choosing a place, by any spelling, that works without JavaScript.

The person types a name or postcode. On submit, an exact match is taken; when
several places fit, the form comes back with them as choices to pick from.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from twinning.places.models import Place
from twinning.places.search import search_places
from twinning.places.text import normalise


class PlacePickerWidget(forms.Widget):
    template_name = "places/widgets/place_picker.html"

    def __init__(self, country: str | None = None, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.country = country

    def value_from_datadict(self, data, files, name: str) -> dict:
        return {
            "id": data.get(name, ""),
            "q": data.get(f"{name}_q", ""),
            "was": data.get(f"{name}_was", ""),
        }

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def get_context(self, name: str, value, attrs: dict) -> dict:
        context = super().get_context(name, value, attrs)
        chosen, query, options = None, "", []
        if isinstance(value, dict):
            query = value.get("q", "")
            if value.get("id"):
                chosen = Place.objects.filter(pk=value["id"]).first()
            typed_anew = query and query != value.get("was", "")
            if query and (typed_anew or not chosen):
                chosen = None if typed_anew else chosen
                options = search_places(query, country=self.country, limit=8)
        elif value:
            chosen = value if isinstance(value, Place) else Place.objects.filter(pk=value).first()
        if chosen and chosen not in options:
            options = [chosen, *options]
        context["widget"].update(
            {
                "query": query or (chosen.name if chosen else ""),
                "chosen": chosen,
                "options": options,
            }
        )
        return context


class PlacePickerField(forms.Field):
    default_error_messages = {
        "choose": _("Several places match: choose one below, or type more of the name."),
        "none": _("No place matches “%(query)s”. Try another spelling or a postcode."),
    }

    def __init__(self, *, country: str | None = None, **kwargs) -> None:
        self.country = country
        kwargs.setdefault("widget", PlacePickerWidget(country=country))
        kwargs.setdefault(
            "help_text", _("Type a town, village or postcode in any spelling, then save.")
        )
        super().__init__(**kwargs)

    def to_python(self, value) -> Place | None:
        if isinstance(value, Place) or value is None:
            return value
        if not isinstance(value, dict):
            value = {"id": value, "q": ""}
        places = Place.objects.offered()
        if self.country:
            places = places.filter(country=self.country)
        query = (value.get("q") or "").strip()
        # A choice stands unless the person has since typed something else.
        typed_anew = query and query != (value.get("was") or "").strip()
        if str(value.get("id") or "").isdigit() and not typed_anew:
            place = places.filter(pk=int(value["id"])).first()
            if place is not None:
                return place
        if not query:
            return None
        found = search_places(query, country=self.country, limit=8)
        if not found:
            raise ValidationError(self.error_messages["none"], code="none", params={"query": query})
        if len(found) == 1:
            return found[0]
        exact = [place for place in found if normalise(place.name) == normalise(query)]
        if len(exact) == 1:
            return exact[0]
        raise ValidationError(self.error_messages["choose"], code="choose")

    def has_changed(self, initial, data) -> bool:
        return True
