"""The public list of links, a link's page and its status, proposing one, and the overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
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
    may_change_link,
)
from twinning.directory.forms import LinkFilterForm, LinkProposeForm, LinkStatusForm
from twinning.directory.models import Link
from twinning.directory.views import PAGE_SIZE
from twinning.places.maps import map_figure

# However the directory changes, the overview is rebuilt at least this often.
OVERVIEW_CACHE_SECONDS = 600


@require_safe
def link_list(request: HttpRequest) -> HttpResponse:
    """The public list of links, filterable."""
    form = LinkFilterForm(request.GET or None)
    links = Link.objects.for_directory().public()
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
    context = {
        "link": link,
        "full": full,
        "can_change": can_change,
        "status_form": LinkStatusForm(link=link) if can_change and link.status != "ended" else None,
        "language": language,
        "history": link.status_changes.order_by("on", "recorded_at"),
        "map": map_figure(points, map_links) if points else None,
    }
    return render(request, "directory/link_detail.html", context)


@login_required
@require_POST
def link_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Either side of a link, or a coordinator, moves it along: active, dormant, ended."""
    link = get_link_for_change(request.user, pk)
    form = LinkStatusForm(request.POST, link=link)
    if not form.is_valid():
        reasons = form.errors.get("reason")
        messages.error(
            request,
            " ".join(reasons) if reasons else _("Choose the link's new status from the list."),
        )
        return redirect(link)
    try:
        services.link_set_status(
            actor=request.user,
            link=link,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(link)
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
                _("The link is proposed. The network's coordinators will be in touch."),
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
