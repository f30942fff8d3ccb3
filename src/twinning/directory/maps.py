"""The directory's maps and overview: links drawn between the two countries."""

from collections import OrderedDict

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


def overview_sections(links: list[Link], *, limit: int = 200) -> list[dict]:
    """Links in the sections the network has always used: West Bank, Gaza, schools,
    universities, faith, unions; within each, one entry per partner with its British friends.

    A section shows at most `limit` partners and says how many more there are (the
    list of links has them all): one page cannot usefully hold a network of thousands.
    """
    titles = OrderedDict(
        [
            ("west-bank", _("West Bank")),
            ("gaza", _("Gaza")),
            ("school", _("Schools")),
            ("university", _("Universities")),
            ("faith", _("Faith")),
            ("union", _("Unions")),
        ]
    )
    sections: dict[str, OrderedDict] = {key: OrderedDict() for key in titles}
    for link in links:
        if link.kind in (LinkKind.SCHOOL, LinkKind.UNIVERSITY, LinkKind.FAITH, LinkKind.UNION):
            key = link.kind
        elif link.partner.place_id and link.partner.place.governorate in GAZA_GOVERNORATES:
            key = "gaza"
        else:
            key = "west-bank"
        sections[key].setdefault(link.partner.pk, {"partner": link.partner, "links": []})
        sections[key][link.partner.pk]["links"].append(link)
    return [
        {
            "key": key,
            "title": title,
            "entries": list(sections[key].values())[:limit],
            "more": max(0, len(sections[key]) - limit),
            "kind": key if key in LinkKind.values else "",
        }
        for key, title in titles.items()
        if sections[key]
    ]
