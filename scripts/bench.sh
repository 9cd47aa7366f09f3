#!/usr/bin/env bash
# Run every benchmark in bench/ and print one table (figures and ratios measured in one run).
#   scripts/bench.sh                 all benchmarks
#   scripts/bench.sh geocoding       one of them
source "$(dirname "$0")/_venv.sh"
ensure_venv test
export DJANGO_SETTINGS_MODULE=cityloop.settings_test
exec .venv/bin/python bench/run.py "$@"
