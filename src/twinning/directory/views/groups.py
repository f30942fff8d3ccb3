from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.core.services import revision_number
from twinning.directory import maps, services
from twinning.directory.access import (
    can_see_partner_in_full,
    get_group_for_user,
    get_group_invitation_for_user,
    get_group_role_for_user,
    get_import_for_user,
    get_invitation_for_user,
    get_link_for_change,
    get_link_for_user,
    get_partner_for_user,
)
from twinning.directory.forms import (
    ChangeRoleForm,
    GroupEditForm,
    GroupFilterForm,
    GroupProposeForm,
    ImportStartForm,
    ImportUploadForm,
    InviteForm,
    LinkFilterForm,
    LinkProposeForm,
    LinkStatusForm,
    PartnerFilterForm,
    PartnerForm,
    PartnerProposeForm,
    PartnerReviewForm,
    ReviewForm,
)
from twinning.directory.models import (
    Group,
    GroupInvitation,
    GroupLogo,
    ImportBatch,
    Link,
    Partner,
)
from twinning.places.maps import map_figure

PAGE_SIZE = 50
# However the directory changes, the overview is rebuilt at least this often.
OVERVIEW_CACHE_SECONDS = 600


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
        "can_edit": request.user.has_perm("directory.change_group", group),
        "can_see_members": request.user.has_perm("directory.view_group_private", group),
    }
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
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    """Coordinators: groups and partners waiting for review, oldest first."""
    if not request.user.has_perm("directory.review_groups"):
        raise PermissionDenied
    pending = Group.objects.filter(status="pending").select_related("place").order_by("created_at")
    partners = (
        Partner.objects.filter(status="pending")
        .select_related("place", "proposed_by")
        .order_by("created_at")
    )
    pending, partners = list(pending), list(partners)
    # One form each, with ids of its own, so every label names its own field.
    for group in pending:
        group.review_form = ReviewForm(auto_id=f"id_group{group.pk}_%s")
    for partner in partners:
        partner.review_form = PartnerReviewForm(auto_id=f"id_partner{partner.pk}_%s")
        if not partner.proposer_speaks_for_it or partner.proposed_by is None:
            del partner.review_form.fields["make_contact"]
    return render(
        request,
        "directory/review_queue.html",
        {"pending": pending, "partners": partners, "language": get_language()},
    )


@login_required
@require_POST
def group_review(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("directory.review_groups"):
        raise PermissionDenied
    group = get_group_for_user(request.user, slug)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the group."))
        return redirect("directory:review_queue")
    approve = form.cleaned_data["decision"] == "approve"
    return _record_review(
        request,
        group.name,
        approve,
        lambda: services.group_review(
            actor=request.user, group=group, approve=approve, reason=form.cleaned_data["reason"]
        ),
    )


def _record_review(
    request: HttpRequest, name: str, approve: bool, review: Callable[[], object]
) -> HttpResponse:
    """Carry out a coordinator's decision on a group or partner and say how it went."""
    try:
        review()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if approve:
            messages.success(request, _("%(name)s is approved.") % {"name": name})
        else:
            messages.success(request, _("%(name)s is not accepted.") % {"name": name})
    return redirect("directory:review_queue")


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug, write=True)
    form = GroupEditForm(
        request.POST or None, request.FILES or None, instance=Group.objects.get(pk=group.pk)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _save_group(request, group, form)
        except services.EditConflict as conflict:
            form.add_error(None, conflict)
            # the next save is this person's informed choice: it replaces the other one
            form.data = form.data.copy()
            form.data["version"] = Group.objects.get(pk=group.pk).version
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
    group = get_group_for_user(request.user, slug)
    logo = GroupLogo.objects.filter(group=group).first()
    if logo is None:
        raise Http404
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


@login_required
@require_safe
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug, members=True)
    return _render_members(request, group, InviteForm())


def _render_members(
    request: HttpRequest, group: Group, invite_form: InviteForm, status: int = 200
) -> HttpResponse:
    roles = group.roles.select_related("user").order_by(
        "-role", "user__display_name", "user__email"
    )  # organisers first
    can_manage = request.user.has_perm("directory.manage_group_people", group)
    invitations = (
        GroupInvitation.objects.pending()
        .filter(group=group)
        .select_related("claimed_by")
        .order_by("-created_at")
        if can_manage
        else GroupInvitation.objects.none()
    )
    return render(
        request,
        "directory/group_members.html",
        {
            "group": group,
            "roles": roles,
            "can_manage": can_manage,
            "invitations": invitations,
            "invite_form": invite_form,
            "role_choices": ChangeRoleForm.base_fields["role"].choices,
        },
        status=status,
    )


