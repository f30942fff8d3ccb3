"""Distances on the globe, and "places within N km" with an indexed prefilter."""

import math
from collections.abc import Iterable

from twinning.places.models import Place, PlaceQuerySet

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """South, west, north, east of a box that contains every point within `km`."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(km / (EARTH_RADIUS_KM * cos_lat)))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def places_within(
    lat: float, lon: float, km: float, places: PlaceQuerySet | None = None
) -> list[tuple[Place, float]]:
    """Places within `km` of a point, nearest first, with their distance.

    The box filter uses the lat/lon indexes, so only nearby rows are read; the
    exact distance is then computed for those few.
    """
    places = Place.objects.offered() if places is None else places
    south, west, north, east = bounding_box(lat, lon, km)
    near = []
    for place in places.in_box(south, west, north, east):
        distance = distance_km(lat, lon, place.lat, place.lon)
        if distance <= km:
            near.append((place, distance))
    near.sort(key=lambda pair: pair[1])
    return near


def nearest(lat: float, lon: float, points: Iterable[Place]) -> Place | None:
    return min(points, key=lambda p: distance_km(lat, lon, p.lat, p.lon), default=None)
