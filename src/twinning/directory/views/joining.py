"""Asking to join a group and the organisers' answer; writing to a group through the site."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from twinning.core.forms import Form, MessageForm
from twinning.core.services import within_rate_limit
from twinning.directory import services
from twinning.directory.access import (
    get_group_for_user,
    get_group_to_join,
    get_join_request_for_user,
    group_roles,
)
from twinning.directory.models import JoinRequest
from twinning.directory.models.joining import MESSAGE_LIMIT

# Messages a browser (by address) may send to groups in an hour, and a group may receive in a
# day: the form emails organisers, so it must not become a way to flood them.
WRITE_LIMITS = {"ip": (5, 3600), "group": (30, 86400)}


class JoinForm(Form):
    message = forms.CharField(
        label=gettext_lazy("A few words about you (optional)"),
        help_text=gettext_lazy("Where you live, and what you would like to do with the group."),
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class AnswerForm(Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


@login_required
@require_http_methods(["GET", "POST"])
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    """A signed-in person asks to join a group; its organisers answer."""
    group = get_group_to_join(request.user, slug)
    if group.pk in group_roles(request.user):
        messages.info(request, _("You are already in this group."))
        return redirect(group)
    waiting = JoinRequest.objects.waiting().filter(group=group, user=request.user).first()
    form = JoinForm(request.POST or None)
    if request.method == "POST" and waiting is None and form.is_valid():
        try:
            services.join_ask(actor=request.user, group=group, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(group)
        messages.success(
            request,
            _(
                "Your request is sent to the group's organisers. You will hear by email when "
                "they answer."
            ),
        )
        return redirect(group)
    status = 422 if form.errors else 200
    return render(
        request,
        "directory/group_join.html",
        {"group": group, "form": form, "waiting": waiting},
        status=status,
    )


@login_required
@require_POST
def join_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An organiser accepts or declines a request to join."""
    group = get_group_for_user(request.user, slug, members=True)
    join_request = get_join_request_for_user(request.user, group, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline."))
        return redirect("directory:group_members", slug=group.slug)
    accept = form.cleaned_data["decision"] == "accept"
    services.join_answer(actor=request.user, join_request=join_request, accept=accept)
    name = join_request.user.display_name or join_request.user.email
    if accept:
        messages.success(
            request, _("%(name)s is now a member, and has been told.") % {"name": name}
        )
    else:
        messages.success(
            request,
            _("The request of %(name)s is declined, and they have been told.") % {"name": name},
        )
    return redirect("directory:group_members", slug=group.slug)


@require_http_methods(["GET", "POST"])
def group_write(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone writes to a group through the site; its organisers receive it by email, and
    neither side's address is shown on a page."""
    group = get_group_to_join(request.user, slug)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        limits = {
            "ip": (request.META.get("REMOTE_ADDR", ""), *WRITE_LIMITS["ip"]),
            "group": (str(group.pk), *WRITE_LIMITS["group"]),
        }
        if not within_rate_limit("directory.write", limits):
            form.add_error(
                None,
                _("Too many messages have been sent from here: please try again in an hour."),
            )
        else:
            if not form.from_a_program:
                services.group_write(
                    group=group,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                )
            messages.success(
                request,
                _(
                    "Your message is sent to the group's organisers. Their answer will come to "
                    "your email."
                ),
            )
            return redirect(group)
    status = 422 if form.errors else 200
    return render(
        request, "directory/group_write.html", {"group": group, "form": form}, status=status
    )
