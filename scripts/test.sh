#!/usr/bin/env bash
# Sets up the test environment and runs the whole suite; extra arguments go to pytest.
# DATABASE_URL=postgres://… runs it on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
