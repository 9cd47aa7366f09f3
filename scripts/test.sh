#!/usr/bin/env bash
# Install the test dependencies and run the whole suite.
#   scripts/test.sh               lint, types, migration check, then pytest on SQLite
#   scripts/test.sh --postgres    pytest on PostgreSQL (starts/installs a local server if needed)
# Extra arguments go to pytest, e.g. scripts/test.sh -k geocoding
source "$(dirname "$0")/_venv.sh"
ensure_venv test
export DJANGO_SETTINGS_MODULE=cityloop.settings_test
backend=sqlite
if [ "${1:-}" = "--postgres" ]; then
  shift
  backend=postgres
  export DATABASE_URL="${CITYLOOP_TEST_DATABASE_URL:-$(bash scripts/ensure-postgres.sh)}"
else
  unset DATABASE_URL
  echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
  echo "== mypy"; .venv/bin/mypy cityloop
  echo "== migrations"; .venv/bin/python manage.py makemigrations --check --dry-run
fi
echo "== pytest on $backend"
exec .venv/bin/pytest -n "${CITYLOOP_TEST_WORKERS:-auto}" "$@"
