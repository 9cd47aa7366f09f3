"""Trigram indexes for searching case descriptions and addresses on PostgreSQL.

Django's ``icontains`` compiles to ``UPPER(col) LIKE UPPER(%s)``, so the index is on ``UPPER(col)``.
pg_trgm splits Chinese text into trigrams too (UTF-8 databases), so a search of three or more
characters uses the index instead of scanning all history. SQLite has no equivalent; there the
search scans, which is acceptable at district scale.
"""

from django.db import migrations

INDEXES = {
    "case_description_trgm": "description",
    "case_address_trgm": "address",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
