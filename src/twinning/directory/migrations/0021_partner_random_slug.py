"""Sensitive partners, and groups and partners waiting for review, get random web addresses.

Until now a sensitive partner kept any address starting with "p-", so one named
"P. Jabalia Women Committee" kept p-jabalia-women-committee; and a name proposed twice
while waiting (or once rejected) gave "-2". Every sensitive, waiting or rejected partner and
every waiting or rejected group is given a new random address here: the old ones answer 404
from now on (no redirect, which would tie the two together).
"""

import secrets

from django.db import migrations, models


def _draw(prefix: str, taken: set[str]) -> str:
    while (slug := f"{prefix}-{secrets.token_hex(6)}") in taken:
        pass
    taken.add(slug)
    return slug


def forward(apps, schema_editor) -> None:
    Partner = apps.get_model("directory", "Partner")
    Group = apps.get_model("directory", "Group")
    taken = set(Partner.objects.values_list("slug", flat=True))
    hidden = Partner.objects.filter(
        models.Q(sensitive=True) | models.Q(status__in=("pending", "rejected"))
    )
    for partner in hidden.only("pk"):
        partner.slug = _draw("p", taken)
        partner.slug_is_random = True
        partner.save(update_fields=["slug", "slug_is_random"])
    taken = set(Group.objects.values_list("slug", flat=True))
    # a rejected one kept its name's address, so a later proposal's "-2" would tell of it
    for group in Group.objects.filter(status__in=("pending", "rejected")).only("pk"):
        group.slug = _draw("g", taken)
        group.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0020_link_activity_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="slug_is_random",
            field=models.BooleanField(default=False, editable=False),
        ),
        # Going back keeps the random addresses: nothing can give the old ones back safely.
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
