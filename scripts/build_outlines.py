"""Build src/twinning/places/data/outlines.json from world-atlas' countries-10m.json.

Takes the United Kingdom (id "826") and Palestine (id "275": the West Bank and
Gaza) from the Natural Earth 1:10m admin-0 countries, as packaged in TopoJSON
by the npm package world-atlas 2.0.2, and writes small simplified outlines for
drawing maps:

    {"source": ..., "licence": ..., "gb": [ring, ...],
     "ps_west_bank": [ring], "ps_gaza": [ring]}

where each ring is a closed list of [lon, lat] pairs (first point == last
point), outer rings counter-clockwise as in GeoJSON (RFC 7946).

Pure Python, standard library only: the TopoJSON arcs are decoded here
(quantized transform + delta encoding), rings are simplified with
Douglas-Peucker and coordinates rounded to 4 decimals.

Usage (get the file with `npm pack world-atlas@2.0.2` and unpack it):

    python scripts/build_outlines.py /tmp/package/countries-10m.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "twinning" / "places" / "data" / "outlines.json"

UK_ID = "826"
PALESTINE_ID = "275"

# Douglas-Peucker tolerance, in degrees of latitude (longitudes are scaled by
# cos(latitude) first, so the tolerance is the same ground distance east-west
# and north-south: 0.012 deg ~ 1.3 km).
UK_TOLERANCE = 0.013
# Palestine is small and its source outline is already coarse (179 points at
# this scale); keep nearly all of it.
PS_TOLERANCE = 0.0
# UK islands smaller than this (km^2) are dropped. Keeps Great Britain, the
# Northern Ireland part of Ireland, the larger Hebrides (Lewis and Harris,
# Skye, Mull, Islay, Jura, the Uists, Benbecula, Barra, Tiree, Coll, Rum),
# Anglesey, Arran, Bute, the Isle of Wight, Sheppey, and the Orkney and
# Shetland main islands; drops e.g. Scilly, Lundy and Rockall.
UK_MIN_AREA_KM2 = 50.0

DECIMALS = 4

SOURCE = (
    "Natural Earth 1:10m Admin 0 countries (v4.1.0), via the world-atlas 2.0.2 "
    "npm package (countries-10m.json); United Kingdom (id 826) and Palestine "
    "(id 275), simplified by scripts/build_outlines.py"
)
LICENCE = (
    "Natural Earth data is in the public domain; the world-atlas package is "
    "ISC-licensed (Copyright 2013-2019 Michael Bostock)"
)


# --- TopoJSON decoding -------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute [lon, lat] points of every arc (undoing quantization + deltas)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        arcs.append(pts)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    """Stitch a ring from arc indices; ~i (negative) means arc i reversed."""
    ring: list[tuple[float, float]] = []
    for k, i in enumerate(indices):
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts if k == 0 else pts[1:])  # consecutive arcs share a point
    return ring


def polygons_of(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    """Polygons (each a list of rings, outer ring first) of a (Multi)Polygon."""
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        raise SystemExit(f"unexpected geometry type {geometry['type']}")
    return [[ring_from_arcs(r, arcs) for r in poly] for poly in parts]


# --- geometry helpers --------------------------------------------------------


def area_km2(ring: list[tuple[float, float]]) -> float:
    """Signed area (positive = counter-clockwise), equirectangular approximation."""
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        s += x1 * y2 - x2 * y1
    return s / 2 * math.cos(lat0) * 111.32 * 110.57


def centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def _dp(pts: list[tuple[float, float]], tol: float) -> list[int]:
    """Indices kept by Douglas-Peucker on an open polyline (iterative)."""
    n = len(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        worst, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if seg2 == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg2))
                d = math.hypot(px - (ax + t * dx), py - (ay + t * dy))
            if d > worst:
                worst, idx = d, i
        if worst > tol:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [i for i in range(n) if keep[i]]


def _crossing_segments(pts: list[tuple[float, float]], idx: list[int]) -> set[int]:
    """Positions k (segment idx[k]->idx[k+1]) of segments that cross another one."""

    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    segs = [(pts[idx[k]], pts[idx[k + 1]]) for k in range(len(idx) - 1)]
    boxes = [(min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])) for a, b in segs]
    n = len(segs)
    bad: set[int] = set()
    for i in range(n):
        (p1, p2), bi = segs[i], boxes[i]
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # the closing segments share the ring's start point
            bj = boxes[j]
            if bj[0] > bi[1] or bj[1] < bi[0] or bj[2] > bi[3] or bj[3] < bi[2]:
                continue
            p3, p4 = segs[j]
            if (
                orient(p3, p4, p1) * orient(p3, p4, p2) < 0
                and orient(p1, p2, p3) * orient(p1, p2, p4) < 0
            ):
                bad.update((i, j))
    return bad


def _farthest_between(pts: list[tuple[float, float]], a: int, b: int) -> int | None:
    if b <= a + 1:
        return None
    (ax, ay), (bx, by) = pts[a], pts[b]
    dx, dy = bx - ax, by - ay
    seg = math.hypot(dx, dy) or 1e-12
    return max(
        range(a + 1, b), key=lambda i: abs((pts[i][0] - ax) * dy - (pts[i][1] - ay) * dx) / seg
    )


def simplify_ring(ring: list[tuple[float, float]], tol: float, lat0: float):
    """Douglas-Peucker on a closed ring, with longitudes scaled by cos(lat0).

    Where simplifying makes the ring cross itself (a narrow sea loch, say),
    the original points that were cut from the crossing segments are put back
    one at a time until it no longer does.
    """
    if ring[0] != ring[-1]:
        ring = [*ring, ring[0]]
    k = math.cos(math.radians(lat0))
    scaled = [(x * k, y) for x, y in ring]
    # A closed ring's two ends coincide, so split it at the point farthest from
    # the start and simplify the two halves separately.
    far = max(range(len(scaled)), key=lambda i: math.dist(scaled[0], scaled[i]))
    first = _dp(scaled[: far + 1], tol)
    second = [far + i for i in _dp(scaled[far:], tol)]
    idx = first + second[1:]
    for _ in range(100):
        bad = _crossing_segments(scaled, idx)
        if not bad:
            break
        extra = {_farthest_between(scaled, idx[s], idx[s + 1]) for s in bad} - {None}
        if not extra:
            break
        idx = sorted(set(idx) | extra)
    return [ring[i] for i in idx]


def finish_ring(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Round, drop repeated points, close, and orient counter-clockwise."""
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    if area_km2([tuple(p) for p in out[:-1]]) < 0:
        out.reverse()
    return out


