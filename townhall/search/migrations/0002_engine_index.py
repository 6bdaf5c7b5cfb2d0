"""The engine's full-text index over SearchDocument.text, per database vendor."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        text, tokenize = "unicode61 remove_diacritics 2", prefix = '2 3 4')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF text ON search_searchdocument BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
        INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        DELETE FROM search_fts WHERE rowid = old.id; END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]
POSTGRESQL = [
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (setweight(to_tsvector('simple', text), 'A')) STORED""",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING GIN (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN vector",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
