#!/usr/bin/env bash
# Runs the queued work of the production settings (e-mails, search index upkeep, open data files) until
# stopped. Start one beside the web server, with the same environment (DJANGO_SETTINGS_MODULE, DATABASE_URL …).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py db_worker "$@"