# --- main --------------------------------------------------------------------


def find_country(topology: dict, cid: str) -> dict:
    for geom in topology["objects"]["countries"]["geometries"]:
        if str(geom.get("id")) == cid:
            return geom
    raise SystemExit(f"country id {cid} not found")


def dumps(data: dict) -> str:
    """Compact JSON with one ring per line (small, yet readable in a diff)."""
    lines = ["{"]
    keys = list(data)
    for n, key in enumerate(keys):
        comma = "," if n < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list):
            rings = [json.dumps(r, separators=(",", ":")) for r in value]
            body = ",\n".join(rings)
            lines.append(f"{json.dumps(key)}:[\n{body}\n]{comma}")
        else:
            lines.append(f"{json.dumps(key)}:{json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description="Build outlines.json from countries-10m.json")
    ap.add_argument("topojson", type=Path, help="path to world-atlas countries-10m.json")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()

    print(f"Reading {args.topojson}")
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    print(f"  {len(arcs):,} arcs decoded")

    # United Kingdom: outer rings only (the source has no holes for it).
    uk_polys = polygons_of(find_country(topology, UK_ID), arcs)
    raw_pts = sum(len(r) for poly in uk_polys for r in poly)
    gb = []
    dropped = []
    for poly in uk_polys:
        outer = poly[0]
        if len(poly) > 1:
            print(f"  note: ignoring {len(poly) - 1} hole(s) in a UK polygon")
        a = abs(area_km2(outer))
        if a < UK_MIN_AREA_KM2:
            dropped.append(a)
            continue
        simplified = simplify_ring(outer, UK_TOLERANCE, 54.5)
        if len(simplified) >= 4:
            gb.append((a, finish_ring(simplified)))
    gb.sort(key=lambda t: -t[0])
    gb_rings = [r for _, r in gb]
    gb_pts = sum(len(r) for r in gb_rings)
    print(
        f"United Kingdom: {len(uk_polys)} polygons, {raw_pts:,} points -> "
        f"{len(gb_rings)} rings, {gb_pts:,} points "
        f"(dropped {len(dropped)} islands under {UK_MIN_AREA_KM2:g} km2)"
    )
    for a, ring in gb[:6]:
        lon, lat = centroid([tuple(p) for p in ring])
        print(f"  {a:9.0f} km2  {len(ring):4} pts  around lat {lat:.2f}, lon {lon:.2f}")

    # Palestine: the West Bank and Gaza, told apart by longitude.
    ps_polys = polygons_of(find_country(topology, PALESTINE_ID), arcs)
    west_bank, gaza = [], []
    for poly in ps_polys:
        outer = poly[0]
        ring = finish_ring(simplify_ring(outer, PS_TOLERANCE, 31.8))
        lon, _ = centroid(outer)
        (gaza if lon < 34.6 else west_bank).append(ring)
        print(
            f"Palestine part near lon {lon:.2f}: {len(outer)} -> {len(ring)} points "
            f"({abs(area_km2(outer)):.0f} km2)"
        )
    if len(west_bank) != 1 or len(gaza) != 1:
        raise SystemExit(
            f"expected one West Bank and one Gaza ring, got {len(west_bank)}/{len(gaza)}"
        )

    data = {
        "source": SOURCE,
        "licence": LICENCE,
        "gb": gb_rings,
        "ps_west_bank": west_bank,
        "ps_gaza": gaza,
    }
    text = dumps(data)
    json.loads(text)  # sanity: valid JSON
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    ps_pts = sum(len(r) for r in west_bank + gaza)
    print(
        f"\nWrote {args.out}: {len(text.encode()):,} bytes; "
        f"gb {gb_pts:,} points in {len(gb_rings)} rings, "
        f"ps_west_bank {len(west_bank[0])}, ps_gaza {len(gaza[0])} ({ps_pts} points)"
    )
    if len(text.encode()) > 60_000:
        print("warning: file is over 60 KB", file=sys.stderr)


if __name__ == "__main__":
    main()
