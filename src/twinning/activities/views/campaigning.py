"""Campaigning: the group's contacts and their log, its public meetings, and the network's
list of public meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.activities import services
from twinning.activities.access import (
    get_contact_for_user,
    get_group_own_for_user,
    get_public_meeting_for_user,
    may_run_activities,
    may_see_all_activities,
)
from twinning.activities.forms import ContactForm, InteractionForm, PublicMeetingForm
from twinning.activities.models import ContactKind
from twinning.activities.views import form_page, private, refused
from twinning.core.contributions import merged_page
from twinning.directory.access import get_group_for_user

PER_PAGE = 30


@login_required
@require_safe
def contacts(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's campaign contacts by kind, with when each was last in touch."""
    group = get_group_own_for_user(request.user, slug)
    kind = request.GET.get("kind", "")
    shown = group.campaign_contacts.for_list()
    if kind in ContactKind.values:
        shown = shown.filter(kind=kind)
    page = Paginator(shown, 100).get_page(request.GET.get("page"))
    return private(
        render(
            request,
            "activities/contacts.html",
            {
                "group": group,
                "page": page,
                "kinds": ContactKind.choices,
                "kind": kind if kind in ContactKind.values else "",
                "may_run": may_run_activities(request.user, group),
            },
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_own_for_user(request.user, slug, write=True)
    return private(
        form_page(
            request,
            ContactForm(request.POST or None),
            lambda values: services.contact_create(
                actor=request.user, group=group, values=values, form_nonce=values["nonce"]
            ),
            template="activities/contact_form.html",
            context={"group": group},
            done=_("The contact is added."),
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_own_for_user(request.user, slug, write=True)
    contact = get_contact_for_user(request.user, group, pk)
    if request.method == "POST" and request.POST.get("remove") == "1":
        services.contact_remove(actor=request.user, contact=contact)
        messages.success(request, _("The contact is removed, with its log."))
        return redirect("activities:contacts", slug=group.slug)
    return private(
        form_page(
            request,
            ContactForm(request.POST or None, instance=contact),
            lambda values: services.contact_update(
                actor=request.user, contact=contact, values=values
            ),
            template="activities/contact_form.html",
            context={"group": group, "contact": contact},
            done=_("Saved."),
            changes=contact,
        )
    )


def _contact_page(request, group, contact, form=None) -> HttpResponse:
    may_run = may_run_activities(request.user, group)
    return private(
        render(
            request,
            "activities/contact_detail.html",
            {
                "group": group,
                "contact": contact,
                "interactions": list(contact.interactions.for_log()),
                "may_run": may_run,
                "form": (form or InteractionForm()) if may_run else None,
            },
            status=422 if form is not None else 200,
        )
    )


@login_required
@require_safe
def contact_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_own_for_user(request.user, slug)
    contact = get_contact_for_user(request.user, group, pk)
    return _contact_page(request, group, contact)


@login_required
@require_POST
def interaction_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_own_for_user(request.user, slug, write=True)
    contact = get_contact_for_user(request.user, group, pk)
    form = InteractionForm(request.POST)
    if form.is_valid():
        try:
            services.interaction_record(
                actor=request.user,
                contact=contact,
                values=form.cleaned_data,
                form_nonce=form.cleaned_data["nonce"],
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("Noted."))
            return redirect(contact)
    return _contact_page(request, group, contact, form)


@require_safe
def public_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's public meetings: the coming ones for anyone; the past ones, with how many
    came, for its members."""
    group = get_group_for_user(request.user, slug)
    member = may_see_all_activities(request.user, group)
    mine = group.public_meetings.for_page()
    if not member:
        mine = mine.not_cancelled()
    now = timezone.now()
    past = Paginator(mine.past(now), PER_PAGE)
    return render(
        request,
        "activities/public_meetings.html",
        {
            "group": group,
            "coming": list(mine.coming(now)[:100]),
            "past": past.get_page(request.GET.get("page")) if member else None,
            "member": member,
            "may_run": may_run_activities(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def public_meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_own_for_user(request.user, slug, write=True)
    return form_page(
        request,
        PublicMeetingForm(request.POST or None),
        lambda values: services.public_meeting_create(
            actor=request.user, group=group, values=values, form_nonce=values["nonce"]
        ),
        template="activities/public_meeting_form.html",
        context={"group": group},
        done=_("The public meeting is announced."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def public_meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, slug)
    meeting = get_public_meeting_for_user(request.user, group, pk, write=True)
    if request.method == "POST" and request.POST.get("cancel") == "1":
        services.public_meeting_cancel(actor=request.user, meeting=meeting)
        messages.success(request, _("The public meeting is called off and no longer listed."))
        return redirect(meeting)
    return form_page(
        request,
        PublicMeetingForm(request.POST or None, instance=meeting),
        lambda values: services.public_meeting_update(
            actor=request.user, meeting=meeting, values=values, version=values["version"]
        ),
        template="activities/public_meeting_form.html",
        context={"group": group, "meeting": meeting},
        done=_("Saved."),
        changes=meeting,
    )


@require_safe
def public_meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A public meeting as anyone sees it; its group's members also see how many came and
    what follows from it."""
    group = get_group_for_user(request.user, slug)
    meeting = get_public_meeting_for_user(request.user, group, pk)
    member = may_see_all_activities(request.user, group)
    return render(
        request,
        "activities/public_meeting_detail.html",
        {
            "group": group,
            "meeting": meeting,
            "member": member,
            "may_run": member and may_run_activities(request.user, group),
        },
    )


@require_safe
def whats_on(request: HttpRequest) -> HttpResponse:
    """The network's coming events, of every group: whatever the apps list in What's on
    (`core.contributions.WHATS_ON`), in the order they start."""
    page = merged_page("whats_on", request.GET.get("page"), PER_PAGE)
    return render(request, "activities/whats_on.html", {"page": page})
