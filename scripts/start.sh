#!/usr/bin/env bash
# Install everything and start CityLoop on the embedded default: SQLite in ./var, migrations
# applied, the demo city loaded (once), demo accounts printed, server on 127.0.0.1.
#   PORT=8000 CITYLOOP_DEMO_SEED=2026 CITYLOOP_DEMO_GRIDS=300 scripts/start.sh
source "$(dirname "$0")/_venv.sh"
ensure_venv ""
export CITYLOOP_ENV="${CITYLOOP_ENV:-demo}"
export DJANGO_SETTINGS_MODULE=cityloop.settings
mkdir -p var
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_demo --seed "${CITYLOOP_DEMO_SEED:-2026}" --grids "${CITYLOOP_DEMO_GRIDS:-300}"
PORT="${PORT:-8000}"
echo "CityLoop is running at http://127.0.0.1:${PORT}/  (Ctrl-C to stop)"
exec .venv/bin/waitress-serve --listen="127.0.0.1:${PORT}" --threads=8 cityloop.wsgi:application
