"""One search function over the directory, on SQLite FTS5 or PostgreSQL full-text search.

Names are indexed as their normalised words (places.text.normalise) plus a
consonant skeleton of each ("zz" + skeleton), so that a query in another
spelling still meets them: Bayt Sahur finds Beit Sahour. Every query word
must match (as a word prefix, in either form).

Every list searches alike. A place is indexed by all its names (English,
Arabic and the other spellings the gazetteer knows), kinds and governorates
by their labels in every language of the site; a link by both its sides. A
group or partner is found by its own entry and by the entries of its public
links, so the groups twinned with Bethlehem are found by "Betlehem" or
"بيت لحم" as the link list finds their links (a sensitive partner never by
its links: they hold its group's name, which may say where it is).
"""

import re

from django.conf import settings
from django.db import connection
from django.utils import translation

from twinning.directory.models import Group, Link, Partner, ReviewStatus, SearchEntry
from twinning.places.text import normalise, skeleton

MAX_RESULTS = 2000
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+)*")


def _normalised(text: str) -> str:
    """`normalise` for text in both scripts: it keeps only the Arabic of a text that has
    any, so each run of Arabic and of other words is normalised on its own."""
    text = text or ""
    pieces, start = [], 0
    for run in _ARABIC_RUN.finditer(text):
        pieces += [normalise(text[start : run.start()]), normalise(run.group())]
        start = run.end()
    pieces.append(normalise(text[start:]))
    return " ".join(piece for piece in pieces if piece)


def _words(text: str) -> list[str]:
    return _WORD.findall(_normalised(text))


def _labels(obj, field: str) -> list[str]:
    """The label of a choice in every language of the site: an entry is the same whoever
    saved it, and found in either language."""
    labels = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.append(str(getattr(obj, f"get_{field}_display")()))
    return labels


def _name_tokens(*names: str) -> list[str]:
    tokens = []
    for name in names:
        for word in _words(name):
            tokens.append(word)
            skel = skeleton(word)
            if len(skel) >= 2:
                tokens.append("zz" + skel)
    return tokens


def _place_names(place) -> list[str]:
    if place is None:
        return []
    return [
        place.name,
        place.name_ar,
        *place.other_spellings,
        place.county,
        *_labels(place, "governorate"),
    ]


def _partner_tokens(partner: Partner) -> list[str]:
    kind = _labels(partner, "kind")
    if partner.sensitive:
        governorate = _labels(partner.place, "governorate") if partner.place_id else []
        return _name_tokens(*kind, *governorate)
    return (
        _name_tokens(partner.name, partner.name_ar, *kind, *_place_names(partner.place))
        + _words(partner.description)
        + _words(partner.description_ar)
        + _interest_words(partner)
    )


def _interest_words(obj) -> list[str]:
    # Few per object; prefetched where many objects are indexed at once.
    return [w for i in obj.interests.all() for w in _words(i.name) + _words(i.name_ar)]


def _group_tokens(group: Group) -> list[str]:
    return (
        _name_tokens(group.name, *_labels(group, "kind"), *_place_names(group.place))
        + _words(group.description)
        + _interest_words(group)
    )


def _link_tokens(link: Link) -> list[str]:
    # A sensitive partner's link story may name it: it is not searchable.
    story = [] if link.partner.sensitive else _words(link.story)
    return _group_tokens(link.group) + _partner_tokens(link.partner) + story


def _entry(obj) -> tuple[str, list[str] | None] | None:
    """The kind of entry `obj` has, and its words (None if the public may not find it)."""
    if isinstance(obj, Group):
        public = obj.status == ReviewStatus.APPROVED
        return SearchEntry.Kind.GROUP, _group_tokens(obj) if public else None
    if isinstance(obj, Partner):
        public = obj.status == ReviewStatus.APPROVED
        return SearchEntry.Kind.PARTNER, _partner_tokens(obj) if public else None
    if isinstance(obj, Link):
        # `listed` is current: save() and the signals fill it before indexing
        return SearchEntry.Kind.LINK, _link_tokens(obj) if obj.listed else None
    return None


def index(obj) -> None:
    """Bring the search entry of a group, partner or link up to date (or remove it)."""
    entry = _entry(obj)
    if entry is None:
        return
    kind, tokens = entry
    if tokens is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    SearchEntry.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults={"text": " ".join(tokens)}
    )


def index_created(objects) -> None:
    """Index groups, partners and links just created in bulk (`bulk_create` sends no
    post_save), in one insert. Their places and interests must be loaded already."""
    rows = []
    for obj in objects:
        kind, tokens = _entry(obj)
        if tokens is not None:
            rows.append(SearchEntry(kind=kind, object_id=obj.pk, text=" ".join(tokens)))
    SearchEntry.objects.bulk_create(rows)


def reindex_all(*, batch: int = 2000, progress=lambda message: None) -> int:
    """Rebuild every entry in bulk (after an import, or a change in how text is normalised)."""
    SearchEntry.objects.all().delete()
    count = 0
    sources = [
        (
            SearchEntry.Kind.GROUP,
            Group.objects.for_index(),
            _group_tokens,
        ),
        (
            SearchEntry.Kind.PARTNER,
            Partner.objects.for_index(),
            _partner_tokens,
        ),
        (
            SearchEntry.Kind.LINK,
            Link.objects.for_index(),
            _link_tokens,
        ),
    ]
    for kind, objects, tokens in sources:
        rows = []
        for obj in objects.iterator(chunk_size=batch):
            rows.append(SearchEntry(kind=kind, object_id=obj.pk, text=" ".join(tokens(obj))))
            if len(rows) >= batch:
                SearchEntry.objects.bulk_create(rows)
                count += len(rows)
                rows = []
                progress(f"  indexed {count}")
        SearchEntry.objects.bulk_create(rows)
        count += len(rows)
    refresh_statistics()
    return count


