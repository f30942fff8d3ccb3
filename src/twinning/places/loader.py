"""Load the committed gazetteer files in `data/` into the Place table.

Used by the data migration (so `migrate` loads the places) and by
`twinning places load` (to reload after the files change). Reloading updates
entries in place by their stable key and never touches places a coordinator
added or the `hidden` flag a coordinator set.
"""

import csv
import math
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from twinning.places.text import keys_for

DATA = Path(__file__).resolve().parent / "data"
BATCH = 1000

FILES = {
    "ps_localities": DATA / "ps_localities.csv",
    "ps_refugee_camps": DATA / "ps_refugee_camps.csv",
    "ps_excluded_settlements": DATA / "ps_excluded_settlements.csv",
    "gb_places": DATA / "gb_places.csv",
    "gb_postcode_districts": DATA / "gb_postcode_districts.csv",
}


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = FILES[name]
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _int(value: str) -> int:
    try:
        return max(int(float(value or 0)), 0)
    except ValueError:
        return 0


def plain_name(name: str) -> tuple[str, str]:
    """GeoNames' scholarly spelling made readable (Yaţţā → Yatta), and the original
    kept as another spelling when it differs."""
    readable = unicodedata.normalize("NFKD", name)
    readable = "".join(c for c in readable if not unicodedata.combining(c))
    readable = readable.replace("‘", "'").replace("’", "'").replace("ʼ", "'").replace("ʻ", "'")
    return readable, (name if readable != name else "")


def _with_original(alt_names: str, original: str) -> str:
    names = [n for n in alt_names.split("|") if n]
    if original and original not in names:
        names.insert(0, original)
    return "|".join(names)


def excluded_keys() -> set[str]:
    """Keys of GeoNames entries filed under PS that are Israeli settlements."""
    return {f"geonames:{row['geonameid']}" for row in _rows("ps_excluded_settlements")}


def gb_kind(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 5_000:
        return "town"
    return "village"


def palestinian_places() -> Iterator[dict]:
    excluded = excluded_keys()
    for row in _rows("ps_localities"):
        key = f"geonames:{row['geonameid']}"
        if key in excluded:
            continue
        name, original = plain_name(row["name"])
        yield {
            "key": key,
            "name": name,
            "name_ar": row["name_ar"],
            "alt_names": _with_original(row["alt_names"], original),
            "country": "PS",
            "kind": row["kind"],
            "governorate": row["governorate"],
            "county": "",
            "nation": "",
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "population": _int(row["population"]),
            "source": key,
        }
    for row in _rows("ps_refugee_camps"):
        yield {
            "key": f"camp:{row['slug']}",
            "name": row["name"],
            "name_ar": row["name_ar"],
            "alt_names": row["alt_names"],
            "country": "PS",
            "kind": "refugee_camp",
            "governorate": row["governorate"],
            "county": "",
            "nation": "",
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "population": 0,
            "source": "curated: UNRWA camps",
        }


def british_places() -> list[dict]:
    """GeoNames GB places in the four nations (the Cyprus bases, with no nation, are left out)."""
    rows = []
    for row in _rows("gb_places"):
        if not row.get("nation"):
            continue
        name, original = plain_name(row["name"])
        rows.append(
            {
                "key": f"geonames:{row['geonameid']}",
                "name": name,
                "name_ar": "",
                "alt_names": _with_original(row.get("alt_names", ""), original),
                "country": "GB",
                "kind": gb_kind(_int(row["population"])),
                "governorate": "",
                "county": row.get("county", ""),
                "nation": row.get("nation", ""),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "population": _int(row["population"]),
                "source": f"geonames:{row['geonameid']}",
            }
        )
    return rows


def postcode_districts(towns: list[dict]) -> Iterator[dict]:
    """Postcode districts, each given the county and nation of the nearest town."""
    grid: dict[tuple[int, int], list[dict]] = {}
    for town in (town for town in towns if town["county"]):
        grid.setdefault((int(town["lat"] * 4), int(town["lon"] * 4)), []).append(town)
    for row in _rows("gb_postcode_districts"):
        lat, lon = float(row["lat"]), float(row["lon"])
        nearest = _nearest(grid, lat, lon)
        yield {
            "key": f"postcode:{row['district']}",
            "name": row["district"],
            "name_ar": "",
            "alt_names": "",
            "country": "GB",
            "kind": "postcode_district",
            "governorate": "",
            "county": nearest["county"] if nearest else "",
            "nation": nearest["nation"] if nearest else "",
            "lat": lat,
            "lon": lon,
            "population": 0,
            "source": "OS Code-Point Open" if _int(row.get("postcodes", "0")) else "approximate",
        }


def _nearest(grid: dict, lat: float, lon: float) -> dict | None:
    cell = (int(lat * 4), int(lon * 4))
    for reach in range(1, 8):
        candidates = [
            town
            for dlat in range(-reach, reach + 1)
            for dlon in range(-reach, reach + 1)
            for town in grid.get((cell[0] + dlat, cell[1] + dlon), [])
        ]
        if candidates:
            return min(
                candidates,
                key=lambda t: (
                    (t["lat"] - lat) ** 2 + ((t["lon"] - lon) * math.cos(math.radians(lat))) ** 2
                ),
            )
    return None


def load_places(place_model, *, progress: Callable[[str], None] = lambda message: None) -> dict:
    """Create or update every place from the data files. Returns counts."""
    towns = british_places()
    rows = [*palestinian_places(), *towns, *postcode_districts(towns)]
    for row in rows:
        names = [row["name"], row["name_ar"], *row["alt_names"].split("|")]
        row["search_names"], row["search_skeletons"] = keys_for([n for n in names if n])
    fields = [field for field in rows[0] if field != "key"] if rows else []
    existing = {
        values["key"]: values for values in place_model.objects.values("pk", "key", *fields)
    }
    new, changed = [], []
    for row in rows:
        current = existing.get(row["key"])
        if current is None:
            new.append(place_model(**row))
        elif any(current[field] != row[field] for field in fields):
            changed.append(place_model(pk=current["pk"], **row))
    for start in range(0, len(new), BATCH):
        place_model.objects.bulk_create(new[start : start + BATCH])
        progress(f"  added {min(start + BATCH, len(new))}/{len(new)} places")
    for start in range(0, len(changed), BATCH):
        place_model.objects.bulk_update(changed[start : start + BATCH], fields)
        progress(f"  updated {min(start + BATCH, len(changed))}/{len(changed)} places")
    hidden = place_model.objects.filter(key__in=excluded_keys()).update(hidden=True)
    return {
        "added": len(new),
        "updated": len(changed),
        "unchanged": len(rows) - len(new) - len(changed),
        "settlements hidden": hidden,
    }
