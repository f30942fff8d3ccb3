"""One search function over the directory, on SQLite FTS5 or PostgreSQL full-text search.

Names are indexed as their normalised words (places.text.normalise) plus a
consonant skeleton of each ("zz" + skeleton), so that a query in another
spelling still meets them: Bayt Sahur finds Beit Sahour. Every query word
must match (as a word prefix, in either form).
"""

import re

from django.db import connection

from twinning.directory.models import Group, Link, Partner, ReviewStatus, SearchEntry
from twinning.places.text import normalise, skeleton

MAX_RESULTS = 2000
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text or ""))


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
        place.get_governorate_display(),
    ]


def _partner_tokens(partner: Partner) -> list[str]:
    kind = str(partner.get_kind_display())
    governorate = partner.place.get_governorate_display() if partner.place_id else ""
    if partner.sensitive:
        return _name_tokens(kind, str(governorate))
    return (
        _name_tokens(partner.name, partner.name_ar, kind, *_place_names(partner.place))
        + _words(partner.description)
        + _words(partner.description_ar)
        + _interest_words(partner)
    )


def _interest_words(obj) -> list[str]:
    # Few per object; prefetched where many objects are indexed at once.
    return [w for i in obj.interests.all() for w in _words(i.name) + _words(i.name_ar)]


def _group_tokens(group: Group) -> list[str]:
    return (
        _name_tokens(group.name, str(group.get_kind_display()), *_place_names(group.place))
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

    Neither ranked nor sorted: the lists show matches by name, so ranking or
    sorting thousands of matches of a common word would only cost time. Both
    databases read matches in the order they store them (FTS5 by rowid, which it
    returns in order for free) and stop at the limit. With more matches than that,
    which ones are kept is arbitrary (on PostgreSQL it may change as rows are
    rewritten), and filters apply to those kept: such a query should be narrowed.
    """
    groups = []
    for word in _WORD.findall(normalise((query or "").replace("\x00", ""))[:200])[:8]:
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
        # The kind's own GIN index, read in table order: a common word stops at
        # the limit instead of collecting and sorting every match.
        sql = (
            "SELECT object_id FROM directory_searchentry "
            "WHERE kind = %s AND text_vector @@ to_tsquery('simple', %s) LIMIT %s"
        )
        params = [kind, expression, MAX_RESULTS]
    else:
        expression = " AND ".join(
            "(" + " OR ".join(f'"{o}"*' for o in options) + ")" for options in groups
        )
        sql = (
            "SELECT e.object_id FROM directory_searchentry_fts AS f "
            "JOIN directory_searchentry AS e ON e.id = f.rowid "
            "WHERE directory_searchentry_fts MATCH %s AND e.kind = %s ORDER BY f.rowid LIMIT %s"
        )
        params = [expression, kind, MAX_RESULTS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
