"""One date style per language (docs/dates.md): British in English ("17 February 2027",
"Wednesday 17 February 2027", "14:05"), never a numeric date a Briton and an American read
as different days; in Arabic the month names of the Levant ("17 شباط 2027"), with no comma
before the year."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.conftest import client_for
from twinning.activities import services
from twinning.activities.calendars import when_text
from twinning.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DAY = datetime.date(2027, 2, 17)  # a Wednesday
EGYPTIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس")


def _visit(cast):
    visit = services.visit_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Beit Ummar teachers in Oxford",
            "purpose": "Teachers meet teachers.",
            "starts_on": DAY,
            "ends_on": DAY + datetime.timedelta(days=7),
        },
    )
    services.visit_set_day(
        actor=cast.organiser, visit=visit, values={"day": DAY, "place": "Oxford", "host": "Cheney"}
    )
    return visit


def test_a_visit_s_dates_read_17_february_2027_in_english(cast) -> None:
    page = client_for(cast.organiser).get(_visit(cast).get_absolute_url()).content.decode()
    assert "17 February 2027" in page and "24 February 2027" in page
    assert "Wednesday 17 February 2027" in page  # the first day of the programme
    assert "Feb. 17" not in page and "February 17" not in page


def test_a_visit_s_dates_have_the_levant_s_month_names_in_arabic(cast) -> None:
    page = client_for(cast.organiser).get(f"/ar{_visit(cast).get_absolute_url()}").content.decode()
    assert "17 شباط 2027" in page and "24 شباط 2027" in page
    assert "الأربعاء 17 شباط 2027" in page
    assert "شباط،" not in page  # no comma between the month and the year
    assert not [month for month in EGYPTIAN_MONTHS if month in page]


def test_the_history_gives_the_day_by_its_month_s_name_and_the_time_on_24_hours(
    coordinator_client,
) -> None:
    entry = AuditEntry.objects.create(action="group.updated", object_repr="Oxford Friends")
    at = datetime.datetime(2027, 2, 17, 14, 5, tzinfo=LONDON)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=at)
    english = coordinator_client.get("/history/").content.decode()
    assert "17 Feb 2027, 14:05" in english
    assert "02/17/2027" not in english and "p.m." not in english
    arabic = coordinator_client.get("/ar/history/").content.decode()
    assert "17 شباط 2027، 14:05" in arabic
    assert "02/17/2027" not in arabic and " م<" not in arabic


def test_a_meeting_s_time_in_both_countries_names_its_weekday_in_each_language(cast) -> None:
    meeting = services.meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Planning the visit",
            "starts_at": datetime.datetime(2027, 2, 17, 19, 0, tzinfo=LONDON),
        },
        invite=False,
    )
    with translation.override("en"):
        assert when_text(meeting).startswith("Wednesday 17 February 2027, 19:00 UK time (21:00")
    with translation.override("ar"):
        text = when_text(meeting)
    assert text.startswith("الأربعاء 17 شباط 2027، 19:00"), text


def test_every_month_has_its_levantine_name_in_arabic() -> None:
    from django.utils.formats import date_format

    levant = [
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ]  # fmt: skip
    with translation.override("ar"):
        written = [date_format(datetime.date(2027, month, 1)) for month in range(1, 13)]
        short = [date_format(datetime.date(2027, month, 1), "N M") for month in range(1, 13)]
    assert written == [f"1 {name} 2027" for name in levant]
    assert short == [f"{name} {name}" for name in levant]  # Arabic does not shorten them
