#!/usr/bin/env bash
# Creates .venv with the given requirements file and compiles the message catalogues.
# Sourced by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements="${1:-requirements.txt}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum "$requirements" requirements.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi
.venv/bin/python manage.py compile_translations
