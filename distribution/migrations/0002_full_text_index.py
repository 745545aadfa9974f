"""The database's own full-text index over SearchEntry.

SQLite: an FTS5 table using SearchEntry as its external content, kept in step
by triggers on every insert, update and delete.
PostgreSQL: a stored generated tsvector column (title weighted A, body B)
with a GIN index.
Written per database because neither has the other's feature."""

from django.db import migrations

FTS_TABLE = "distribution_search_fts"

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, body, content='distribution_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER distribution_search_ai AFTER INSERT ON distribution_searchentry BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER distribution_search_ad AFTER DELETE ON distribution_searchentry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER distribution_search_au AFTER UPDATE ON distribution_searchentry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    # Rows written before the table existed (none on a fresh install).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS distribution_search_ai",
    "DROP TRIGGER IF EXISTS distribution_search_ad",
    "DROP TRIGGER IF EXISTS distribution_search_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

POSTGRES_UP = [
    """ALTER TABLE distribution_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX distribution_search_document_idx ON distribution_searchentry USING gin (document)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS distribution_search_document_idx",
    "ALTER TABLE distribution_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("distribution", "0001_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
