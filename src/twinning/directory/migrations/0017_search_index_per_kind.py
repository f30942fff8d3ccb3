"""PostgreSQL: one GIN index per kind of search entry, in place of one for all.

A search always names its kind; with an index of its own the planner finds a
common word's matches without intersecting them with every entry of the kind,
and stops reading once it has enough. SQLite keeps FTS5.
"""

from django.db import migrations

KINDS = ("group", "partner", "link")
POSTGRES_UP = [
    *(
        f"CREATE INDEX directory_searchentry_{kind}_gin ON directory_searchentry "
        f"USING gin (text_vector) WHERE kind = '{kind}'"
        for kind in KINDS
    ),
    "DROP INDEX IF EXISTS directory_searchentry_vector_gin",
]
POSTGRES_DOWN = [
    "CREATE INDEX directory_searchentry_vector_gin ON directory_searchentry "
    "USING gin (text_vector)",
    *(f"DROP INDEX IF EXISTS directory_searchentry_{kind}_gin" for kind in KINDS),
]


def _run(statements):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0016_link_governorate")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
