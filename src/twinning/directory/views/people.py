"""A group's members and invitations to join it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.directory import services
from twinning.directory.access import (
    get_group_for_user,
    get_group_invitation_for_user,
    get_group_role_for_user,
    get_invitation_for_user,
    may_manage_people,
)
from twinning.directory.forms import ChangeRoleForm, InviteForm
from twinning.directory.models import Group, GroupInvitation, JoinRequest


@login_required
@require_safe
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_for_user(request.user, slug, members=True)
    return _render_members(request, group, InviteForm())


def _render_members(
    request: HttpRequest, group: Group, invite_form: InviteForm, status: int = 200
) -> HttpResponse:
    roles = group.roles.organisers_first()
    can_manage = may_manage_people(request.user, group)
    invitations = (
        GroupInvitation.objects.waiting_for(group) if can_manage else GroupInvitation.objects.none()
    )
    join_requests = group.join_requests.waiting() if can_manage else JoinRequest.objects.none()
    return render(
        request,
        "directory/group_members.html",
        {
            "group": group,
            "roles": roles,
            "can_manage": can_manage,
            "invitations": invitations,
            "join_requests": join_requests,
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
    if form.cleaned_data["role"] == "remove" and request.POST.get("confirm") != "yes":
        # taking someone out of a group is asked once more, on a page of its own
        return render(
            request,
            "directory/group_member_remove.html",
            {"group": group, "group_role": group_role},
        )
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
