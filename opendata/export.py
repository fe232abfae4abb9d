"""Writing the open data files into storage, with a manifest of what was written.

The files go to `open-data/` in the default storage (MEDIA_ROOT), each written whole under a temporary
name and then renamed over the old one, so that a download never reads half a file. The manifest
(`open-data/manifest.json`, written last, the same way) records for each file when it was generated,
its rows, its bytes and its SHA-256 checksum: what the open data page shows.

The grants are published by the jury at their own addresses in the 360Giving standard
(`jury.open_data`), produced at each request; the manifest records the same bytes as of its generation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from jury import open_data as grants_open_data

from . import records
from .dictionary import (
    CALLS,
    DICTIONARY_COLUMNS,
    DICTIONARY_KEY,
    GRANTS,
    INITIATIVES,
    LIST_SEPARATOR,
    PROBLEMS,
    dictionary_rows,
)

DIRECTORY = "open-data"
MANIFEST_NAME = "manifest.json"
DEFAULT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}

# Each stored file's columns and the function giving its rows.
ROW_BUILDERS = {
    INITIATIVES.key: (INITIATIVES.column_names, records.initiative_rows),
    CALLS.key: (CALLS.column_names, records.call_rows),
    PROBLEMS.key: (PROBLEMS.column_names, records.problem_rows),
    DICTIONARY_KEY: (list(DICTIONARY_COLUMNS), dictionary_rows),
}
# The files written into storage and served by `views.open_data_file`: the datasets and the dictionary.
STORED_FILES = {f"{key}.{file_format}" for key in ROW_BUILDERS for file_format in CONTENT_TYPES}


def licence() -> dict:
    return getattr(settings, "OPEN_DATA_LICENCE", DEFAULT_LICENCE)


def storage_name(file_name: str) -> str:
    return f"{DIRECTORY}/{file_name}"


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([csv_cell(row[name]) for name in columns] for row in rows)
    # "utf-8-sig" begins the file with a BOM: spreadsheets then read the Vietnamese as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def json_bytes(key: str, generated_at: str, rows: list[dict]) -> bytes:
    document = {
        "dataset": key,
        "generated_at": generated_at,
        "licence": licence(),
        "count": len(rows),
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def write_atomically(file_name: str, content: bytes) -> None:
    # The temporary file is saved through the storage (which makes the folder), then renamed over the
    # old file in the same folder: readers see the old file or the new one, never a part.
    temporary = default_storage.save(
        storage_name(f".{file_name}.{uuid.uuid4().hex}.tmp"), ContentFile(content)
    )
    os.replace(default_storage.path(temporary), default_storage.path(storage_name(file_name)))


@dataclass(frozen=True)
class GeneratedFile:
    name: str
    content: bytes
    rows: int

    def entry(self, generated_at: str) -> dict:
        return {
            "generated_at": generated_at,
            "rows": self.rows,
            "bytes": len(self.content),
            "sha256": hashlib.sha256(self.content).hexdigest(),
        }


def dataset_files(key: str, generated_at: str) -> list[GeneratedFile]:
    columns, builder = ROW_BUILDERS[key]
    rows = builder()
    return [
        GeneratedFile(f"{key}.csv", csv_bytes(columns, rows), len(rows)),
        GeneratedFile(f"{key}.json", json_bytes(key, generated_at, rows), len(rows)),
    ]


def grants_files() -> list[GeneratedFile]:
    """The grants as the jury's addresses serve them now (they take no input from the request)."""
    content_json = grants_open_data.grants_json(None).content
    content_csv = grants_open_data.grants_csv(None).content
    rows = len(json.loads(content_json)["grants"])
    return [
        GeneratedFile(GRANTS.file_name("csv"), content_csv, rows),
        GeneratedFile(GRANTS.file_name("json"), content_json, rows),
    ]


def export_open_data() -> dict:
    """Writes every file and then the manifest; returns the manifest."""
    generated_at = timezone.now().isoformat(timespec="seconds")
    manifest = {"generated_at": generated_at, "licence": licence(), "files": {}}
    for key in ROW_BUILDERS:
        for generated in dataset_files(key, generated_at):
            write_atomically(generated.name, generated.content)
            manifest["files"][generated.name] = generated.entry(generated_at)
    for generated in grants_files():
        manifest["files"][generated.name] = generated.entry(generated_at)
    write_atomically(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return manifest


def read_manifest() -> dict | None:
    """The manifest of the last generation, or None before the first."""
    name = storage_name(MANIFEST_NAME)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return json.loads(file.read())


def file_url(file_name: str) -> str:
    if file_name.startswith(f"{GRANTS.key}."):
        return reverse(f"jury_open_data:grants_{file_name.rsplit('.', 1)[1]}")
    return reverse("opendata:file", kwargs={"name": file_name})
