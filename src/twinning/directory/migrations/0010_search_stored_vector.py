"""PostgreSQL: keep each search entry's tsvector in a stored column.

Ranking the matches of a broad query ("school") recomputed to_tsvector for
every matching row; a stored column is read instead. SQLite keeps FTS5.
"""

from django.db import migrations

POSTGRES_UP = [
    "ALTER TABLE directory_searchentry ADD COLUMN text_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX directory_searchentry_vector_gin ON directory_searchentry "
    "USING gin (text_vector)",
    "DROP INDEX IF EXISTS directory_searchentry_text_gin",
]
POSTGRES_DOWN = [
    "CREATE INDEX directory_searchentry_text_gin ON directory_searchentry "
    "USING gin (to_tsvector('simple', text))",
    "DROP INDEX IF EXISTS directory_searchentry_vector_gin",
    "ALTER TABLE directory_searchentry DROP COLUMN IF EXISTS text_vector",
]


def _run(statements):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_listing_order")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
