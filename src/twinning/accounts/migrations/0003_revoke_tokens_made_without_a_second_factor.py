"""Revoke every API token made so far.

Until now the admin's own sign-in skipped the second factor, and a session signed in there
could make tokens on /account/api-tokens/; nothing records which session made a token.
Coordinators make new ones in a minute (the page says how); going back revokes nothing more
and restores nothing (a revoked key stays revoked).
"""

from django.db import migrations
from django.utils import timezone


def revoke(apps, schema_editor) -> None:
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_tokens")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
