"""Server-rendered SVG maps of Britain and Palestine: no tiles, no JavaScript.

`render_map(points, links)` draws Britain and Palestine (the West Bank and the
Gaza Strip) as two panels, each at its own scale (at one scale Palestine would
be a dot), places as dots and twinning links as lines between the panels.
Everything is inline SVG with inline attributes, so the same markup works in a
page, an email or a PDF. Each dot is a link with a title (shown on hover and
read by screen readers); labels that would collide are left out of the picture
but every place is in the text list that goes with the map (`_map.html`).
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from twinning.places.loader import DATA

FONT_SIZE = 11
GB_COLOUR = "#1f4e79"
PS_COLOUR = "#a4161a"
LAND = "#eef2ea"
COAST = "#6b7a63"


@dataclass
class MapPoint:
    key: str
    lat: float
    lon: float
    label: str
    country: str  # "GB" or "PS"
    url: str = ""
    title: str = ""


@dataclass
class MapLink:
    a: str  # MapPoint.key
    b: str
    title: str = ""


@dataclass
class _Panel:
    name: str
    rings: list[list[list[float]]]
    x: float
    y: float
    width: float
    height: float
    west: float = 0
    north: float = 0
    scale: float = 1
    kx: float = 1
    left: float = 0
    right: float = 0
    bottom: float = 0
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def fit(self, margin: float = 12) -> None:
        lons = [p[0] for ring in self.rings for p in ring]
        lats = [p[1] for ring in self.rings for p in ring]
        self.west, east = min(lons), max(lons)
        south, self.north = min(lats), max(lats)
        self.kx = math.cos(math.radians((south + self.north) / 2))
        span_x = (east - self.west) * self.kx
        span_y = self.north - south
        self.scale = min((self.width - 2 * margin) / span_x, (self.height - 2 * margin) / span_y)
        # centre the drawing in the panel
        self.x += (self.width - span_x * self.scale) / 2
        self.y += (self.height - span_y * self.scale) / 2

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return (
            round(self.x + (lon - self.west) * self.kx * self.scale, 1),
            round(self.y + (self.north - lat) * self.scale, 1),
        )


@cache
def outlines() -> dict:
    return json.loads((DATA / "outlines.json").read_text(encoding="utf-8"))


def _panels(width: int, height: int, regions: tuple[str, ...]) -> dict[str, _Panel]:
    data = outlines()
    shapes = {"GB": data["gb"], "PS": data["ps_west_bank"] + data["ps_gaza"]}
    widths = {"GB": 0.58, "PS": 0.42} if len(regions) == 2 else {regions[0]: 1.0}
    panels, x = {}, 0.0
    for region in regions:
        panel_width = width * widths[region]
        panel = _Panel(region, shapes[region], x, 0, panel_width, height)
        panel.left, panel.right, panel.bottom = x, x + panel_width, height
        panel.fit(margin=24)
        panels[region] = panel
        x += panel_width
    return panels


def _ring_path(panel: _Panel, ring: list[list[float]]) -> str:
    points = [panel.project(lat, lon) for lon, lat in ring]
    return "M" + "L".join(f"{x},{y}" for x, y in points) + "Z"


def _place_label(panel: _Panel, x: float, y: float, text: str) -> tuple[float, float, str] | None:
    w = len(text) * FONT_SIZE * 0.58 + 2
    h = FONT_SIZE + 2
    candidates = [
        (x + 6, y - h / 2, "start", x + 6, y + FONT_SIZE / 2 - 1),
        (x - 6 - w, y - h / 2, "end", x - 6, y + FONT_SIZE / 2 - 1),
        (x - w / 2, y - 6 - h, "middle", x, y - 8),
        (x - w / 2, y + 6, "middle", x, y + 6 + FONT_SIZE),
    ]
    for left, top, anchor, tx, ty in candidates:
        box = (left, top, left + w, top + h)
        inside = box[0] >= panel.left + 2 and box[2] <= panel.right - 2 and box[1] >= 0
        inside = inside and box[3] <= panel.bottom
        if inside and not any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in panel.boxes
        ):
            panel.boxes.append(box)
            return tx, ty, anchor
    return None


def render_map(
    points: list[MapPoint],
    links: list[MapLink] = (),
    *,
    regions: tuple[str, ...] = ("GB", "PS"),
    width: int = 880,
    height: int = 620,
    title: str = "",
) -> SafeString:
    """The SVG of a map of `points` (in priority order for labels) joined by `links`."""
    panels = _panels(width, height, regions)
    title = title or _("Map of British and Palestinian places")
    # A map whose places are links is a group of controls; one without is a picture.
    role = "group" if any(point.url for point in points) else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="{role}" aria-label="{escape(title)}" class="place-map" '
        'direction="ltr">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f8fafc"/>',
    ]
    for panel in panels.values():
        path = "".join(_ring_path(panel, ring) for ring in panel.rings)
        out.append(f'<path d="{path}" fill="{LAND}" stroke="{COAST}" stroke-width="0.8"/>')
        if len(panels) > 1 and panel.name == "PS":
            out.append(
                f'<line x1="{panel.left:.1f}" y1="10" x2="{panel.left:.1f}" y2="{height - 10}" '
                'stroke="#c8d0c0" stroke-dasharray="4 4"/>'
            )
    positions: dict[str, tuple[float, float]] = {}
    for point in points:
        panel = panels.get(point.country)
        if panel is not None:
            positions[point.key] = panel.project(point.lat, point.lon)
    for link in links:
        if link.a in positions and link.b in positions:
            (x1, y1), (x2, y2) = positions[link.a], positions[link.b]
            mid_x, mid_y = (x1 + x2) / 2, min(y1, y2) - 40
            out.append(
                f'<path d="M{x1},{y1} Q{mid_x:.1f},{mid_y:.1f} {x2},{y2}" fill="none" '
                f'stroke="#5a5a5a" stroke-width="1.2" stroke-opacity="0.7">'
                f"<title>{escape(link.title)}</title></path>"
            )
    labels = []
    for point in points:
        if point.key not in positions:
            continue
        x, y = positions[point.key]
        colour = PS_COLOUR if point.country == "PS" else GB_COLOUR
        dot = (
            f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}" stroke="#ffffff" stroke-width="1.2">'
            f"<title>{escape(point.title or point.label)}</title></circle>"
        )
        if point.url:
            name = escape(point.title or point.label)
            dot = f'<a href="{escape(point.url)}" aria-label="{name}">{dot}</a>'
        out.append(dot)
        placed = _place_label(panels[point.country], x, y, point.label)
        if placed:
            tx, ty, anchor = placed
            labels.append(
                f'<text x="{tx}" y="{ty}" text-anchor="{anchor}" font-size="{FONT_SIZE}" '
                f'font-family="DejaVu Sans, Noto Sans, sans-serif" fill="#1d1d1d" '
                f'paint-order="stroke" stroke="#ffffff" stroke-width="3">'
                f"{escape(point.label)}</text>"
            )
    out.extend(labels)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text piece above is escaped


def map_figure(
    points: list[MapPoint],
    links: list[MapLink] = (),
    *,
    caption: str = "",
    **options,
) -> dict:
    """What `places/_map.html` needs: the SVG and its text alternative, for any page."""
    names = {point.key: point.label for point in points}
    return {
        "svg": render_map(points, links, **options),
        "caption": caption,
        "points": points,
        "links": [
            {"a": names[link.a], "b": names[link.b], "title": link.title}
            for link in links
            if link.a in names and link.b in names
        ],
    }
