#!/usr/bin/env bash
# Every test: formatting and lints, unit and server tests (SQLite, and PostgreSQL), then the
# browser tests in Chromium. Installs and starts what is missing first.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" --tests

log "cargo fmt --check"
cargo fmt --all --check

log "clippy (server, ssr)"
cargo clippy "${SERVER_CRATES[@]}" --all-targets -- -D warnings
log "clippy (browser, hydrate)"
cargo clippy -p frontend --target wasm32-unknown-unknown --target-dir "$TARGET/front" -- -D warnings

TIENDO_TEST_DATABASE_URL="${TIENDO_TEST_DATABASE_URL:-$("$ROOT/scripts/postgres.sh")}"
export TIENDO_TEST_DATABASE_URL
# The server first: it prepares the databases the tests copy (scripts/test-databases.sh).
"$ROOT/scripts/build.sh"
TIENDO_TEST_TEMPLATES=$(mktemp -d -t tiendo-test-databases.XXXXXX)
export TIENDO_TEST_TEMPLATES
trap 'rm -rf "$TIENDO_TEST_TEMPLATES"' EXIT
"$ROOT/scripts/test-databases.sh" "$TIENDO_TEST_TEMPLATES"

log "server tests (SQLite and PostgreSQL)"
server_tests

"$ROOT/scripts/test-browser.sh"
