#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 and print a DATABASE_URL for it.
# Uses a running server when there is one; otherwise starts the installed cluster, or installs
# Debian's postgresql package first (root only). The role "postgres" gets the password "postgres"
# only on a server this script installed; with trust auth the password is ignored.
set -euo pipefail
URL="postgres://postgres:postgres@127.0.0.1:5432/postgres"
ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; }
if ready; then echo "$URL"; exit 0; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian package) …" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  installed=1
fi
version="$(ls /etc/postgresql | sort -V | tail -n1)"
pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
if [ "${installed:-0}" = 1 ]; then
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
fi
echo "$URL"
