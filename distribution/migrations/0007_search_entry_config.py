"""Each SearchEntry carries its blog's language's text-search configuration
(`config`), and on PostgreSQL the generated `document` is stemmed with it
instead of always 'english' (docs/i18n.md, "Search in other scripts").

Written per database, as 0002: on PostgreSQL `config` is a regconfig column
(to_tsvector(regconfig, text) is immutable, so a generated column may use it)
and `document` is dropped and made again over it, with its GIN index. On
SQLite it is plain text that FTS5 ignores, added with ALTER TABLE so the
table is not rebuilt and 0002's triggers stay. Existing rows get the
configuration of their blog's language."""

from django.db import migrations

import distribution.models

# distribution.search.TEXT_SEARCH_CONFIGS as it was when this was written.
CONFIGS = {"en": "english", "de": "german", "ar": "arabic", "uk": "simple"}


def text_search_config(language):
    return CONFIGS.get((language or "").lower().split("-")[0], "simple")

ADD_DOCUMENT = [
    """ALTER TABLE distribution_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(config, coalesce(title, '')), 'A') ||
        setweight(to_tsvector(config, coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX distribution_search_document_idx ON distribution_searchentry USING gin (document)",
]
DROP_DOCUMENT = [
    "DROP INDEX IF EXISTS distribution_search_document_idx",
    "ALTER TABLE distribution_searchentry DROP COLUMN IF EXISTS document",
]
ENGLISH_DOCUMENT = [  # 0002's
    """ALTER TABLE distribution_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX distribution_search_document_idx ON distribution_searchentry USING gin (document)",
]


def _set_configs(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT language FROM liveblogs_liveblog")
        for (language,) in cursor.fetchall():
            schema_editor.execute(
                "UPDATE distribution_searchentry SET config = %s "
                "WHERE blog_id IN (SELECT id FROM liveblogs_liveblog WHERE language = %s)",
                [text_search_config(language), language],
            )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in DROP_DOCUMENT:
            schema_editor.execute(sql)
        schema_editor.execute(
            "ALTER TABLE distribution_searchentry ADD COLUMN config regconfig NOT NULL DEFAULT 'simple'"
        )
        _set_configs(schema_editor)
        for sql in ADD_DOCUMENT:
            schema_editor.execute(sql)
    else:
        schema_editor.execute(
            "ALTER TABLE distribution_searchentry ADD COLUMN config varchar(32) NOT NULL DEFAULT 'simple'"
        )
        _set_configs(schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP_DOCUMENT:
            schema_editor.execute(sql)
        schema_editor.execute("ALTER TABLE distribution_searchentry DROP COLUMN config")
        for sql in ENGLISH_DOCUMENT:
            schema_editor.execute(sql)
    else:
        schema_editor.execute("ALTER TABLE distribution_searchentry DROP COLUMN config")


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0006_webhook_test_events"),
        ("liveblogs", "0017_blog_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="config",
                    field=distribution.models.TextSearchConfigField(default="simple", max_length=32),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
