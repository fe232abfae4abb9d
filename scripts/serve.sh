#!/usr/bin/env bash
# Serves the site with the production settings: gathers the static files, brings the database up to
# date, creates the cache table, then runs gunicorn (deploy/gunicorn.conf.py) on $BIND:$PORT, by default
# 127.0.0.1:8000, with $WEB_CONCURRENCY workers. The environment is the one of README "Production"
# (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL …); run scripts/worker.sh beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-expo.settings.production}"
# collectstatic, migrate and createcachetable (for the database cache), in one start of the site.
.venv/bin/python manage.py prepare_to_serve
exec .venv/bin/gunicorn --config deploy/gunicorn.conf.py
