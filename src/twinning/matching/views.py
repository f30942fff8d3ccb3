"""Pages for facilitating new links: communities seeking a twin, groups seeking a partner,
introductions, and the engine's suggestions."""

import copy
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.core.access import permission_required, refuse
from twinning.directory.access import (
    can_see_partner_in_full,
    get_group_for_user,
    get_partner_for_user,
)
from twinning.directory.models import GroupKind, WorkingLanguage
from twinning.matching import engine, services, suggestions
from twinning.matching.access import (
    coordinator_group_for_suggestion,
    get_groups_for_interest,
    get_introduction_for_user,
    get_offer_for_user,
    get_request_for_user,
    groups_user_organises,
    introduction_side,
    introductions_visible_to,
    may_change_request,
    may_record_step,
    may_run_introductions,
)
from twinning.matching.forms import (
    AcceptForForm,
    AdvanceForm,
    DeclineForm,
    ExcludeForm,
    ExpressInterestForm,
    IntroduceForm,
    OfferForm,
    RequestForm,
)
from twinning.matching.models import (
    OPEN_STAGES,
    STAGE_ORDER,
    ExpressionOfInterest,
    GroupOffer,
    Hope,
    Introduction,
    Stage,
    TwinRequest,
)

PAGE_SIZE = 50


def _labels(twin_request: TwinRequest, *, full: bool) -> dict:
    """The request's choices in words, in the page's language."""
    kinds, hopes, languages = (
        dict(GroupKind.choices),
        dict(Hope.choices),
        dict(WorkingLanguage.choices),
    )
    return {
        "wished_kinds": [kinds[k] for k in twin_request.wished_group_kinds if k in kinds],
        "hopes": [hopes[h] for h in twin_request.hopes if h in hopes],
        "languages_shown": [languages[c] for c in twin_request.languages if c in languages],
        # a sensitive partner's interests are not public: they could help find it
        "interests_shown": [str(i) for i in twin_request.interests.all()]
        if full or not twin_request.partner.sensitive
        else [],
    }


