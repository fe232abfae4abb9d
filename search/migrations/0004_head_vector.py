"""A second, small search vector of the title (A), the summary (B) and their words as written (D),
to rank every match with.

The whole vector (title, summary and body, some 2.6 kB) compresses poorly and is stored out of the
row (TOAST): reading it back costs an index lookup and two chunks per match, which for a common word
was most of a search's time. This one is about 1 kB and stays in the row. The whole vector
keeps the GIN index that finds the matches, and ranks by the body only the few matches that its
share could lift onto the page shown (`search.backends.database`). Keeping the whole vector in the
row instead (STORAGE MAIN) doubled the table and slowed every search that reads many rows.
"""

import importlib

from django.db import migrations

run_on_postgresql = importlib.import_module("search.migrations.0001_postgresql_full_text").run

# D: the title's and summary's words as written, diacritics kept ('simple' does not fold them), to tell
# the texts written with exactly the diacritics typed.
HEAD_VECTOR = (
    "setweight(to_tsvector('expo_unaccent', coalesce(search_title, '')), 'A')"
    " || setweight(to_tsvector('expo_unaccent', coalesce(search_summary, '')), 'B')"
    " || setweight(to_tsvector('simple', coalesce(search_accented, '')), 'D')"
)
# Read for every match; MAIN keeps them in the row, which PostgreSQL otherwise leaves to the columns
# it finds too small to move out (the rich texts and the whole vector go first). One statement: the
# table is rewritten once, after the storage is set, so the rows already written are laid out anew.
IN_ROW = ("search_head_vector", "search_title", "search_summary", "search_accented")
ADD = [
    "ALTER TABLE initiatives_initiativepage ADD COLUMN search_head_vector tsvector"
    f" GENERATED ALWAYS AS ({HEAD_VECTOR}) STORED, "
    + ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in IN_ROW)
]
DROP = [
    "ALTER TABLE initiatives_initiativepage DROP COLUMN IF EXISTS search_head_vector, "
    + ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in IN_ROW[1:])
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_glossary")]

    operations = [migrations.RunPython(run_on_postgresql(ADD), run_on_postgresql(DROP))]
