"""The columns a search reads for each match stay in the table's row, not in its TOAST table.

Ranking reads each match's search vector (`ts_rank_cd`), and the phrase and exact-diacritics checks
read its title, summary and accented words. A vector is some 2.6 kB and compresses poorly, so with
the default storage (EXTENDED) PostgreSQL moves it out of line: reading it back costs an index
lookup and two chunks per match, some 5 µs, most of the search's time for a common word. Stored
MAIN, a column is moved out of line only when the row would not fit in a page otherwise; the long
rich texts, still EXTENDED, leave the row first. The table grows (about twice as many pages) and a
common word is ranked some four times faster (`benchmark_search`; README, "The ranking's cost").

Changing the storage leaves the rows already written as they are: each is rewritten once, by an
update that gives the three text columns new values (equal to the old ones) and so recomputes
the generated vector. A later migration that changes one of these columns' type may reset its
storage to the type's default: set it again there.
"""

import importlib

from django.db import migrations

run_on_postgresql = importlib.import_module("search.migrations.0001_postgresql_full_text").run

COLUMNS = ("search_vector", "search_title", "search_summary", "search_accented")
TABLE = "initiatives_initiativepage"


def storage(kind: str) -> list[str]:
    return [f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS]


REWRITE = (
    "UPDATE initiatives_initiativepage SET search_title = search_title || '', search_summary = search_summary || '',"
    " search_accented = search_accented || ''"
)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_glossary")]

    operations = [
        migrations.RunPython(
            run_on_postgresql([*storage("MAIN"), REWRITE]), run_on_postgresql(storage("EXTENDED"))
        )
    ]
