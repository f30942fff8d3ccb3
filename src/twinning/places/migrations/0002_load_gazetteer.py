"""Load the committed gazetteer (data/*.csv) so that `migrate` gives every install its places."""

from django.db import migrations


def load(apps, schema_editor) -> None:
    from twinning.places.loader import load_places

    load_places(apps.get_model("places", "Place"))


def unload(apps, schema_editor) -> None:
    # Places added by coordinators (key "added:…") stay.
    Place = apps.get_model("places", "Place")
    Place.objects.exclude(key__startswith="added:").delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
