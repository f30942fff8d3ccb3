"""The directory's maps and overview: links drawn between the two countries."""

from collections import OrderedDict

from django.db import connection
from django.utils.translation import gettext as _

from twinning.directory.models import Group, Link
from twinning.directory.models.links import LinkKind
from twinning.places.maps import MapLink, MapPoint
from twinning.places.models import GAZA_GOVERNORATES


def _group_point(group: Group, language: str) -> MapPoint:
    return MapPoint(
        key=f"g{group.pk}",
        lat=group.place.lat,
        lon=group.place.lon,
        label=group.place.display_name(language),
        country="GB",
        url=group.get_absolute_url(),
        title=group.name,
    )


def group_points(groups: list[Group], language: str) -> list[MapPoint]:
    return [_group_point(group, language) for group in groups if group.place_id]


def link_points(
    links: list[Link], language: str, *, show_sensitive: bool
) -> tuple[list[MapPoint], list[MapLink]]:
    """Points for both sides of each link, and the lines between them.

    A sensitive partner is never placed on a public map: its place would give
    it away. Its links are then drawn to no point at all.
    """
    points: dict[str, MapPoint] = {}
    lines = []
    for link in links:
        group, partner = link.group, link.partner
        if group.place_id:
            points.setdefault(f"g{group.pk}", _group_point(group, language))
        if partner.place_id and (show_sensitive or not partner.sensitive):
            points.setdefault(
                f"p{partner.pk}",
                MapPoint(
                    key=f"p{partner.pk}",
                    lat=partner.place.lat,
                    lon=partner.place.lon,
                    label=partner.place.display_name(language),
                    country="PS",
                    url=partner.get_absolute_url(),
                    title=partner.display_name(language),
                ),
            )
        lines.append(MapLink(f"g{group.pk}", f"p{partner.pk}", str(link)))
    return list(points.values()), lines


def _section_titles() -> OrderedDict:
    return OrderedDict(
        [
            ("west-bank", _("West Bank")),
            ("gaza", _("Gaza")),
            ("school", _("Schools")),
            ("university", _("Universities")),
            ("faith", _("Faith")),
            ("union", _("Unions")),
        ]
    )


_KIND_SECTIONS = {LinkKind.SCHOOL, LinkKind.UNIVERSITY, LinkKind.FAITH, LinkKind.UNION}


def overview_plan(rows, *, limit: int = 200) -> list[dict]:
    """Sort links into the sections the network has always used: West Bank, Gaza,
    schools, universities, faith, unions; within each, one entry per partner.

    `rows` are (link id, kind, governorate, partner id) in list order. A section
    keeps its first `limit` partners and says how many more there are (the list of
    links has them all): one page cannot usefully hold a network of thousands.
    """
    sections: dict[str, dict] = {
        key: {"entries": {}, "partners": set()} for key in _section_titles()
    }
    for link_id, kind, governorate, partner_id in rows:
        if kind in _KIND_SECTIONS:
            key = kind
        elif governorate in GAZA_GOVERNORATES:
            key = "gaza"
        else:
            key = "west-bank"
        section = sections[key]
        section["partners"].add(partner_id)
        entries = section["entries"]
        if partner_id in entries:
            entries[partner_id].append(link_id)
        elif len(entries) < limit:
            entries[partner_id] = [link_id]
    return [
        {
            "key": key,
            "title": title,
            "entries": list(sections[key]["entries"].values()),
            "more": len(sections[key]["partners"]) - len(sections[key]["entries"]),
            "kind": key if key in LinkKind.values else "",
        }
        for key, title in _section_titles().items()
        if sections[key]["partners"]
    ]


def overview_sections(*, limit: int = 200) -> tuple[list[dict], int]:
    """The overview's sections, each entry a partner with its links; and how many links.

    One narrow query reads every public link's section and partner (no joins, no
    model instances); a second loads the few hundred links the page shows.
    """
    listed = (
        Link.objects.on_overview()
        .order_by("sort_rank", "sort_name", "pk")
        .values_list("pk", "kind", "governorate", "partner_id")
    )
    # Tens of thousands of plain tuples: read straight from the cursor, which is
    # several times faster than the queryset's row-by-row conversion.
    sql, params = listed.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    sections = overview_plan(rows, limit=limit)
    shown = [link_id for section in sections for ids in section["entries"] for link_id in ids]
    # Only what the page shows: dates and long texts cost more to load than to render.
    # (One IN list, not in_bulk: that splits into batches of SQLite's old 999 limit.)
    shown_links = (
        Link.objects.for_directory()
        .on_overview()
        .filter(pk__in=shown)
        .defer(
            "story",
            "created_at",
            "started_on",
            "ended_on",
            "group__description",
            "group__languages",
            "group__created_at",
            "group__updated_at",
            "group__logo_changed_at",
            "group__founded_on",
            "group__place__alt_names",
            "partner__description",
            "partner__description_ar",
            "partner__created_at",
            "partner__place__alt_names",
        )
    )
    links = {link.pk: link for link in shown_links}
    # A link changed between the two queries is left out rather than shown stale.
    for section in sections:
        entries = [[links[i] for i in ids if i in links] for ids in section["entries"]]
        section["entries"] = [
            {"partner": shown[0].partner, "links": shown} for shown in entries if shown
        ]
    return sections, len(rows)
