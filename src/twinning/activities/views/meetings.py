"""A group's meetings: the list, one meeting, scheduling and changing it, answers, who came,
minutes, and the meetings in people's calendars."""

from datetime import timedelta

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
    get_activities_group_for_user,
    get_feed_by_token,
    get_meeting_for_user,
    may_run_activities,
    meetings_for,
)
from twinning.activities.calendars import calendar_for, day_and_time, local_times
from twinning.activities.forms import AttendanceForm, MeetingForm, MinutesForm, RespondForm
from twinning.activities.models import CalendarFeed, Meeting, MeetingPerson
from twinning.activities.views import form_page, group_form, refused
from twinning.directory.access import can_see_partner_in_full

PAST_PER_PAGE = 20
UPCOMING_SHOWN = 100
FEED_MONTHS_BACK = 6
FEED_MOST = 500


@login_required
@require_safe
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's meetings: the coming ones, then the past ones a page at a time."""
    group = get_activities_group_for_user(request.user, slug)
    visible = meetings_for(request.user, group)
    upcoming = list(visible.upcoming().with_counts().with_answer_of(request.user)[:UPCOMING_SHOWN])
    # counted and paged on the bare meetings; only the page's twenty get their answers counted
    past = Paginator(visible.past().values_list("pk", flat=True), PAST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    past.object_list = list(
        group.meetings.filter(pk__in=list(past.object_list))
        .with_counts()
        .order_by("-starts_at", "-pk")
    )
    feed = CalendarFeed.objects.filter(group=group, user=request.user).first()
    return render(
        request,
        "activities/meetings.html",
        {
            "group": group,
            "upcoming": upcoming,
            "past": past,
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
            "may_run": may_run_activities(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    return form_page(
        request,
        group_form(request, MeetingForm, group),
        lambda values: services.meeting_schedule(
            actor=request.user,
            group=group,
            values=values,
            invite=values["invite"],
            form_nonce=values["nonce"],
        ),
        template="activities/meeting_form.html",
        context={"group": group},
        done=_("The meeting is scheduled."),
        again=_("This form was already sent: here is its meeting."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    meeting = get_meeting_for_user(request.user, group, pk, write=True)
    return form_page(
        request,
        group_form(request, MeetingForm, group, meeting),
        lambda values: services.meeting_update(
            actor=request.user, meeting=meeting, values=values, version=values["version"]
        ),
        template="activities/meeting_form.html",
        context={"group": group, "meeting": meeting},
        done=_("Saved."),
        changes=meeting,
    )


def _meeting_page(
    request: HttpRequest, group, meeting: Meeting, respond_form: RespondForm | None = None
) -> HttpResponse:
    """The meeting's page; with `respond_form`, the answer that was refused (422)."""
    people = list(meeting.people.by_name())
    mine = next((row for row in people if row.user_id == request.user.pk), None)
    hidden = services.partner_side(meeting, request.user)

    def answered(rows) -> dict:
        return {
            "named": [row for row in rows if row.user_id not in hidden],
            "partner_side": sum(1 for row in rows if row.user_id in hidden),
        }

    Response = MeetingPerson.Response
    context = {
        "group": group,
        "meeting": meeting,
        "times": [(time, day_and_time(time.day, time.time)) for time in local_times(meeting)],
        "listed": len(people),
        "mine": mine,
        "answers": [
            (_("Coming:"), answered([row for row in people if row.response == Response.YES])),
            (_("Maybe:"), answered([row for row in people if row.response == Response.MAYBE])),
            (_("Not coming:"), answered([row for row in people if row.response == Response.NO])),
        ],
        "came": answered([row for row in people if row.attended]),
        "respond_form": respond_form
        or RespondForm(initial={"response": mine.response if mine else ""}),
        "may_run": may_run_activities(request.user, group),
        "partner_full": meeting.link is None
        or can_see_partner_in_full(request.user, meeting.link.partner),
    }
    status = 422 if respond_form is not None else 200
    return render(request, "activities/meeting_detail.html", context, status=status)


@login_required
@require_safe
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug)
    meeting = get_meeting_for_user(request.user, group, pk)
    return _meeting_page(request, group, meeting)


@login_required
@require_POST
def meeting_respond(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug)
    meeting = get_meeting_for_user(request.user, group, pk)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_respond(
                actor=request.user, meeting=meeting, response=form.cleaned_data["response"]
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("Thank you: your answer is saved."))
            return redirect(meeting)
    return _meeting_page(request, group, meeting, respond_form=form)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    meeting = get_meeting_for_user(request.user, group, pk, write=True)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is cancelled; the people invited are told."))
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    meeting = get_meeting_for_user(request.user, group, pk, write=True)
    # The partner's side is counted among the others: their names are not the group's.
    hidden = services.partner_side(meeting)
    listed = {row.user_id: row for row in meeting.people.by_name()}
    people = {person.pk: person for person in services.meeting_people(meeting)}
    people.update({pk: row.user for pk, row in listed.items()})
    everyone = sorted(
        (person for pk, person in people.items() if pk not in hidden),
        key=lambda person: (person.display_name, person.pk),
    )
    form = AttendanceForm(
        request.POST or None,
        people=everyone,
        initial={
            "came": [str(pk) for pk, row in listed.items() if row.attended],
            "others": meeting.others_attended,
        },
    )
    return form_page(
        request,
        form,
        lambda values: services.meeting_record_attendance(
            actor=request.user,
            meeting=meeting,
            came={int(pk) for pk in values["came"]},
            others=values["others"],
        ),
        template="activities/meeting_attendance.html",
        context={"group": group, "meeting": meeting, "answers": listed},
        done=_("Saved: who came."),
        changes=meeting,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_activities_group_for_user(request.user, slug, write=True)
    meeting = get_meeting_for_user(request.user, group, pk, write=True)
    form = MinutesForm(
        request.POST or None, initial={"minutes": meeting.minutes, "version": meeting.version}
    )
    return form_page(
        request,
        form,
        lambda values: services.meeting_write_minutes(
            actor=request.user,
            meeting=meeting,
            minutes=values["minutes"],
            version=values["version"],
        ),
        template="activities/meeting_minutes.html",
        context={"group": group, "meeting": meeting},
        done=_("Saved: the minutes."),
        changes=meeting,
    )


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One meeting as a calendar file ("add to calendar")."""
    group = get_activities_group_for_user(request.user, slug)
    meeting = get_meeting_for_user(request.user, group, pk)
    return _calendar_response(calendar_for([meeting], name=group.name), f"meeting-{pk}.ics")


@login_required
@require_POST
def calendar_address(request: HttpRequest, slug: str) -> HttpResponse:
    """Make (or, with `renew`, replace) the person's private calendar address for the group."""
    group = get_activities_group_for_user(request.user, slug)
    renew = request.POST.get("renew") == "1"
    services.calendar_feed_for(user=request.user, group=group, renew=renew)
    if renew:
        messages.success(request, _("Your calendar address is replaced: the old one is dead."))
    return redirect("activities:meetings", slug=group.slug)


@require_safe
def calendar_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The group's meetings for a calendar app: the address is the credential."""
    feed = get_feed_by_token(slug, token)
    since = timezone.now() - timedelta(days=31 * FEED_MONTHS_BACK)
    meetings = meetings_for(feed.user, feed.group).for_calendar(since)[:FEED_MOST]
    return _calendar_response(
        calendar_for(meetings, name=feed.group.name), f"{feed.group.slug}.ics"
    )
