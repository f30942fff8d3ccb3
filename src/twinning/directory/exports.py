"""The public directory as files: CSV for spreadsheets, GeoJSON for maps.

Only what the public pages show: no people, and a sensitive partner by its
kind and governorate only, with no point on the map.
"""

import csv
import json

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from twinning.directory.models import Link

CSV_COLUMNS = [
    "group",
    "group_kind",
    "group_place",
    "nation",
    "partner",
    "partner_kind",
    "governorate",
    "partner_place",
    "link_kind",
    "status",
    "started_on",
    "ended_on",
    "url",
]


def _public_links():
    return Link.objects.for_directory().public()


def _row(request: HttpRequest, link: Link) -> dict:
    partner, group = link.partner, link.group
    shown = not partner.sensitive
    return {
        "group": group.name,
        "group_kind": group.kind,
        "group_place": group.place.name if group.place_id else "",
        "nation": group.place.nation if group.place_id else "",
        "partner": partner.public_label("en"),
        "partner_kind": partner.kind,
        "governorate": partner.governorate,
        "partner_place": partner.place.name if shown and partner.place_id else "",
        "link_kind": link.kind,
        "status": link.status,
        "started_on": link.started_on.isoformat() if link.started_on else "",
        "ended_on": link.ended_on.isoformat() if link.ended_on else "",
        "url": request.build_absolute_uri(link.get_absolute_url()),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
def links_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every public link, one row each, streamed so a large directory stays light."""
    writer = csv.DictWriter(_Echo(), fieldnames=CSV_COLUMNS)

    def rows():
        # A byte-order mark first, so spreadsheet programs read Arabic names correctly.
        yield "\ufeff" + ",".join(CSV_COLUMNS) + "\r\n"
        for link in _public_links().iterator(chunk_size=2000):
            yield writer.writerow(_row(request, link))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="twinning-links-{stamp}.csv"'
    return response


@require_safe
def links_geojson(request: HttpRequest) -> HttpResponse:
    """Public links as GeoJSON lines from the British place to the Palestinian one."""
    features = []
    for link in _public_links():
        properties = _row(request, link)
        group_place = link.group.place
        partner_place = None if link.partner.sensitive else link.partner.place
        if group_place is not None and partner_place is not None:
            geometry = {
                "type": "LineString",
                "coordinates": [
                    [round(group_place.lon, 5), round(group_place.lat, 5)],
                    [round(partner_place.lon, 5), round(partner_place.lat, 5)],
                ],
            }
        elif group_place is not None:
            geometry = {
                "type": "Point",
                "coordinates": [round(group_place.lon, 5), round(group_place.lat, 5)],
            }
        else:
            geometry = None
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="twinning-links.geojson"'
    return response
