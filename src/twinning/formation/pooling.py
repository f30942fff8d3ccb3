"""Pooling people by where they live: each joins the nearest pool whose centre is within the
radius, or starts one. Pure and fast: a grid of cells about the radius wide finds the few
nearby centres, so 100,000 people pool in about a second (`bench/pooling.py`)."""

import math
from collections import defaultdict
from collections.abc import Iterable

from twinning.places.geo import distance_km

KM_PER_DEGREE = 111.2
# Longitudes are scaled by the cosine of this latitude, the southern edge of Britain: east-west
# distances then never shrink on the grid, and two cells each way hold every centre in reach.
REFERENCE_LATITUDE = 49.5


def _cell(lat: float, lon: float, radius_km: float) -> tuple[int, int]:
    scale = math.cos(math.radians(REFERENCE_LATITUDE))
    return (
        math.floor(lat * KM_PER_DEGREE / radius_km),
        math.floor(lon * KM_PER_DEGREE * scale / radius_km),
    )


def assign(
    people: Iterable[tuple[int, float, float]],
    centres: Iterable[tuple[int, float, float]],
    radius_km: float,
) -> tuple[dict[int, int], list[tuple[int, float, float]]]:
    """Give each person (id, lat, lon) a pool: the nearest centre (key, lat, lon) within
    `radius_km`, existing or started by someone earlier in `people`.

    Returns {person id: centre key} and the new centres, keyed by the id of the person who
    started each (negated, so they never clash with existing pools' keys).
    """
    grid: dict[tuple[int, int], list[tuple[int, float, float]]] = defaultdict(list)
    for centre in centres:
        grid[_cell(centre[1], centre[2], radius_km)].append(centre)
    assigned, started = {}, []
    for person, lat, lon in people:
        row, column = _cell(lat, lon, radius_km)
        best, best_distance = None, radius_km
        for dr in (-2, -1, 0, 1, 2):
            for dc in (-2, -1, 0, 1, 2):
                for key, clat, clon in grid.get((row + dr, column + dc), ()):
                    distance = distance_km(lat, lon, clat, clon)
                    if distance <= best_distance:
                        best, best_distance = key, distance
        if best is None:
            best = -person
            centre = (best, lat, lon)
            started.append(centre)
            grid[(row, column)].append(centre)
        assigned[person] = best
    return assigned, started
