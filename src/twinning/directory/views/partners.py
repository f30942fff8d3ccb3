"""The public list of partners, a partner's page, adding and editing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from twinning.directory import maps, services
from twinning.directory.access import (
    can_see_partner_in_full,
    get_partner_for_user,
    may_edit_partner,
)
from twinning.directory.forms import PartnerFilterForm, PartnerForm, PartnerProposeForm
from twinning.directory.models import Partner
from twinning.directory.views import PAGE_SIZE, form_copy
from twinning.places.maps import map_figure


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest) -> HttpResponse:
    """'Add a partner': any member adds one, which waits for a coordinator's review."""
    form = PartnerProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = services.partner_propose(
            actor=request.user,
            values=form.cleaned_data,
            speaks_for_it=form.cleaned_data["speaks_for_it"],
            review_url=request.build_absolute_uri(reverse("directory:review_queue")),
        )
        messages.success(
            request,
            _("Thank you. A coordinator will look at %(name)s soon; until then only you see it.")
            % {"name": partner.name},
        )
        return redirect(partner)
    status = 422 if form.errors else 200
    return render(request, "directory/partner_add.html", {"form": form}, status=status)


@require_safe
def partner_list(request: HttpRequest) -> HttpResponse:
    """The public list of Palestinian partners, searchable and filterable."""
    form = PartnerFilterForm(request.GET or None)
    partners = Partner.objects.for_directory()
    if form.is_valid():
        partners = form.apply(partners)
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/partner_list.html",
        {"form": form, "page": page, "language": get_language()},
    )


@require_safe
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_user(request.user, slug)
    language = get_language()
    full = can_see_partner_in_full(request.user, partner)
    links = list(partner.links.for_directory().public())
    points, map_links = maps.link_points(links, language, show_sensitive=full)
    context = {
        "partner": partner,
        "full": full,
        "links": links,
        "can_edit": may_edit_partner(request.user, partner),
        "language": language,
        "map": map_figure(points, map_links) if points else None,
    }
    return render(request, "directory/partner_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_user(request.user, slug, write=True)
    form = PartnerForm(request.POST or None, instance=form_copy(partner))
    if request.method == "POST" and form.is_valid():
        services.partner_update(actor=request.user, partner=partner, values=form.cleaned_data)
        messages.success(request, _("The partner's details are saved."))
        return redirect(partner)
    status = 422 if form.errors else 200
    return render(
        request, "directory/partner_edit.html", {"partner": partner, "form": form}, status=status
    )