def refresh_statistics() -> None:
    """Let the database planner see the directory's new size after a bulk change.

    Without fresh statistics SQLite may walk a list index row by row to honour
    a search filter it believes small, taking seconds instead of milliseconds.
    """
    tables = [model._meta.db_table for model in (Group, Partner, Link, SearchEntry)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def search_ids(query: str, kind: str) -> list[int]:
    """Ids of the `kind` objects matching every word of `query` (at most MAX_RESULTS).

    A group or a partner matches by its own entry or by the entry of one of its
    public links (a sensitive partner by its own alone), so it is found by its
    twins' names and places too, as its links are.

    Neither ranked nor sorted: the lists show matches by name, so ranking or
    sorting thousands of matches of a common word would only cost time. Both
    databases read matches in the order they store them (FTS5 by rowid, which it
    returns in order for free) and stop at the limit. With more matches than that,
    which ones are kept is arbitrary (on PostgreSQL it may change as rows are
    rewritten), and filters apply to those kept: such a query should be narrowed.
    """
    groups = []
    for word in _WORD.findall(_normalised((query or "").replace("\x00", ""))[:200])[:8]:
        options = [word]
        skel = skeleton(word)
        if len(skel) >= 2 and len(word) >= 3:
            options.append("zz" + skel)
        groups.append(options)
    if not groups:
        return []
    if connection.vendor == "postgresql":
        expression = " & ".join(
            "(" + " | ".join(f"{o}:*" for o in options) + ")" for options in groups
        )
        sql = _POSTGRES_SEARCH[kind]
        params = [expression, MAX_RESULTS] * (1 if kind == SearchEntry.Kind.LINK else 2)
    else:
        expression = " AND ".join(
            "(" + " OR ".join(f'"{o}"*' for o in options) + ")" for options in groups
        )
        sql = _SQLITE_SEARCH[kind]
        params = [expression, MAX_RESULTS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # a group or partner found twice (by itself and a link, or by two links) once
        return list(dict.fromkeys(row[0] for row in cursor.fetchall()))[:MAX_RESULTS]


# SQLite: one pass over FTS5's matches in rowid order (which it gives for free), a
# link's turned into the group or partner it finds; a sensitive partner's are left out.
_SQLITE_SEARCH = {
    "link": (
        "SELECT e.object_id FROM directory_searchentry_fts AS f "
        "JOIN directory_searchentry AS e ON e.id = f.rowid "
        "WHERE directory_searchentry_fts MATCH %s AND e.kind = 'link' "
        "ORDER BY f.rowid LIMIT %s"
    ),
    "group": (
        "SELECT CASE WHEN e.kind = 'group' THEN e.object_id ELSE l.group_id END "
        "FROM directory_searchentry_fts AS f "
        "JOIN directory_searchentry AS e ON e.id = f.rowid "
        "LEFT JOIN directory_link AS l ON e.kind = 'link' AND l.id = e.object_id "
        "WHERE directory_searchentry_fts MATCH %s AND (e.kind = 'group' OR l.id IS NOT NULL) "
        "ORDER BY f.rowid LIMIT %s"
    ),
    "partner": (
        "SELECT CASE WHEN e.kind = 'partner' THEN e.object_id ELSE l.partner_id END "
        "FROM directory_searchentry_fts AS f "
        "JOIN directory_searchentry AS e ON e.id = f.rowid "
        "LEFT JOIN directory_link AS l ON e.kind = 'link' AND l.id = e.object_id "
        "LEFT JOIN directory_partner AS p ON p.id = l.partner_id AND NOT p.sensitive "
        "WHERE directory_searchentry_fts MATCH %s AND (e.kind = 'partner' OR p.id IS NOT NULL) "
        "ORDER BY f.rowid LIMIT %s"
    ),
}

# PostgreSQL: each kind's own GIN index (and the links'), read in table order, so a
# common word stops at the limit instead of collecting and sorting every match.
_POSTGRES_KIND = (
    "(SELECT object_id FROM directory_searchentry "
    "WHERE kind = '{kind}' AND text_vector @@ to_tsquery('simple', %s) LIMIT %s)"
)
_POSTGRES_LINKS = (
    " UNION ALL (SELECT l.{kind}_id FROM directory_searchentry AS e "
    "JOIN directory_link AS l ON l.id = e.object_id {partner}"
    "WHERE e.kind = 'link' AND e.text_vector @@ to_tsquery('simple', %s) LIMIT %s)"
)
_POSTGRES_SEARCH = {
    "link": _POSTGRES_KIND.format(kind="link"),
    "group": _POSTGRES_KIND.format(kind="group") + _POSTGRES_LINKS.format(kind="group", partner=""),
    "partner": _POSTGRES_KIND.format(kind="partner")
    + _POSTGRES_LINKS.format(
        kind="partner",
        partner="JOIN directory_partner AS p ON p.id = l.partner_id AND NOT p.sensitive ",
    ),
}
