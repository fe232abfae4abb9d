#!/usr/bin/env bash
# Sets up the site on SQLite with the demo content and serves it at http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_demo_content
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
