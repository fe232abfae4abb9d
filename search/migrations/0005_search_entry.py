"""The words of the pages of kinds registered with `search.kinds` (problems), and on PostgreSQL their
vectors, generated as the initiatives' are (0002 and 0004): the whole weighted vector, GIN-indexed,
and the small one of the title and summary read for every match.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

run_on_postgresql = importlib.import_module("search.migrations.0001_postgresql_full_text").run
WEIGHTED_VECTOR = importlib.import_module("search.migrations.0002_weighted_search_vector").WEIGHTED_VECTOR
HEAD_VECTOR = importlib.import_module("search.migrations.0004_head_vector").HEAD_VECTOR
TABLE = "search_searchentry"
ADD = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({WEIGHTED_VECTOR}) STORED,"
    f" ADD COLUMN search_head_vector tsvector GENERATED ALWAYS AS ({HEAD_VECTOR}) STORED",
    f"CREATE INDEX search_searchentry_vector ON {TABLE} USING gin (search_vector)",
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS 0",
]
DROP = [
    "DROP INDEX IF EXISTS search_searchentry_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector, DROP COLUMN IF EXISTS search_head_vector",
]


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0008_communes"),
        ("search", "0004_head_vector"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("kind", models.CharField(db_index=True, max_length=32)),
                ("path", models.CharField(max_length=255)),
                ("translation_key", models.UUIDField(db_index=True)),
                ("language", models.CharField(max_length=2)),
                ("published", models.DateTimeField(null=True)),
                ("search_title", models.TextField(default="")),
                ("search_summary", models.TextField(default="")),
                ("search_text", models.TextField(default="")),
                ("search_accented", models.TextField(default="")),
                (
                    "locale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.locale"
                    ),
                ),
                (
                    "province_2025",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="initiatives.province2025",
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.RunPython(run_on_postgresql(ADD), run_on_postgresql(DROP)),
    ]
