"""What the apps contribute to the pages they share, registered from each app's `ready()`.

A shared page (a group's, a partner's, a link's, the home page, the menu, What's on, the
coordinators' board) names no app: it loops over what is registered in its slot here. An app
adds its part in its own `contributions.register()`, called from its `AppConfig.ready()`:

    from twinning.core.contributions import GROUP_ACTIONS, Action
    GROUP_ACTIONS.add(Action("example.page", _("Example"), "example:page", "example.see", order=35))

Every item has a key; adding one with a key already there replaces it, so `ready()` may run
twice. Items are shown by `order` (then key): leave gaps of ten so the next app fits between.
Templates show a slot with `{% contributed_sections "group_page" group %}` and
`{% contributed_actions "group_actions" group as actions %}` (`core_tags`).
"""

import datetime
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from twinning.core.access import may

SIGNED_IN = "signed-in"


@dataclass(frozen=True)
class Section:
    """A part of a shared page: `template` rendered inside the page with what `context(request,
    obj)` gives; a section whose context is None is left out (nothing to show, or not to them)."""

    key: str
    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class Action:
    """A link from a shared page to an app's own page (`url_name`, reversed with the page
    object's slug, or with what `argument` takes from it), for whoever has `permission` on the
    object ("": everyone)."""

    key: str
    label: str
    url_name: str
    permission: str = ""
    order: int = 100
    argument: Callable[[Any], Any] = attrgetter("slug")

    def url(self, obj) -> str:
        return reverse(self.url_name, args=[self.argument(obj)])

    def allowed(self, user, obj=None) -> bool:
        return not self.permission or may(user, self.permission, obj)


@dataclass(frozen=True)
class MenuItem:
    """An entry of the main menu, for whoever has `permission` ("": everyone; SIGNED_IN:
    anyone signed in)."""

    key: str
    label: str
    url_name: str
    permission: str = ""
    order: int = 100

    def allowed(self, user, obj=None) -> bool:
        if self.permission == SIGNED_IN:
            return bool(user.is_authenticated)
        return not self.permission or may(user, self.permission)


@dataclass(frozen=True)
class Listing:
    """One kind of entry in a list that several apps fill (What's on): `entries()` are in the
    list's order (ascending `sort_key(entry)`), `template` shows one (as `entry`)."""

    key: str
    entries: Callable[[], Any]  # a QuerySet or a sequence; sliced, never read whole
    sort_key: Callable[[Any], Any]
    template: str
    order: int = 100


@dataclass(frozen=True)
class Measure:
    """Something an app adds to a shared question: `value` takes the question's arguments
    (for LINK_ACTIVITY: a cutoff date, answering the links active since then as a QuerySet of
    link ids)."""

    key: str
    value: Callable[..., Any]
    order: int = 100


@dataclass(frozen=True)
class Task:
    """One thing waiting for a person: what to do (`text`, safe HTML whose names are already
    isolated, see `core.text.sentence`), the page to do it on, and since when it waits."""

    text: str
    url: str
    since: datetime.date | None = None


@dataclass(frozen=True)
class Waiting:
    """What waits for a person in one app: `tasks(user)` lists them, each with its page (for a
    whole queue, one task that says how many)."""

    key: str
    tasks: Callable[[Any], list[Task]]
    order: int = 100


class Slot:
    """The items the apps registered for one place on the shared pages."""

    def __init__(self, name: str, kind: type) -> None:
        self.name = name
        self.kind = kind
        self._items: dict[str, Any] = {}
        self._ordered: tuple = ()
        SLOTS[name] = self

    def add(self, *items) -> None:
        for item in items:
            if not isinstance(item, self.kind):
                kind = type(item).__name__
                raise TypeError(f"{self.name} takes {self.kind.__name__}, not {kind}")
            self._items[item.key] = item
        self._order()

    def remove(self, key: str) -> None:
        self._items.pop(key, None)
        self._order()

    def _order(self) -> None:
        # sorted once when items change (at start-up), not on every page that shows them
        self._ordered = tuple(sorted(self._items.values(), key=lambda i: (i.order, i.key)))

    def __iter__(self) -> Iterator:
        return iter(self._ordered)

    def allowed(self, user, obj=None) -> list:
        """The actions or menu items this person may follow (each permission asked once)."""
        answers: dict[str, bool] = {}
        for item in self:
            if item.permission not in answers:
                answers[item.permission] = item.allowed(user, obj)
        return [item for item in self if answers[item.permission]]


