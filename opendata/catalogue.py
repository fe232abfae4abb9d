"""What the open data page lists: each dataset with its files as last generated, and the dictionary."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateparse import parse_datetime

from .dictionary import DATASETS, DICTIONARY_KEY, Dataset
from .export import file_url, licence, read_manifest


@dataclass(frozen=True)
class ListedFile:
    name: str
    format: str
    url: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class ListedDataset:
    dataset: Dataset
    files: list[ListedFile]


def listed_files(key: str, formats, entries: dict) -> list[ListedFile]:
    files = []
    for file_format in formats:
        name = f"{key}.{file_format}"
        if entry := entries.get(name):
            files.append(
                ListedFile(
                    name, file_format.upper(), file_url(name), entry["rows"], entry["bytes"], entry["sha256"]
                )
            )
    return files


def catalogue() -> dict:
    """Reads the manifest only: the page costs no query however many rows the files hold."""
    manifest = read_manifest()
    entries = manifest["files"] if manifest else {}
    return {
        "generated_at": parse_datetime(manifest["generated_at"]) if manifest else None,
        "licence": licence(),
        "datasets": [
            ListedDataset(dataset, listed_files(dataset.key, dataset.formats, entries))
            for dataset in DATASETS
        ],
        "dictionary_files": listed_files(DICTIONARY_KEY, ("csv", "json"), entries),
    }
