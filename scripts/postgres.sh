#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (installing and starting one if
# needed) and prints a URL the tests may create databases with.
source "$(dirname "$0")/lib.sh"

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "installing PostgreSQL"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
url="postgres://postgres@127.0.0.1:5432/postgres"
if ! psql "$url" -tAc 'select 1' >/dev/null 2>&1; then
  # A fresh Debian cluster trusts only the local socket: create a login for TCP.
  su postgres -c "psql -qc \"alter user postgres password 'postgres'\"" >/dev/null
  url="postgres://postgres:postgres@127.0.0.1:5432/postgres"
fi
# Databases left by interrupted test runs.
psql "$url" -tAc "select datname from pg_database where datname like 'tiendo_test_%'" |
  while read -r db; do psql "$url" -qc "drop database if exists \"$db\" with (force)"; done
echo "$url"
