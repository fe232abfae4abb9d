#!/usr/bin/env bash
# Deletes the task queue's finished rows (e-mails sent, index upkeep done) after two weeks, failed ones after
# two months, so that the table the worker reads stays small. Run daily (deploy/expo-prune.timer), with the
# same environment as the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py prune_db_task_results --queue-name '*' --min-age-days 14 --failed-min-age-days 60 "$@"
