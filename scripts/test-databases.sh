#!/usr/bin/env bash
# Prepares the databases the tests start from, once per run, with the debug `tiendo prepare`:
# migrated with the territory loaded, and the same with the demo (its 532,139 dossiers take a
# debug build a minute to take in; copying them takes seconds). Writes the SQLite files under
# the directory given, and with TIENDO_TEST_DATABASE_URL the PostgreSQL databases
# tiendo_template_plain and tiendo_template_demo. Expects scripts/build.sh to have run.
#   scripts/test-databases.sh DIR    then: export TIENDO_TEST_TEMPLATES=DIR
source "$(dirname "$0")/lib.sh"

dir="${1:?usage: scripts/test-databases.sh DIR}"
bin="$TARGET/debug/tiendo"
rm -rf "$dir/plain" "$dir/demo"
mkdir -p "$dir/plain" "$dir/demo"

log "preparing the tests' databases (SQLite${TIENDO_TEST_DATABASE_URL:+ and PostgreSQL})"
prepare() { "$bin" --log warn "$@" prepare >/dev/null; }
# A step that fails stops the script: the preparations still running stop with it.
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
pids=()
prepare --data-dir "$dir/plain"
prepare --data-dir "$dir/demo" --demo &
pids+=($!)
if [[ -n "${TIENDO_TEST_DATABASE_URL:-}" ]]; then
  base="${TIENDO_TEST_DATABASE_URL%/*}"
  for kind in plain demo; do
    PGOPTIONS="-c client_min_messages=warning" psql "$TIENDO_TEST_DATABASE_URL" -q \
      -c "drop database if exists tiendo_template_$kind with (force)" \
      -c "create database tiendo_template_$kind"
  done
  prepare --data-dir "$dir" --database-url "$base/tiendo_template_plain"
  prepare --data-dir "$dir" --database-url "$base/tiendo_template_demo" --demo &
  pids+=($!)
fi
for pid in "${pids[@]}"; do wait "$pid"; done
log "prepared in $dir: $(du -sh "$dir/demo" | cut -f1) with the demo (SQLite)"