SLOTS: dict[str, Slot] = {}

# the page of a group, of a partner, of a link: sections below what the directory shows, and
# links to the apps' own pages in the footer
GROUP_PAGE = Slot("group_page", Section)
GROUP_ACTIONS = Slot("group_actions", Action)
PARTNER_PAGE = Slot("partner_page", Section)
PARTNER_ACTIONS = Slot("partner_actions", Action)
LINK_PAGE = Slot("link_page", Section)
LINK_ACTIONS = Slot("link_actions", Action)
# the home page, below what twinning is and how to start
HOME = Slot("home", Section)
# the coordinators' board (the introductions board): what needs them across the network
BOARD = Slot("board", Section)
# the page after registering an interest in starting a group
REGISTERED = Slot("registered", Section)
# a person's own home ("Your twinning"): their groups and partners, what is coming, and what
# waits for their answer
PERSON_HOME = Slot("person_home", Section)
# what erasing a person's account does beyond the account (`context(request, user)`): shown on
# the erasure page before they confirm
ERASURE = Slot("erasure", Section)
WAITING_FOR_ME = Slot("waiting_for_me", Waiting)
# the main menu
MENU = Slot("menu", MenuItem)
# where "start a group with a few neighbours" leads (the first of its items), from pages of
# apps that may not name the app that does it
START_GROUP = Slot("start_group", MenuItem)
# What's on: coming events of every kind, across the network
WHATS_ON = Slot("whats_on", Listing)
# what counts as activity along a link (for the links gone quiet)
LINK_ACTIVITY = Slot("link_activity", Measure)


def slot(name: str) -> Slot:
    try:
        return SLOTS[name]
    except KeyError:
        raise LookupError(f"No contribution slot is called {name!r}") from None


def section_contexts(name: str, request: HttpRequest, obj=None) -> list[tuple[Section, dict]]:
    """The sections of slot `name` that have something to show this request, with their context."""
    shown = []
    for section in slot(name):
        context = section.context(request, obj)
        if context is not None:
            shown.append((section, context))
    return shown


def waiting_for(user) -> list[Task]:
    """Everything waiting for `user`'s answer, app by app in their order."""
    return [task for waiting in WAITING_FOR_ME for task in waiting.tasks(user)]


def merged_page(name: str, number, per_page: int) -> Page:
    """Page `number` of every listing in slot `name`, merged in their common order. Each
    listing is read only as far as the page needs: the page itself when there is one listing,
    else the first `page × per_page` entries of each."""
    listings = list(slot(name))
    total = sum(_count(listing.entries()) for listing in listings)
    paginator = Paginator(range(total), per_page)
    page = paginator.get_page(number)
    end = page.end_index() if total else 0
    start = page.start_index() - 1 if total else 0
    if len(listings) == 1:  # one kind of entry: read the page alone
        (listing,) = listings
        page.object_list = [
            {"entry": entry, "template": listing.template} for entry in listing.entries()[start:end]
        ]
        return page
    streams = [
        ((listing.sort_key(entry), index, entry, listing) for entry in listing.entries()[:end])
        for index, listing in enumerate(listings)
    ]
    merged = heapq.merge(*streams, key=lambda row: (row[0], row[1]))
    rows: Iterable = itertools.islice(merged, start, end)
    page.object_list = [
        {"entry": entry, "template": listing.template} for _, _, entry, listing in rows
    ]
    return page


def _count(entries) -> int:
    return entries.count() if isinstance(entries, QuerySet) else len(entries)


def _emails_not_sent(request, obj=None) -> dict | None:
    from twinning.core.services import emails_not_sent_count

    if not may(request.user, "core.manage_emails"):
        return None
    count = emails_not_sent_count()
    return {"emails_not_sent": count} if count else None


def register() -> None:
    """The core's own part: the history and the emails not sent, in the menu and on the board."""
    from django.utils.translation import gettext_lazy as _

    MENU.add(
        MenuItem("core.audit", _("History"), "core:audit", "core.view_audit", order=120),
        MenuItem(
            "core.emails_not_sent",
            _("Emails not sent"),
            "core:emails_not_sent",
            "core.manage_emails",
            order=130,
        ),
    )
    BOARD.add(
        Section("core.emails_not_sent", "core/_board_emails.html", _emails_not_sent, order=90)
    )
