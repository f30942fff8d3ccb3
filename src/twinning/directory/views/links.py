"""The public list of links, a link's page and its status, proposing one, and the overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.core.services import revision_number
from twinning.directory import maps, services
from twinning.directory.access import (
    can_see_partner_in_full,
    get_group_for_user,
    get_link_for_change,
    get_link_for_user,
    link_moves,
    link_sides,
    may_change_link,
    may_review,
    partner_has_contacts,
)
from twinning.directory.forms import LinkFilterForm, LinkProposeForm, LinkStatusForm
from twinning.directory.models import Link
from twinning.directory.models.links import LinkStatus, Side
from twinning.directory.views import PAGE_SIZE
from twinning.places.maps import map_figure

# However the directory changes, the overview is rebuilt at least this often.
OVERVIEW_CACHE_SECONDS = 600


@require_safe
def link_list(request: HttpRequest) -> HttpResponse:
    """The public list of links, filterable."""
    form = LinkFilterForm(request.GET or None, proposed=may_review(request.user))
    links = form.shown(Link.objects.for_directory())
    if form.is_valid():
        links = form.apply(links)
    page = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/link_list.html",
        {"form": form, "page": page, "language": get_language()},
    )


@require_safe
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_link_for_user(request.user, pk)
    language = get_language()
    full = can_see_partner_in_full(request.user, link.partner)
    points, map_links = maps.link_points([link], language, show_sensitive=full)
    can_change = may_change_link(request.user, link)
    moves = link_moves(request.user, link)
    history = list(link.status_changes.order_by("on", "recorded_at"))
    context = {
        "link": link,
        "full": full,
        "can_change": can_change,
        "moves": moves,
        "status_form": LinkStatusForm(moves=moves) if moves else None,
        "language": language,
        "history": history,
        "map": map_figure(points, map_links) if points else None,
    }
    if link.status == LinkStatus.PROPOSED:
        context["proposal"] = _proposal(request.user, link, history)
    return render(request, "directory/link_detail.html", context)


def _proposal(user, link: Link, history) -> dict:
    """What the page says of a proposed link: since when it waits, for whom, and what the
    person reading may answer."""
    proposed_on = history[0].on if history else link.created_at.date()
    sides = link_sides(user, link)
    if Side.GROUP in sides:
        close = _("Withdraw the proposal")
    elif Side.PARTNER in sides:
        close = _("Say no")
    else:
        close = _("Close the proposal")
    return {
        "on": proposed_on,
        "days": max((timezone.localdate() - proposed_on).days, 0),
        "has_contacts": partner_has_contacts(link.partner_id),
        "close": close,
    }


@login_required
@require_POST
def link_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Either side of a link, or a coordinator, moves it along: active, dormant, ended."""
    link = get_link_for_change(request.user, pk)
    form = LinkStatusForm(request.POST, moves=link_moves(request.user, link))
    if not form.is_valid():
        reasons = form.errors.get("reason")
        if reasons:
            messages.error(request, " ".join(reasons))
        elif link.status == LinkStatus.PROPOSED and request.POST.get("status") == "active":
            messages.error(
                request, _("A proposed link becomes active when the partner's side says yes.")
            )
        else:
            messages.error(request, _("Choose the link's new status from the list."))
        return redirect(link)
    was_proposed = link.status == LinkStatus.PROPOSED
    try:
        link = services.link_set_status(
            actor=request.user,
            link=link,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(link)
    if was_proposed and link.status == LinkStatus.ACTIVE:
        messages.success(
            request,
            _(
                "The link is active and on the network's list of who is twinned with whom. "
                "The group's organisers have been told."
            ),
        )
    elif was_proposed and link.status == LinkStatus.ENDED:
        messages.success(
            request, _("The proposal is closed, and the people on both sides have been told.")
        )
    else:
        messages.success(request, _("The link's status is saved."))
    return redirect(link)


@login_required
@require_http_methods(["GET", "POST"])
def link_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's organisers propose a link with a Palestinian partner."""
    group = get_group_for_user(request.user, slug, write=True)
    form = LinkProposeForm(request.POST or None, language=get_language())
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_propose(
                actor=request.user,
                group=group,
                partner=form.cleaned_data["partner"],
                kind=form.cleaned_data["kind"],
                story=form.cleaned_data["story"],
            )
        except ValidationError as error:
            form.add_error("partner", error)
        else:
            messages.success(
                request,
                _(
                    "The link is proposed and the partner's side has been asked. It becomes "
                    "active when they say yes; you will be emailed either way."
                ),
            )
            return redirect(link)
    status = 422 if form.errors else 200
    return render(
        request, "directory/link_propose.html", {"group": group, "form": form}, status=status
    )


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """Who is twinned with whom: every public link, by region and kind, on one map.

    The body is the same for everyone reading in one language, so it is built
    once per change of the directory (the signals bump its revision on every
    save and delete, whichever way it comes) and then served from the cache.
    """
    language = get_language()
    version = revision_number("directory")
    key = f"directory:overview:{language}:{version}"
    body = cache.get(key)
    if body is None:
        sections, count = maps.overview_sections()
        shown = [link for section in sections for e in section["entries"] for link in e["links"]]
        points, map_links = maps.link_points(shown, language, show_sensitive=False)
        context = {
            "sections": sections,
            "language": language,
            "count": count,
            "map": map_figure(points, map_links, caption=_("Active and dormant links"))
            if points
            else None,
        }
        body = render_to_string("directory/_overview_body.html", context, request=request)
        cache.set(key, body, timeout=OVERVIEW_CACHE_SECONDS)
    return render(request, "directory/overview.html", {"body": mark_safe(body)})  # noqa: S308
