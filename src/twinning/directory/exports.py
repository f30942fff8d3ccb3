"""The directory as files.

The public files (CSV for spreadsheets, GeoJSON for maps) hold only what the
public pages show: no people, and a sensitive partner by its kind and
governorate only, with no point on the map.

Coordinators can download everything — every link in any status, every group
and partner with its private fields — as CSV (one row per link, in the
columns the import reads, so a file can go out and come back) or as an Excel
workbook with a sheet each for links, groups and partners. People are never
in these files: who runs a group or speaks for a partner stays in the app.
"""

import csv
import io
import json
import logging
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from twinning.core.access import permission_required
from twinning.core.services import audit_log
from twinning.core.text import spreadsheet_cell, spreadsheet_row
from twinning.directory.models import Group, Link, Partner

logger = logging.getLogger(__name__)

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


class StreamCutShort(Exception):
    """A streamed file could not be finished; raised to the server, which then closes the
    connection without ending the response, so the download fails instead of looking whole."""


def _finished_or_marked(rows: Iterator[str], what: str) -> Iterator[str]:
    """The rows of a streamed file, or, if reading them fails midway (the database goes
    away), a last line that says the file is incomplete, then an error to the server.

    The status line (200) is long gone by then: what a client can still be told is this
    line, for a person who opens the file, and a cut connection (no last chunk), for the
    browser or program downloading it."""
    sent = 0
    try:
        for row in rows:
            yield row
            sent += 1
    except Exception as error:
        logger.error("%s stopped after %s rows: %s", what, sent, type(error).__name__)
        yield "\r\n# INCOMPLETE FILE: the server stopped before the end. Download it again.\r\n"
        raise StreamCutShort(what) from error


@require_safe
def links_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every public link, one row each, streamed so a large directory stays light."""
    writer = csv.DictWriter(_Echo(), fieldnames=CSV_COLUMNS)

    def rows():
        # A byte-order mark first, so spreadsheet programs read Arabic names correctly.
        yield "\ufeff" + ",".join(CSV_COLUMNS) + "\r\n"
        for link in _public_links().iterator(chunk_size=2000):
            yield writer.writerow(
                {key: spreadsheet_cell(value) for key, value in _row(request, link).items()}
            )

    response = StreamingHttpResponse(
        _finished_or_marked(rows(), "links.csv"), content_type="text/csv; charset=utf-8"
    )
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


# --- Everything, for coordinators ---------------------------------------------

FULL_LINK_COLUMNS = [
    "group",
    "town",
    "partner",
    "partner_in_arabic",
    "place",
    "kind",
    "since",
    "contact",
    "status",
    "story",
    "ended_on",
    "group_kind",
    "partner_kind",
    "governorate",
    "nation",
    "sensitive",
    "id",
]
GROUP_COLUMNS = [
    "id",
    "name",
    "slug",
    "kind",
    "town",
    "county",
    "nation",
    "founded_on",
    "website",
    "contact",
    "contact_shown",
    "network_member",
    "review",
    "interests",
    "created_at",
]
PARTNER_COLUMNS = [
    "id",
    "name",
    "name_in_arabic",
    "slug",
    "kind",
    "place",
    "governorate",
    "sensitive",
    "interests",
    "created_at",
]


def _date(value) -> str:
    return value.isoformat() if value else ""


def _full_link_row(link: Link) -> list:
    group, partner = link.group, link.partner
    values = {
        "group": group.name,
        "town": _place_with_area(group.place),
        "partner": partner.name,
        "partner_in_arabic": partner.name_ar,
        "place": _place_with_area(partner.place),
        "kind": link.kind,
        "since": _date(link.started_on),
        "contact": group.public_email,
        "status": link.status,
        "story": link.story,
        "ended_on": _date(link.ended_on),
        "group_kind": group.kind,
        "partner_kind": partner.kind,
        "governorate": partner.governorate,
        "nation": group.place.nation if group.place_id else "",
        "sensitive": "yes" if partner.sensitive else "",
        "id": link.pk,
    }
    return [values[column] for column in FULL_LINK_COLUMNS]


def _place_with_area(place) -> str:
    """A place as the import reads it back: its name, and its area if it has one."""
    if place is None:
        return ""
    return f"{place.name}, {place.area_label}" if place.area_label else place.name


def _group_row(group: Group) -> list:
    place = group.place
    return [
        group.pk,
        group.name,
        group.slug,
        group.kind,
        place.name if place else "",
        place.county if place else "",
        place.nation if place else "",
        _date(group.founded_on),
        group.website,
        group.public_email,
        "yes" if group.show_public_email else "",
        "yes" if group.network_member else "",
        group.status,
        ", ".join(interest.slug for interest in group.interests.all()),
        group.created_at.isoformat(timespec="seconds"),
    ]


def _partner_row(partner: Partner) -> list:
    return [
        partner.pk,
        partner.name,
        partner.name_ar,
        partner.slug,
        partner.kind,
        partner.place.name if partner.place_id else "",
        partner.governorate,
        "yes" if partner.sensitive else "",
        ", ".join(interest.slug for interest in partner.interests.all()),
        partner.created_at.isoformat(timespec="seconds"),
    ]


def _all_links():
    return Link.objects.for_export()


@login_required
@require_safe
@permission_required("directory.export_everything")
def everything_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Coordinators: every link in any status, in the columns the import reads."""
    audit_log(actor=request.user, action="directory.exported", data={"format": "csv"})
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(FULL_LINK_COLUMNS)
        for link in _all_links().iterator(chunk_size=2000):
            yield writer.writerow(spreadsheet_row(_full_link_row(link)))

    response = StreamingHttpResponse(
        _finished_or_marked(rows(), "everything.csv"), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="twinning-directory-{stamp}.csv"'
    return response


@login_required
@require_safe
@permission_required("directory.export_everything")
def everything_xlsx(request: HttpRequest) -> HttpResponse:
    """Coordinators: the whole directory as a workbook, a sheet each for links, groups, partners."""
    from openpyxl import Workbook

    audit_log(actor=request.user, action="directory.exported", data={"format": "xlsx"})
    workbook = Workbook(write_only=True)
    sheets = [
        ("Links", FULL_LINK_COLUMNS, _all_links().iterator(chunk_size=2000), _full_link_row),
        (
            "Groups",
            GROUP_COLUMNS,
            Group.objects.for_export(),
            _group_row,
        ),
        (
            "Partners",
            PARTNER_COLUMNS,
            Partner.objects.for_export(),
            _partner_row,
        ),
    ]
    for title, columns, objects, row in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for obj in objects:
            sheet.append(spreadsheet_row(row(obj)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="twinning-directory-{stamp}.xlsx"'
    return response
