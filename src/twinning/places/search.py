"""The one place search every form and the API use."""

import re

from django.db.models import Q

from twinning.places.models import Country, Kind, Place
from twinning.places.text import normalise, skeleton

MAX_CANDIDATES = 400
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def postcode_district(query: str) -> tuple[str, bool] | None:
    """The district a postcode query names, and whether it named it exactly.

    "OX1 2JD", "ox12jd" → ("OX1", True); "OX1" → ("OX1", True); "LS" → None.
    """
    compact = re.sub(r"\s+", "", query.upper())
    if match := _FULL_POSTCODE.match(compact):
        return match.group(1), True
    if _OUTWARD.match(compact):
        return compact, True
    return None


def search_places(
    query: str,
    *,
    country: str | None = None,
    kind: str | None = None,
    limit: int = 20,
) -> list[Place]:
    """Places whose name, Arabic name or another spelling matches `query`, best first.

    Exact names come first, then names that start with the query, then names
    with a word that starts with it, then spellings that differ only in vowels,
    doubled letters or marks. Within each, bigger places first. Postcodes
    (full or outward part) find their district. Hidden places are never offered.
    """
    query = (query or "").replace("\x00", "").strip()[:100]
    if not query:
        return []
    places = Place.objects.offered()
    if country:
        places = places.filter(country=country)
    if kind:
        places = places.filter(kind=kind)

    district = postcode_district(query) if country in (None, Country.GB) else None
    if district is not None:
        outward, _exact = district
        found = list(
            places.filter(kind=Kind.POSTCODE_DISTRICT, name__startswith=outward).order_by("name")[
                : limit * 2
            ]
        )
        found.sort(key=lambda place: (place.name != outward, len(place.name), place.name))
        if found:
            return found[:limit]

    norm = normalise(query)
    skel = skeleton(query)
    if not norm:
        return []
    condition = Q(search_names__contains="|" + norm) | Q(search_names__contains=" " + norm)
    if len(skel) >= 3 or (len(skel) == 2 and len(norm) >= 4):
        condition |= Q(search_skeletons__contains="|" + skel)
    candidates = list(places.filter(condition).order_by("-population", "name")[:MAX_CANDIDATES])
    ranked = sorted(
        candidates, key=lambda place: (_rank(place, norm, skel), -place.population, place.name)
    )
    return ranked[:limit]


def _rank(place: Place, norm: str, skel: str) -> int:
    names = place.search_names.strip("|").split("|")
    if norm in names:
        return 0
    if any(name.startswith(norm) for name in names):
        return 1
    if any((" " + norm) in name for name in names):
        return 2
    skeletons = place.search_skeletons.strip("|").split("|")
    if skel in skeletons:
        return 3
    return 4
