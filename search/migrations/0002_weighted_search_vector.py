"""The search vector weighs each field: A the title, B the summary and what says who and where, C the body.

`ts_rank_cd` then ranks a match in the title above one in the summary above one in the body, and
phrase queries (`mot <-> cua`) can ask for a field (`mot:A <-> cua:A`). The column is recreated
as migration 0001 made it otherwise: generated, GIN-indexed, without statistics.
"""

import importlib

from django.db import migrations

# Runs statements on PostgreSQL only, as 0001 does.
run_on_postgresql = importlib.import_module("search.migrations.0001_postgresql_full_text").run

WEIGHTED_VECTOR = (
    "setweight(to_tsvector('expo_unaccent', coalesce(search_title, '')), 'A')"
    " || setweight(to_tsvector('expo_unaccent', coalesce(search_summary, '')), 'B')"
    " || setweight(to_tsvector('expo_unaccent', coalesce(search_text, '')), 'C')"
)
PREVIOUS_VECTOR = "to_tsvector('expo_unaccent', coalesce(search_title, '') || coalesce(search_text, ''))"


def vector_column(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS initiatives_search_vector",
        "ALTER TABLE initiatives_initiativepage DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE initiatives_initiativepage ADD COLUMN search_vector tsvector"
        f" GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX initiatives_search_vector ON initiatives_initiativepage USING gin (search_vector)",
        "ALTER TABLE initiatives_initiativepage ALTER COLUMN search_vector SET STATISTICS 0",
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_postgresql_full_text"),
        ("initiatives", "0007_weighted_search_words"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgresql(vector_column(WEIGHTED_VECTOR)),
            run_on_postgresql(vector_column(PREVIOUS_VECTOR)),
        )
    ]
