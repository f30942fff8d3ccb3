"""Link health: every link knows the last thing done along it; an active link quiet for
TWINNING_DORMANT_AFTER_MONTHS is flagged for coordinators and its organisers are nudged, once
per quiet spell, with ideas; organisers can say the link is dormant or ended, with a reason."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import client_for
from twinning.activities import services
from twinning.activities.models import Meeting
from twinning.directory.models import Link

pytestmark = pytest.mark.django_db


def _quiet(link: Link, days: int) -> None:
    Link.objects.filter(pk=link.pk).update(
        last_activity_on=timezone.localdate() - datetime.timedelta(days=days),
        dormancy_nudged_at=None,
    )


def test_what_is_done_along_a_link_is_its_last_activity(cast) -> None:
    today = timezone.localdate()
    services.meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Joint call",
            "starts_at": timezone.now() + datetime.timedelta(days=20),
            "link": cast.link,
        },
        invite=False,
    )
    cast.link.refresh_from_db()
    assert cast.link.last_activity_on == today  # planned today, not in the future
    _quiet(cast.link, 400)
    appeal = services.appeal_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Trees",
            "purpose": "Trees.",
            "target": Decimal("100"),
            "starts_on": today - datetime.timedelta(days=40),
            "link": cast.link,
        },
    )
    services.donation_record(
        actor=cast.organiser,
        appeal=appeal,
        values={
            "amount": Decimal("10"),
            "received_on": today - datetime.timedelta(days=30),
            "method": "cash",
        },
    )
    cast.link.refresh_from_db()
    assert cast.link.last_activity_on == today - datetime.timedelta(days=30)
    page = client_for(cast.organiser).get(cast.link.get_absolute_url()).content.decode()
    assert "Last activity:" in page
    assert (
        "Last activity:" not in client_for(None).get(cast.link.get_absolute_url()).content.decode()
    )


def test_a_quiet_link_is_flagged_and_its_organisers_nudged_once(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    _quiet(cast.link, 400)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tend_activities", stdout=out)
    assert "quiet links nudged: 1" in out.getvalue()
    [message] = mailoutbox
    assert message.to == [cast.organiser.email]
    assert "Hold a joint online meeting" in message.body
    assert cast.link.get_absolute_url() in message.body

    with django_capture_on_commit_callbacks(execute=True):
        call_command("tend_activities", stdout=io.StringIO())
    assert len(mailoutbox) == 1  # once per quiet spell

    board = client_for(cast.coordinator).get("/links/quiet/").content.decode()
    assert cast.group_a.name in board
    introductions = client_for(cast.coordinator).get("/introductions/").content.decode()
    assert "1 active link has gone quiet" in introductions
    assert client_for(cast.organiser).get("/links/quiet/").status_code == 403

    # something done ends the spell; a later one nudges again
    services.meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={"title": "Back", "starts_at": timezone.now(), "link": cast.link},
        invite=False,
    )
    assert (
        cast.group_a.name not in client_for(cast.coordinator).get("/links/quiet/").content.decode()
    )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Meeting.objects.filter(title="Back").update(
        starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=1)
    )
    _quiet(cast.link, 400)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tend_activities", stdout=io.StringIO())
    assert len(mailoutbox) == 2


def test_a_link_active_recently_or_not_active_is_not_flagged(cast, settings) -> None:
    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    cutoff = services.quiet_cutoff()
    _quiet(cast.link, 300)
    assert not Link.objects.quiet_since(cutoff).exists()
    _quiet(cast.link, 400)
    assert Link.objects.quiet_since(cutoff).exists()
    Link.objects.filter(pk=cast.link.pk).update(status="dormant")
    assert not Link.objects.quiet_since(cutoff).exists()


def test_a_link_with_nothing_recorded_counts_from_when_it_started(cast, settings) -> None:
    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    cutoff = services.quiet_cutoff()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    Link.objects.filter(pk=cast.link.pk).update(last_activity_on=None, created_at=long_ago)
    assert Link.objects.quiet_since(cutoff).exists()
    Link.objects.filter(pk=cast.link.pk).update(started_on=timezone.localdate())
    assert not Link.objects.quiet_since(cutoff).exists()


def test_organisers_say_a_quiet_link_is_dormant_with_a_reason(cast) -> None:
    response = client_for(cast.organiser).post(
        f"/links/{cast.link.pk}/status/",
        {"status": "dormant", "reason": "Our partner's council is between elections"},
    )
    assert response.status_code == 302
    cast.link.refresh_from_db()
    assert cast.link.status == "dormant"
    change = cast.link.status_changes.order_by("recorded_at").last()
    assert change.reason == "Our partner's council is between elections"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 12, 1), 12, datetime.date(2025, 12, 1)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2023, 2, 28)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 25, datetime.date(2023, 12, 15)),
    ],
)
def test_months_before_keeps_to_real_days(day, months, expected) -> None:
    assert services.months_before(day, months) == expected


def test_a_link_woken_from_dormant_or_proposed_is_not_quiet_at_once(cast, settings) -> None:
    from twinning.directory.services import link_set_status

    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    _quiet(cast.link, 800)
    Link.objects.filter(pk=cast.link.pk).update(dormancy_nudged_at=timezone.now())
    link_set_status(actor=cast.organiser, link=cast.link, status="dormant")
    link_set_status(actor=cast.organiser, link=cast.link, status="active")
    cast.link.refresh_from_db()
    assert cast.link.dormancy_nudged_at is None
    assert not services.quiet_links().filter(pk=cast.link.pk).exists()

    proposed = Link.objects.create(
        group=cast.group_b,
        partner=cast.partner,
        status="proposed",
        last_activity_on=timezone.localdate() - datetime.timedelta(days=500),
    )
    link_set_status(actor=cast.coordinator, link=proposed, status="active")
    assert not services.quiet_links().filter(pk=proposed.pk).exists()


def test_a_joint_meeting_planned_long_ago_that_has_now_happened_counts(cast, settings) -> None:
    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    services.meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Planned long ago",
            "starts_at": timezone.now() - datetime.timedelta(days=90),
            "link": cast.link,
        },
        invite=False,
    )
    _quiet(cast.link, 400)  # as if it had been noted the day it was planned, 400 days ago
    assert not services.quiet_links().filter(pk=cast.link.pk).exists()


def test_entries_typed_in_late_do_not_nudge_again_in_the_same_quiet_spell(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    _quiet(cast.link, 700)
    appeal = services.appeal_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Old appeal",
            "purpose": "Trees.",
            "target": Decimal("100"),
            "starts_on": timezone.localdate() - datetime.timedelta(days=800),
        },
    )
    appeal.link = cast.link
    appeal.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.links_nudge_quiet()
        for days in (650, 600):
            services.donation_record(
                actor=cast.organiser,
                appeal=appeal,
                values={
                    "amount": Decimal("5"),
                    "received_on": timezone.localdate() - datetime.timedelta(days=days),
                    "method": "cash",
                },
            )
            services.links_nudge_quiet()
    assert len(mailoutbox) == 1


def test_a_quiet_link_without_organisers_is_reported_to_the_coordinators(
    cast, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TWINNING_DORMANT_AFTER_MONTHS = 12
    cast.group_a.roles.filter(role="organiser").delete()
    _quiet(cast.link, 400)
    with django_capture_on_commit_callbacks(execute=True):
        services.links_nudge_quiet()
    assert [m.to[0] for m in mailoutbox] == [cast.coordinator.email]


def test_links_with_nothing_ever_recorded_are_counted_not_hidden(cast) -> None:
    """An imported network's links have no activity date: the page says so and counts them,
    rather than saying nothing is quiet."""
    coordinator = client_for(cast.coordinator)
    page = coordinator.get("/links/quiet/").content.decode()
    assert "Every active link has had something done along it lately." not in page
    assert "1 active link has nothing recorded along it since it was added" in page
    assert cast.link.get_absolute_url() in page
    link_page = client_for(cast.organiser).get(cast.link.get_absolute_url()).content.decode()
    assert "none recorded since it was added on" in link_page
