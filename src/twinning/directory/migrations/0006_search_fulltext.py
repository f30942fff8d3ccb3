"""Full-text indexes over the search entries: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE directory_searchentry_fts USING fts5("
    "text, content='directory_searchentry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER directory_searchentry_ai AFTER INSERT ON directory_searchentry BEGIN "
    "INSERT INTO directory_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER directory_searchentry_ad AFTER DELETE ON directory_searchentry BEGIN "
    "INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER directory_searchentry_au AFTER UPDATE ON directory_searchentry BEGIN "
    "INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO directory_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS directory_searchentry_au",
    "DROP TRIGGER IF EXISTS directory_searchentry_ad",
    "DROP TRIGGER IF EXISTS directory_searchentry_ai",
    "DROP TABLE IF EXISTS directory_searchentry_fts",
]
POSTGRES_UP = [
    "CREATE INDEX directory_searchentry_text_gin ON directory_searchentry "
    "USING gin (to_tsvector('simple', text))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS directory_searchentry_text_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
