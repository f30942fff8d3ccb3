"""Starting a group: registering interest, confirming or withdrawing it, pools for
coordinators, and a new group's starter checklist."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.core.access import permission_required
from twinning.core.services import within_rate_limit
from twinning.directory.models import Group
from twinning.formation import services
from twinning.formation.access import (
    get_checklist_for_user,
    get_pool_for_user,
    get_registration_by_token,
    get_task_for_user,
    may_tick_tasks,
)
from twinning.formation.forms import RegistrationForm, StartGroupForm
from twinning.formation.models import Give, Pool, Registration
from twinning.places.geo import bounding_box, distance_km

NEARBY_KM = 25


def _nearby_groups(place, *, km: float = NEARBY_KM) -> list[tuple[Group, float]]:
    """Approved groups within `km` of a place, nearest first, with their distance."""
    south, west, north, east = bounding_box(place.lat, place.lon, km)
    groups = Group.objects.for_directory().filter(
        place__lat__range=(south, north), place__lon__range=(west, east)
    )
    near = [(g, distance_km(place.lat, place.lon, g.place.lat, g.place.lon)) for g in groups]
    return sorted([pair for pair in near if pair[1] <= km], key=lambda pair: pair[1])[:10]


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Would you like to help start a twinning group? Counts of people per area, and the form."""
    form = RegistrationForm(
        request.POST or None, initial={"language": get_language(), "may_introduce": False}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if not _within_limits(request, form.cleaned_data["email"]):
            form.add_error(None, _("Too many registrations from here just now: try again later."))
            status = 429
        else:
            registration = services.registration_create(values=form.cleaned_data)
            request.session["formation_registered"] = registration.pk
            return redirect("formation:registered")
    if form.errors and status == 200:
        status = 422
    return render(
        request,
        "formation/start.html",
        {"form": form, "pools": services.pool_counts()[:50]},
        status=status,
    )


# Registrations a browser (by address) or an email address may make in a while: the form sends
# mail to whatever address it is given, so it must not become a way to flood someone.
LIMITS = {"ip": (10, 3600), "email": (3, 86400)}


def _within_limits(request: HttpRequest, email: str) -> bool:
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return within_rate_limit(
        "formation",
        {
            "ip": (request.META.get("REMOTE_ADDR", ""), *LIMITS["ip"]),
            "email": (address, *LIMITS["email"]),
        },
    )


@require_safe
def registered(request: HttpRequest) -> HttpResponse:
    """After registering: groups already nearby, and communities seeking a twin. Shown once:
    on a shared computer the next person must not find the address typed."""
    registration = (
        Registration.objects.with_place()
        .filter(pk=request.session.pop("formation_registered", None))
        .first()
    )
    if registration is None:
        return redirect("formation:start")
    return render(
        request,
        "formation/registered.html",
        {
            "registration": registration,
            "nearby": _nearby_groups(registration.place),
            "language": get_language(),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: a button confirms (a mail scanner's visit changes nothing)."""
    registration = get_registration_by_token(token)
    if request.method == "POST":
        try:
            registration = services.registration_confirm(token=token)
        except Registration.DoesNotExist:
            raise Http404 from None  # withdrawn or expired meanwhile
        messages.success(request, _("Thank you: your interest is confirmed."))
        return redirect("formation:confirm", token=token)
    neighbours = 0
    if registration.pool_id:
        neighbours = Registration.objects.in_pool(registration.pool_id).count() - 1
    return render(
        request,
        "formation/confirm.html",
        {
            "registration": registration,
            "neighbours": neighbours,
            "nearby": _nearby_groups(registration.place) if registration.confirmed_at else [],
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        # a second click, or a link already used: it is erased either way
        services.registration_withdraw(token=token)
        return render(request, "formation/withdrawn.html")
    registration = get_registration_by_token(token)
    return render(request, "formation/withdraw.html", {"registration": registration})


@login_required
@require_safe
@permission_required("formation.manage_pools")
def pools(request: HttpRequest) -> HttpResponse:
    """Coordinators: every pool, how many people and how many agreed to be introduced."""
    return render(request, "formation/pools.html", {"pools": Pool.objects.for_coordinators()})


@login_required
@require_safe
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pool = get_pool_for_user(request.user, pk)
    people = _people(pool)
    return render(
        request,
        "formation/pool_detail.html",
        {
            "pool": pool,
            "people": people,
            "form": StartGroupForm(
                initial={
                    "name": _("%(place)s Palestine Twinning Group") % {"place": pool.place.name}
                }
            ),
        },
    )


@login_required
@require_POST
def pool_start(request: HttpRequest, pk: int) -> HttpResponse:
    pool = get_pool_for_user(request.user, pk)
    form = StartGroupForm(request.POST)
    if form.is_valid():
        try:
            group = services.pool_start_group(
                actor=request.user,
                pool=pool,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("directory:invitation", args=[token])
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("formation:pool", pk=pool.pk)
        messages.success(request, _("The group is started and its people are invited."))
        return redirect(group)
    return render(
        request,
        "formation/pool_detail.html",
        {"pool": pool, "people": _people(pool), "form": form},
        status=422,
    )


def _people(pool: Pool) -> list[Registration]:
    """The pool's confirmed people, with what they can give in words."""
    gives = dict(Give.choices)
    people = list(Registration.objects.for_pool_page(pool))
    for person in people:
        person.gives_shown = [str(gives[g]) for g in person.gives if g in gives]
    return people


@login_required
@require_safe
def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_checklist_for_user(request.user, slug)
    return render(
        request,
        "formation/checklist.html",
        {
            "group": group,
            "tasks": group.starter_tasks.for_checklist(),
            "may_tick": may_tick_tasks(request.user, group),
        },
    )


@login_required
@require_POST
def checklist_start(request: HttpRequest, slug: str) -> HttpResponse:
    """An organiser gives an older group (made before every group had one) its checklist."""
    group = get_checklist_for_user(request.user, slug, write=True)
    services.checklist_start(group=group)
    messages.success(request, _("The group has its starter checklist: tick each step as you go."))
    return redirect("formation:checklist", slug=group.slug)


@login_required
@require_POST
def task_tick(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_checklist_for_user(request.user, slug, write=True)
    task = get_task_for_user(request.user, group, pk)
    services.task_set_done(actor=request.user, task=task, done=request.POST.get("done") == "1")
    return redirect("formation:checklist", slug=group.slug)