def _attempt(request: HttpRequest, done: str, action) -> None:
    """Run a service call; its refusal becomes an error message, its success `done`."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@require_safe
def seeking(request: HttpRequest) -> HttpResponse:
    """Communities seeking a British twin: open requests of partners the directory shows."""
    requests = list(TwinRequest.objects.seeking()[: PAGE_SIZE * 4])
    return render(
        request,
        "matching/seeking.html",
        {"requests": requests, "language": get_language(), "organises": None},
    )


@require_safe
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    twin_request = get_request_for_user(request.user, pk)
    user = request.user
    may_change = may_change_request(user, twin_request)
    groups = groups_user_organises(user)
    full = can_see_partner_in_full(user, twin_request.partner)
    context = {
        **_labels(twin_request, full=full),
        "twin_request": twin_request,
        "partner": twin_request.partner,
        "full": full,
        "language": get_language(),
        "may_change": may_change,
        "coordinator": may_run_introductions(user),
        "interest_form": ExpressInterestForm(groups=groups)
        if twin_request.status == TwinRequest.Status.OPEN and groups.exists()
        else None,
    }
    if may_change:
        context["introductions"] = introductions_visible_to(user).for_request(twin_request)
        context["interests"] = ExpressionOfInterest.objects.for_request(twin_request)
    if context["coordinator"]:
        context["suggestions"] = suggestions.for_request(twin_request)
    return render(request, "matching/request_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A partner's contact (or a coordinator after a visit) asks for a British twin."""
    partner = get_partner_for_user(request.user, slug, write=True)
    coordinator = may_run_introductions(request.user)
    form = RequestForm(request.POST or None, coordinator=coordinator)
    if request.method == "POST" and form.is_valid():
        try:
            twin_request = services.request_create(
                actor=request.user, partner=partner, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The request is saved; the network's coordinators are told.")
            )
            return redirect(twin_request)
    status = 422 if form.errors else 200
    return render(
        request, "matching/request_form.html", {"form": form, "partner": partner}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    twin_request = get_request_for_user(request.user, pk, write=True)
    coordinator = may_run_introductions(request.user)
    initial = {
        "wished_group_kinds": twin_request.wished_group_kinds,
        "hopes": twin_request.hopes,
        "interests": twin_request.interests.all(),
        "languages": twin_request.languages,
        "message": twin_request.message,
        "message_ar": twin_request.message_ar,
        "visited_on": twin_request.visited_on,
        "visited_by": twin_request.visited_by,
        # an introduced request is still seeking, as far as its writer is concerned
        "status": TwinRequest.Status.OPEN
        if twin_request.status == TwinRequest.Status.INTRODUCED
        else twin_request.status,
    }
    form = RequestForm(request.POST or None, initial=initial, coordinator=coordinator, editing=True)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        status = values.pop("status", "") or initial["status"]
        try:
            with transaction.atomic():
                services.request_update(
                    actor=request.user, twin_request=twin_request, values=values
                )
                if status != initial["status"]:
                    services.request_set_status(
                        actor=request.user, twin_request=twin_request, status=status
                    )
        except ValidationError as error:
            form.add_error("status", error)
        else:
            messages.success(request, _("The request is saved."))
            return redirect(twin_request)
    status = 422 if form.errors else 200
    return render(
        request,
        "matching/request_form.html",
        {"form": form, "partner": twin_request.partner, "twin_request": twin_request},
        status=status,
    )


@login_required
@require_POST
def interest_express(request: HttpRequest, pk: int) -> HttpResponse:
    """An organiser tells the network their group would like to twin with this community."""
    twin_request = get_request_for_user(request.user, pk)
    groups = get_groups_for_interest(request.user)
    form = ExpressInterestForm(request.POST, groups=groups)
    if form.is_valid():
        _attempt(
            request,
            _("Thank you: the coordinators will be in touch about an introduction."),
            lambda: services.interest_express(
                actor=request.user,
                twin_request=twin_request,
                group=form.cleaned_data["group"],
                message=form.cleaned_data["message"],
            ),
        )
        return redirect(twin_request)
    full = can_see_partner_in_full(request.user, twin_request.partner)
    return render(
        request,
        "matching/request_detail.html",
        {
            **_labels(twin_request, full=full),
            "twin_request": twin_request,
            "partner": twin_request.partner,
            "full": full,
            "language": get_language(),
            "interest_form": form,
        },
        status=422,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's organiser says the group seeks a Palestinian partner, or changes how."""
    group = get_group_for_user(request.user, slug, write=True)
    offer = GroupOffer.objects.live_for(group).first()
    # the form fills its own copy: the service compares the offer as it was
    form = OfferForm(request.POST or None, instance=copy.copy(offer))
    if offer is None:
        form.fields["interests"].initial = list(group.interests.all())
    if request.method == "POST" and form.is_valid():
        try:
            if offer is None:
                offer = services.offer_create(
                    actor=request.user, group=group, values=form.cleaned_data
                )
            else:
                services.offer_update(actor=request.user, offer=offer, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: the coordinators will look for a partner."))
            return redirect(offer)
    status = 422 if form.errors else 200
    return render(
        request,
        "matching/offer_form.html",
        {"form": form, "group": group, "offer": offer, "members": group.roles.count()},
        status=status,
    )


@login_required
@require_safe
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk)
    context = {
        "offer": offer,
        "group": offer.group,
        "members": offer.group.roles.count(),
        "ready_members": engine.READY_MEMBERS,
        "introductions": introductions_visible_to(request.user).for_group(offer.group),
        "language": get_language(),
        "coordinator": may_run_introductions(request.user),
    }
    if context["coordinator"]:
        context["suggestions"] = suggestions.for_offer(offer)
    return render(request, "matching/offer_detail.html", context)


@login_required
@require_safe
@permission_required("matching.run_introductions")
def board(request: HttpRequest) -> HttpResponse:
    """Coordinators: every open introduction by stage, oldest first, with its age."""
    now = timezone.now()
    by_stage = defaultdict(list)
    for introduction in Introduction.objects.for_board().with_partner_links():
        introduction.age_days = (now - introduction.stage_changed_at).days
        by_stage[introduction.stage].append(introduction)
    columns = [(stage, by_stage.get(stage, [])) for stage in OPEN_STAGES]
    return render(
        request,
        "matching/board.html",
        {
            "columns": columns,
            "language": get_language(),
            "reminder_days": services.settings.TWINNING_INTRODUCTION_REMINDER_DAYS,
            "open_requests": TwinRequest.objects.open().count(),
        },
    )


@login_required
@require_safe
@permission_required("matching.run_introductions")
def suggestions_page(request: HttpRequest) -> HttpResponse:
    """Coordinators: the best set of introductions for the whole network, with reasons."""
    return render(
        request,
        "matching/suggestions.html",
        {
            "suggestions": suggestions.best_introductions(),
            "criteria": engine.CRITERIA,
            "max_score": engine.MAX_SCORE,
            "language": get_language(),
        },
    )


def _suggested_group(request: HttpRequest, form):
    """The approved group a suggestion's form names, or None when the form is not valid."""
    if not form.is_valid():
        return None
    return coordinator_group_for_suggestion(request.user, form.cleaned_data["group"])


@login_required
@require_POST
@permission_required("matching.run_introductions")
def introduce(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators: turn a suggestion into an introduction with one action."""
    twin_request = get_request_for_user(request.user, pk, write=True)
    form = IntroduceForm(request.POST)
    group = _suggested_group(request, form)
    if group is None:
        messages.error(request, _("Choose a group from the suggestions."))
        return redirect(twin_request)
    try:
        introduction = services.introduction_create(
            actor=request.user,
            twin_request=twin_request,
            group=group,
            score=form.cleaned_data.get("score"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(twin_request)
    return redirect(introduction)


@login_required
@require_POST
@permission_required("matching.run_introductions")
def exclude(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators: this group is not for this community; do not suggest it again."""
    twin_request = get_request_for_user(request.user, pk, write=True)
    form = ExcludeForm(request.POST)
    group = _suggested_group(request, form)
    if group is not None:
        services.pair_exclude(
            actor=request.user,
            twin_request=twin_request,
            group=group,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("That group will not be suggested for this request again."))
    return redirect(twin_request)


@login_required
@require_safe
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_introduction_for_user(request.user, pk)
    return render(
        request, "matching/introduction_detail.html", _introduction_context(request, introduction)
    )


def _introduction_context(request, introduction: Introduction, **forms) -> dict:
    user = request.user
    side = introduction_side(user, introduction)
    coordinator = may_run_introductions(user)
    next_stage = introduction.next_stage
    may_record = may_record_step(user, introduction, side)
    answered = {
        "group": introduction.group_accepted_at,
        "partner": introduction.partner_accepted_at,
    }
    waiting = introduction.stage == Stage.INTRODUCED
    partner = introduction.request.partner
    return {
        "introduction": introduction,
        "partner": partner,
        "full": can_see_partner_in_full(user, partner),
        "language": get_language(),
        "steps": introduction.steps.with_authors(),
        "side": side,
        "coordinator": coordinator,
        "stages": STAGE_ORDER,
        "advance_form": forms.get("advance_form")
        or (AdvanceForm(next_stage=next_stage) if may_record else None),
        "may_accept": waiting and side and not answered[side],
        "accept_for": _accept_for(introduction) if coordinator else [],
        "decline_form": forms.get("decline_form")
        or (DeclineForm() if introduction.is_open and (side or coordinator) else None),
    }


def _accept_for(introduction: Introduction) -> list[tuple[str, str]]:
    """The sides of an introduction awaiting answers that no one speaks for on the platform:
    a coordinator records their answer for them."""
    if introduction.stage != Stage.INTRODUCED:
        return []
    sides = []
    group_has_organisers = introduction.group.roles.filter(role="organiser").exists()
    if not introduction.group_accepted_at and not group_has_organisers:
        sides.append((Introduction.Side.GROUP.value, Introduction.Side.GROUP.label))
    if not introduction.partner_accepted_at and not introduction.request.partner.contacts.exists():
        sides.append((Introduction.Side.PARTNER.value, Introduction.Side.PARTNER.label))
    return sides


@login_required
@require_POST
def introduction_advance(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_introduction_for_user(request.user, pk)
    if not introduction.is_open:
        messages.error(request, _("This introduction is over."))
        return redirect(introduction)
    side = introduction_side(request.user, introduction)
    if not may_record_step(request.user, introduction, side):
        refuse(request.user)  # this step is not theirs to record
    form = AdvanceForm(request.POST, next_stage=introduction.next_stage)
    if not form.is_valid():
        context = _introduction_context(request, introduction, advance_form=form)
        return render(request, "matching/introduction_detail.html", context, status=422)
    _attempt(
        request,
        _("The step is recorded."),
        lambda: services.introduction_advance(
            actor=request.user,
            introduction=introduction,
            stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
            kind=form.cleaned_data.get("kind", ""),
        ),
    )
    return redirect(introduction)


@login_required
@require_POST
def introduction_accept(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_introduction_for_user(request.user, pk)
    side = introduction_side(request.user, introduction)
    if not side and may_run_introductions(request.user):
        form = AcceptForForm(request.POST)
        allowed = {value for value, _label in _accept_for(introduction)}
        if form.is_valid() and form.cleaned_data["side"] in allowed:
            side = form.cleaned_data["side"]
    if not side:
        refuse(request.user)
    _attempt(
        request,
        _("Thank you: your answer is recorded."),
        lambda: services.introduction_accept(
            actor=request.user, introduction=introduction, side=side
        ),
    )
    return redirect(introduction)


@login_required
@require_POST
def introduction_decline(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_introduction_for_user(request.user, pk)
    side = introduction_side(request.user, introduction) or (
        "coordinator" if may_run_introductions(request.user) else ""
    )
    if not side:
        refuse(request.user)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        context = _introduction_context(request, introduction, decline_form=form)
        return render(request, "matching/introduction_detail.html", context, status=422)
    _attempt(
        request,
        _("The introduction is declined; it will not be suggested again."),
        lambda: services.introduction_decline(
            actor=request.user,
            introduction=introduction,
            side=side,
            reason=form.cleaned_data["reason"],
        ),
    )
    return redirect(introduction)
