"""The engine's index, rebuilt for titles (ranked above text) and stemming.

SQLite: two FTS5 tables over SearchDocument (external content: they store the index, not
a copy of the text), kept in step by triggers:
  search_fts   unicode61, diacritics removed, prefix indexes: exact words, the prefix of
               the word being typed, "exact phrases"
  search_stem  the same words through the Porter stemmer (English only): every whole word
               (`meetings` finds `meeting`), excluded words, and bm25 ranking
PostgreSQL: one stored tsvector column; the title's lexemes get weight A, the text's B, and
each is the union of the 'simple' (exact), 'english' and 'norwegian' configurations, with
a GIN index. (Table rebuilds by 0003 on SQLite dropped 0002's triggers: IF EXISTS.)
"""

from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TABLE IF EXISTS search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, text, content='search_searchdocument', content_rowid='id',
        tokenize = "unicode61 remove_diacritics 2", prefix = '2 3 4')""",
    """CREATE VIRTUAL TABLE search_stem USING fts5(
        title, text, content='search_searchdocument', content_rowid='id',
        tokenize = "porter unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        INSERT INTO search_stem(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title, text ON search_searchdocument
        BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO search_stem(search_stem, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        INSERT INTO search_stem(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO search_stem(search_stem, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "INSERT INTO search_stem(search_stem) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_stem",
    "DROP TABLE IF EXISTS search_fts",
]


def _vector(column: str, weight: str) -> str:
    configs = " || ".join(
        f"to_tsvector('{config}', {column})" for config in ("simple", "english", "norwegian")
    )
    return f"setweight({configs}, '{weight}')"


POSTGRESQL = [
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    f"""ALTER TABLE search_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS ({_vector("title", "A")} || {_vector("text", "B")}) STORED""",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING GIN (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (setweight(to_tsvector('simple', text), 'A')) STORED""",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING GIN (vector)",
]
# Going back to 0002's single SQLite table is not worth the code: reversing drops the
# tables, and `townhall manage reindex` after migrating forward again rebuilds them.


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_articles")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
