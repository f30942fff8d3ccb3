"""The public list of groups, a group's page, and adding, editing and its logo."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from twinning.directory import maps, services
from twinning.directory.access import (
    get_group_for_user,
    get_group_logo_for_user,
    group_roles,
    may_edit_group,
    may_see_members,
)
from twinning.directory.forms import GroupEditForm, GroupFilterForm, GroupProposeForm
from twinning.directory.models import Group, JoinRequest
from twinning.directory.views import PAGE_SIZE, form_copy
from twinning.places.maps import map_figure


@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    """The public list of approved British groups, searchable and filterable."""
    form = GroupFilterForm(request.GET or None)
    groups = Group.objects.for_directory()
    if form.is_valid():
        groups = form.apply(groups)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/group_list.html", {"form": form, "page": page})


@require_safe
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug)
    language = get_language()
    links = list(group.links.for_directory().public())
    points, map_links = maps.link_points(links, language, show_sensitive=False)
    if not points and group.place_id:
        points = maps.group_points([group], language)
    context = {
        "group": group,
        "links": links,
        "language": language,
        "map": map_figure(points, map_links) if points else None,
        "can_edit": may_edit_group(request.user, group),
        "can_see_members": may_see_members(request.user, group),
    }
    if request.user.is_authenticated:
        # a person in the group, or who asked to join it, is told so instead of offered to ask
        context["my_role"] = group_roles(request.user).get(group.pk)
        if context["my_role"] is None:
            context["join_waiting"] = (
                JoinRequest.objects.waiting().filter(group=group, user=request.user).first()
            )
    return render(request, "directory/group_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_add(request: HttpRequest) -> HttpResponse:
    """'Add your group': any member adds a group, which waits for a coordinator's review."""
    form = GroupProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.group_propose(
            actor=request.user,
            values=form.cleaned_data,
            review_url=request.build_absolute_uri(reverse("directory:review_queue")),
        )
        messages.success(
            request,
            _("Thank you. A coordinator will look at %(name)s soon; until then only you see it.")
            % {"name": group.name},
        )
        return redirect(group)
    status = 422 if form.errors else 200
    return render(request, "directory/group_add.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug, write=True)
    form = GroupEditForm(request.POST or None, request.FILES or None, instance=form_copy(group))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _save_group(request, group, form)
        except services.EditConflict as conflict:
            form.add_error(None, conflict)
            # the next save is this person's informed choice: it replaces the other one
            form.data = form.data.copy()
            form.data["version"] = conflict.version
            status = 409
        else:
            messages.success(request, _("The group's details are saved."))
            return redirect(group)
    if form.errors and status == 200:
        status = 422
    return render(
        request, "directory/group_edit.html", {"group": group, "form": form}, status=status
    )


def _save_group(request: HttpRequest, group: Group, form: GroupEditForm) -> None:
    with transaction.atomic():
        services.group_update(
            actor=request.user,
            group=group,
            values=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
        )
        if form.cleaned_data["logo"] is not None:
            services.group_set_logo(actor=request.user, group=group, logo=form.cleaned_data["logo"])
        elif form.cleaned_data["remove_logo"] and group.logo_changed_at:
            services.group_set_logo(actor=request.user, group=group, logo=None)


@require_safe
def group_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's logo, for whoever may see the group.

    Cached for long, as its address changes with it; privately only while the
    group waits for review.
    """
    group, logo = get_group_logo_for_user(request.user, slug)
    response = HttpResponse(bytes(logo.image), content_type="image/png")
    # Long caching only for the versioned address of the current logo: a removed or
    # replaced logo, or one of a group no longer public, must not live on in caches.
    current = group.logo_url.endswith(f"?v={request.GET.get('v')}")
    if current and group.status == "approved":
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
