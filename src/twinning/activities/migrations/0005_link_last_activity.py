"""Fill each link's last activity from the meetings, visits and appeal entries already
recorded (the services keep it from now on)."""

import datetime

from django.db import migrations
from django.db.models import Max
from django.utils import timezone


def fill(apps, schema_editor) -> None:
    Link = apps.get_model("directory", "Link")
    Meeting = apps.get_model("activities", "Meeting")
    Visit = apps.get_model("activities", "Visit")
    Donation = apps.get_model("activities", "Donation")
    Transfer = apps.get_model("activities", "Transfer")
    today = timezone.localdate()
    latest: dict[int, datetime.date] = {}

    def keep(rows) -> None:
        for link_id, day in rows:
            if link_id is None or day is None:
                continue
            day = timezone.localdate(day) if isinstance(day, datetime.datetime) else day
            day = min(day, today)
            if day > latest.get(link_id, datetime.date.min):
                latest[link_id] = day

    keep(
        Meeting.objects.values("link_id")
        .annotate(day=Max("starts_at"))
        .values_list("link_id", "day")
    )
    keep(
        Visit.objects.values("link_id").annotate(day=Max("starts_on")).values_list("link_id", "day")
    )
    keep(
        Donation.objects.values("appeal__link_id")
        .annotate(day=Max("received_on"))
        .values_list("appeal__link_id", "day")
    )
    keep(
        Transfer.objects.values("appeal__link_id")
        .annotate(day=Max("sent_on"))
        .values_list("appeal__link_id", "day")
    )
    for link_id, day in latest.items():
        Link.objects.filter(pk=link_id).update(last_activity_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_campaigning"),
        ("directory", "0019_link_activity"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
