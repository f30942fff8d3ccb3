"""Visits and delegations: the list, one visit, its plan, days, people, invitation letters,
report and photos, and the public report."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from twinning.accounts.models import User
from twinning.activities import services
from twinning.activities.access import (
    get_activities_group_for_user,
    get_day_for_user,
    get_participant_for_user,
    get_photo_for_user,
    get_public_report,
    get_visit_for_user,
    get_visit_photo_for_user,
    may_run_activities,
    may_see_passports,
    visits_for,
)
from twinning.activities.forms import (
    ParticipantForm,
    PhotoForm,
    ReportForm,
    VisitDayForm,
    VisitForm,
    VisitStatusForm,
)
from twinning.activities.letters import invitation_letter_pdf
from twinning.activities.models import Direction, Visit, VisitStatus
from twinning.activities.views import form_page, group_form, private, refused
from twinning.core.services import audit_log
from twinning.core.text import spreadsheet_row
from twinning.directory.access import can_see_partner_in_full, get_group_for_user
from twinning.directory.models import Group

FINISHED = (VisitStatus.COMPLETED, VisitStatus.CANCELLED)


@login_required
@require_safe
def visits(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's visits: those still to come or under way, then the finished ones."""
    group = get_activities_group_for_user(request.user, slug)
    today = timezone.localdate()
    rows = list(visits_for(request.user, group).for_list()[:500])
    return render(
        request,
        "activities/visits.html",
        {
            "group": group,
            "current": [v for v in rows if v.status not in FINISHED and v.ends_on >= today],
            "finished": [v for v in rows if v.status in FINISHED or v.ends_on < today][::-1],
            "may_run": may_run_activities(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    return form_page(
        request,
        group_form(request, VisitForm, group),
        lambda values: services.visit_create(
            actor=request.user, group=group, values=values, form_nonce=values["nonce"]
        ),
        template="activities/visit_form.html",
        context={"group": group},
        done=_("The visit is added. Now add its days and its people."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    return form_page(
        request,
        group_form(request, VisitForm, group, visit),
        lambda values: services.visit_update(
            actor=request.user, visit=visit, values=values, version=values["version"]
        ),
        template="activities/visit_form.html",
        context={"group": group, "visit": visit},
        done=_("Saved."),
        changes=visit,
    )


def _visit_page(
    request: HttpRequest, group: Group, visit: Visit, *, status_form=None, day_form=None
) -> HttpResponse:
    may_run = may_run_activities(request.user, group)
    if status_form is None and visit.next_statuses:
        status_form = VisitStatusForm()
    if status_form is not None:
        labels = dict(VisitStatus.choices)
        status_form.fields["status"].choices = [(s, labels[s]) for s in visit.next_statuses]
    context = {
        "group": group,
        "visit": visit,
        "itinerary": list(visit.itinerary.all()),
        "people": visit.participants.count(),
        "photos": list(visit.photos.without_images()),
        "may_run": may_run,
        "partner_full": can_see_partner_in_full(request.user, visit.link.partner),
        "status_form": status_form if may_run else None,
        "day_form": (day_form or VisitDayForm(initial={"day": visit.starts_on}))
        if may_run
        else None,
    }
    failed = status_form is not None and status_form.errors or day_form is not None
    return render(request, "activities/visit_detail.html", context, status=422 if failed else 200)


@login_required
@require_safe
def visit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug)
    visit = get_visit_for_user(request.user, group, pk)
    return _visit_page(request, group, visit)


@login_required
@require_POST
def visit_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    form = VisitStatusForm(request.POST)
    if form.is_valid():
        try:
            services.visit_set_status(
                actor=request.user, visit=visit, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(
                request,
                _("The visit is now “%(status)s”.") % {"status": visit.get_status_display()},
            )
            return redirect(visit)
    return _visit_page(request, group, visit, status_form=form)


@login_required
@require_POST
def visit_day_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    form = VisitDayForm(request.POST)
    if form.is_valid():
        try:
            services.visit_set_day(
                actor=request.user,
                visit=visit,
                values=form.cleaned_data,
                form_nonce=form.cleaned_data["nonce"],
            )
        except ValidationError as error:
            form.add_error("day", error.messages)
        else:
            messages.success(request, _("The day is added to the itinerary."))
            return redirect(f"{visit.get_absolute_url()}#itinerary")
    return _visit_page(request, group, visit, day_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def visit_day(request: HttpRequest, slug: str, pk: int, day: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    row = get_day_for_user(request.user, visit, day)
    form = VisitDayForm(request.POST or None, instance=row)
    if request.method == "POST" and request.POST.get("remove") == "1":
        services.visit_remove_day(actor=request.user, day=row)
        messages.success(request, _("The day is taken off the itinerary."))
        return redirect(f"{visit.get_absolute_url()}#itinerary")
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_set_day(
                actor=request.user, visit=visit, values=form.cleaned_data, day=row
            )
        except ValidationError as error:
            form.add_error("day", error.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{visit.get_absolute_url()}#itinerary")
    return render(
        request,
        "activities/visit_day.html",
        {"form": form, "group": group, "visit": visit, "row": row},
        status=422 if form.errors else 200,
    )


def _choosable(visit: Visit):
    """The group's members not yet on the visit. The partner's contacts are added as named
    guests: their names on the platform are not the group's to see."""
    return (
        User.objects.filter(group_roles__group_id=visit.group_id)
        .exclude(visit_places__visit=visit)
        .order_by("display_name", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_participants(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Who goes: the list organisers send to venues, and where they add people."""
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    passports = may_see_passports(request.user, group)
    form = ParticipantForm(request.POST or None, people=_choosable(visit), passports=passports)
    return private(
        form_page(
            request,
            form,
            lambda values: services.participant_add(
                actor=request.user,
                visit=visit,
                values=_asked(form, values),
                form_nonce=values.get("nonce", ""),
            ),
            template="activities/visit_participants.html",
            context={
                "group": group,
                "visit": visit,
                "participants": visit.participants.all(),
                "passports": passports,
                "letters": visit.direction == Direction.TO_BRITAIN and passports,
            },
            done=_("Added to the visit."),
            to=reverse("activities:visit_participants", args=[group.slug, visit.pk]),
        )
    )


def _asked(form: ParticipantForm, values: dict) -> dict:
    """The values of the fields the form asked for (the passport fields only of those who may
    see them)."""
    return {name: value for name, value in values.items() if name in form.fields}


@login_required
@require_safe
def visit_participants_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The names a venue asks for, as a spreadsheet: never any passport detail."""
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Full name"), _("Name in Arabic"), _("Role on the visit")])
    for participant in visit.participants.all():
        writer.writerow(spreadsheet_row([participant.name, participant.name_ar, participant.role]))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}-participants.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, slug: str, pk: int, person: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    participant = get_participant_for_user(request.user, visit, person)
    if request.method == "POST" and request.POST.get("remove") == "1":
        services.participant_remove(actor=request.user, participant=participant)
        messages.success(request, _("Taken off the visit."))
        return redirect("activities:visit_participants", slug=group.slug, pk=visit.pk)
    passports = may_see_passports(request.user, group)
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        people=User.objects.none(),
        passports=passports,
    )
    return private(
        form_page(
            request,
            form,
            lambda values: services.participant_update(
                actor=request.user, participant=participant, values=_asked(form, values)
            ),
            template="activities/participant_form.html",
            context={"group": group, "visit": visit, "participant": participant},
            done=_("Saved."),
            to=reverse("activities:visit_participants", args=[group.slug, visit.pk]),
        )
    )


@login_required
@require_safe
def participant_letter(request: HttpRequest, slug: str, pk: int, person: int) -> HttpResponse:
    """The invitation letter for a Palestinian visitor's UK visa application (PDF)."""
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    participant = get_participant_for_user(request.user, visit, person)
    problem = ""
    if not may_see_passports(request.user, group):
        problem = _("Only the group's organisers make invitation letters.")
    elif visit.direction != Direction.TO_BRITAIN:
        problem = _("Invitation letters are for Palestinian visitors coming to Britain.")
    elif not (participant.passport_number and participant.date_of_birth):
        problem = _("Add the visitor's passport number and date of birth first.")
    elif participant.passport_expires_on and participant.passport_expires_on <= visit.ends_on:
        problem = _("The passport runs out before the visit ends: a visa needs a valid one.")
    if problem:
        messages.error(request, problem)
        return redirect("activities:visit_participants", slug=group.slug, pk=visit.pk)
    pdf = invitation_letter_pdf(visit=visit, participant=participant, signer=request.user)
    audit_log(
        actor=request.user,
        action="visit.letter_made",
        obj=visit,
        data={"participant": participant.pk},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="invitation-letter-{participant.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def visit_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The report, whether it is public, and its photos."""
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    form = ReportForm(
        request.POST or None,
        initial={"report": visit.report, "public": visit.report_public, "version": visit.version},
        completed=visit.status == VisitStatus.COMPLETED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_write_report(
                actor=request.user,
                visit=visit,
                report=form.cleaned_data["report"],
                public=form.cleaned_data["public"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            refused(form, error, saved=visit)
        else:
            messages.success(request, _("Saved: the report."))
            return redirect(visit)
    return _report_page(request, group, visit, form=form)


def _report_page(request, group, visit, *, form=None, photo_form=None) -> HttpResponse:
    form = form or ReportForm(
        initial={"report": visit.report, "public": visit.report_public, "version": visit.version},
        completed=visit.status == VisitStatus.COMPLETED,
    )
    failed = form.errors or (photo_form is not None and photo_form.errors)
    return render(
        request,
        "activities/visit_report.html",
        {
            "group": group,
            "visit": visit,
            "form": form,
            "photo_form": photo_form or PhotoForm(),
            "photos": list(visit.photos.without_images()),
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def visit_photo_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                visit=visit,
                data=form.cleaned_data["photo"].read(),
                caption=form.cleaned_data["caption"],
                form_nonce=form.cleaned_data["nonce"],
            )
        except ValidationError as error:
            form.add_error("photo", error.messages)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("activities:visit_report", slug=group.slug, pk=visit.pk)
    return _report_page(request, group, visit, photo_form=form)


@login_required
@require_POST
def visit_photo_remove(request: HttpRequest, slug: str, pk: int, photo: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    visit = get_visit_for_user(request.user, group, pk, write=True)
    found = get_visit_photo_for_user(request.user, visit, photo)
    services.photo_remove(actor=request.user, photo=found)
    messages.success(request, _("The photo is removed."))
    return redirect("activities:visit_report", slug=group.slug, pk=visit.pk)


@require_safe
def visit_photo(request: HttpRequest, slug: str, pk: int, photo: int) -> HttpResponse:
    """A report's photo: public once the report is, else for those who see the visit."""
    group = get_group_for_user(request.user, slug)
    found = get_photo_for_user(request.user, group, pk, photo)
    response = HttpResponse(bytes(found.image), content_type="image/jpeg")
    # short-lived even when public: a report can be made private again
    response["Cache-Control"] = "public, max-age=300" if found.visit.report_public else "private"
    return response


@require_safe
def visit_public_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A visit's report as the public reads it: no names, no dates beyond the month."""
    group = get_group_for_user(request.user, slug)
    visit = get_public_report(group, pk)
    return render(
        request,
        "activities/visit_public_report.html",
        {
            "group": group,
            "visit": visit,
            "photos": list(visit.photos.without_images()),
            "partner_full": can_see_partner_in_full(request.user, visit.link.partner),
        },
    )