@login_required
@require_POST
def group_invite(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug, write=True)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_members(request, group, form, status=422)
    services.group_invite(
        actor=request.user,
        group=group,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        accept_url=lambda token: request.build_absolute_uri(
            reverse("directory:invitation", args=[token])
        ),
    )
    messages.success(
        request,
        _("We have emailed an invitation to %(email)s. They join when they accept it.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("directory:group_members", slug=group.slug)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, slug, write=True)
    invitation = get_group_invitation_for_user(request.user, group, pk)
    services.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("directory:group_members", slug=group.slug)


@login_required
@require_POST
def invitation_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An organiser confirms, or not, the account that answered an invitation to organise
    sent to another address."""
    group = get_group_for_user(request.user, slug, write=True)
    invitation = get_group_invitation_for_user(request.user, group, pk)
    confirm = request.POST.get("answer") == "confirm"
    try:
        services.invitation_confirm(actor=request.user, invitation=invitation, confirm=confirm)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("They are now an organiser, and we have told them.")
            if confirm
            else _("They have not joined, and we have told them; the invitation still waits."),
        )
    return redirect("directory:group_members", slug=group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page the invitation email links to: accept or decline."""
    invitation = get_invitation_for_user(request.user, token)
    if request.method == "POST":
        if request.POST.get("answer") == "decline":
            services.invitation_decline(invitation=invitation, user=request.user)
            messages.success(request, _("You have declined the invitation."))
            return redirect("core:home")
        try:
            joined = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("core:home")
        if joined is None:
            messages.info(
                request,
                _(
                    "This invitation to organise %(group)s was sent to another address, so its "
                    "organisers are asked to confirm that it is you. We will email you when "
                    "they have. (Or sign in with the address the invitation was sent to.)"
                )
                % {"group": invitation.group.name},
            )
            return redirect("core:home")
        messages.success(request, _("Welcome to %(group)s.") % {"group": invitation.group.name})
        return redirect("directory:group_members", slug=invitation.group.slug)
    return render(request, "directory/invitation.html", {"invitation": invitation})


@login_required
@require_POST
def group_member_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, slug, write=True)
    group_role = get_group_role_for_user(request.user, group, pk)
    form = ChangeRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("directory:group_members", slug=group.slug)
    try:
        if form.cleaned_data["role"] == "remove":
            services.group_role_remove(actor=request.user, group_role=group_role)
            messages.success(request, _("%(name)s has left the group.") % {"name": group_role.user})
        else:
            services.group_role_set(
                actor=request.user,
                group=group,
                user=group_role.user,
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("%(name)s's role is changed.") % {"name": group_role.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:group_members", slug=group.slug)


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


@login_required
@require_POST
def partner_review(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("directory.review_groups"):
        raise PermissionDenied
    partner = get_partner_for_user(request.user, slug)
    form = PartnerReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the partner."))
        return redirect("directory:review_queue")
    approve = form.cleaned_data["decision"] == "approve"
    return _record_review(
        request,
        partner.name,
        approve,
        lambda: services.partner_review(
            actor=request.user,
            partner=partner,
            approve=approve,
            reason=form.cleaned_data["reason"],
            make_contact=form.cleaned_data["make_contact"],
        ),
    )


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
        "can_edit": request.user.has_perm("directory.change_partner", partner),
        "language": language,
        "map": map_figure(points, map_links) if points else None,
    }
    return render(request, "directory/partner_detail.html", context)


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
        {"form": form, "page": page, "language": get_language(), "user_can": request.user},
    )


@require_safe
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_link_for_user(request.user, pk)
    language = get_language()
    full = can_see_partner_in_full(request.user, link.partner)
    points, map_links = maps.link_points([link], language, show_sensitive=full)
    can_change = request.user.is_authenticated and request.user.has_perm(
        "directory.change_link", link
    )
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


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_user(request.user, slug, write=True)
    form = PartnerForm(request.POST or None, instance=Partner.objects.get(pk=partner.pk))
    if request.method == "POST" and form.is_valid():
        services.partner_update(actor=request.user, partner=partner, values=form.cleaned_data)
        messages.success(request, _("The partner's details are saved."))
        return redirect(partner)
    status = 422 if form.errors else 200
    return render(
        request, "directory/partner_edit.html", {"partner": partner, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Coordinators: upload a spreadsheet of the directory; it is checked (on the task
    queue), not yet imported."""
    if not request.user.has_perm("directory.import_directory"):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_upload(
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(batch)
    recent = ImportBatch.objects.select_related("created_by").defer("content", "report")[:20]
    status = 422 if form.errors else 200
    return render(
        request, "directory/import_upload.html", {"form": form, "recent": recent}, status=status
    )


@login_required
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The check of an uploaded file row by row, then the import's progress and result."""
    batch = get_import_for_user(request.user, pk)
    rows = batch.report.get("rows", [])
    context = {
        "batch": batch,
        "summary": batch.report.get("summary", {}),
        "rejected": [row for row in rows if row["problems"]],
        "accepted": [row for row in rows if not row["problems"]][:500],
        "percent": int(100 * batch.rows_done / batch.rows_total) if batch.rows_total else 0,
        "stalled": services.import_check_stalled(batch),
    }
    return render(request, "directory/import_detail.html", context)


@login_required
@require_POST
def import_check_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the check of a file again when the first has stopped (its worker died)."""
    batch = get_import_for_user(request.user, pk)
    if not services.import_check_again(actor=request.user, batch=batch):
        messages.info(request, _("The check of this file is under way or over."))
    return redirect(batch)


@login_required
@require_POST
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_for_user(request.user, pk)
    form = ImportStartForm(request.POST)
    form.is_valid()
    try:
        started = services.import_start(
            actor=request.user,
            batch=batch,
            accept_valid=form.cleaned_data.get("accept_valid", False),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not started:
            messages.info(request, _("This file has already been imported."))
    return redirect(batch)
