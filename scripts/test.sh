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
log "cargo test (SQLite and PostgreSQL)"
cargo test "${SERVER_CRATES[@]}"

"$ROOT/scripts/build.sh"
"$ROOT/scripts/test-browser.sh"
