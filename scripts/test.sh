#!/usr/bin/env bash
# Sets up the test environment and runs the whole suite on two processes; extra arguments go to pytest
# (`-n 0` runs it in one process). DATABASE_URL=postgres://… runs it on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
# Whole test files are handed out in the order pytest-django sets, so a process takes the transactional
# tests, which empty every table after them, only once every file of other database tests is handed out.
# A test file therefore holds either transactional tests or others, not both.
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
