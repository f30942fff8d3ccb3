from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from twinning.core.access import permission_required
from twinning.places import services
from twinning.places.access import get_place_for_user, may_manage_places
from twinning.places.forms import PlaceForm, PlaceSearchForm
from twinning.places.geo import places_within
from twinning.places.maps import MapPoint, map_figure
from twinning.places.models import Country, Kind, Place
from twinning.places.search import search_places


@require_safe
@vary_on_headers("HX-Request")
def place_search(request: HttpRequest) -> HttpResponse:
    """Find a place by any spelling or by postcode. Type-ahead with htmx; works without it."""
    form = PlaceSearchForm(request.GET or None)
    results: list[Place] = []
    if form.is_valid() and form.cleaned_data["q"]:
        results = search_places(
            form.cleaned_data["q"], country=form.cleaned_data["country"] or None
        )
    context = {"form": form, "results": results, "language": get_language()}
    template = "places/search.html#results" if request.htmx else "places/search.html"
    return render(request, template, context)


@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk)
    language = get_language()
    nearby = [p for p, _d in places_within(place.lat, place.lon, 15) if p.pk != place.pk][:8]
    points = [
        MapPoint(
            key=str(place.pk),
            lat=place.lat,
            lon=place.lon,
            label=place.display_name(language),
            country=place.country,
            title=place.display_name(language),
        )
    ]
    context = {
        "place": place,
        "language": language,
        "nearby": nearby,
        "map": map_figure(
            points,
            regions=(place.country,),
            width=420,
            height=520,
            caption=_("Latitude %(lat).3f, longitude %(lon).3f.")
            % {"lat": place.lat, "lon": place.lon},
        ),
        "can_manage": may_manage_places(request.user),
    }
    return render(request, "places/place_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("places.manage_places")
def place_add(request: HttpRequest) -> HttpResponse:
    """Coordinators: add a place the gazetteer is missing."""
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        place = services.place_create(actor=request.user, values=form.cleaned_data)
        messages.success(request, _("%(name)s is added.") % {"name": place.name})
        return redirect(place)
    return render(
        request, "places/place_form.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_POST
def place_hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators: stop offering a place in forms and search, or offer it again."""
    place = get_place_for_user(request.user, pk, write=True)
    hidden = request.POST.get("hidden") == "1"
    services.place_set_hidden(actor=request.user, place=place, hidden=hidden)
    if hidden:
        messages.success(request, _("%(name)s is no longer offered.") % {"name": place.name})
    else:
        messages.success(request, _("%(name)s is offered again.") % {"name": place.name})
    return redirect(place)


@require_safe
def about_data(request: HttpRequest) -> HttpResponse:
    """Where the place data comes from, with the attributions its licences ask for."""
    counts = [
        {
            "country": Country(row["country"]).label,
            "kind": capfirst(Kind(row["kind"]).label),
            "n": row["n"],
        }
        for row in Place.objects.kind_counts()
    ]
    return render(request, "places/about_data.html", {"counts": counts})
