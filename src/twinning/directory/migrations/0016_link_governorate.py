"""Links keep their partner's governorate; the import's check gets a status of its own."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_governorate(apps, schema_editor) -> None:
    """Copy each partner's governorate onto its links (later kept by Link.save and signals)."""
    Link = apps.get_model("directory", "Link")
    Partner = apps.get_model("directory", "Partner")
    governorate = Partner.objects.filter(pk=OuterRef("partner_id")).values("place__governorate")
    Link.objects.update(governorate=Coalesce(Subquery(governorate[:1]), Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0015_group_updated_at"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="link",
            name="directory_link_listing",
        ),
        migrations.AddField(
            model_name="link",
            name="governorate",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.RunPython(fill_governorate, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("checking", "checking"),
                    ("checked", "checked, waiting for your decision"),
                    ("importing", "importing"),
                    ("done", "imported"),
                    ("failed", "failed"),
                ],
                default="checked",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="link",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["sort_rank", "sort_name", "id", "status", "kind", "governorate", "partner"],
                name="directory_link_listing_wide",
            ),
        ),
        migrations.AddIndex(
            model_name="link",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["governorate", "sort_rank", "sort_name", "id"],
                name="directory_link_by_governorate",
            ),
        ),
    ]
