#!/usr/bin/env bash
# Sets up, builds and runs tiendo on the embedded SQLite database (./var/tiendo.db) with the
# demonstration data, at http://127.0.0.1:3000. Extra arguments go to the server.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
mkdir -p var
exec "$TARGET/debug/tiendo" --site-root "$SITE" --data-dir var --demo "$@"
