"""The table of the shared cache (sign-in lockouts and other rate limits), when the cache is
the database (the default; with TWINNING_REDIS_URL set there is nothing to create)."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor) -> None:
    schema_editor.execute("DROP TABLE IF EXISTS twinning_cache")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_outgoing_email")]

    operations = [migrations.RunPython(create, drop)]
